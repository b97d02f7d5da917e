"""Publishing: the static site (with its Pagefind search index) written from the project database."""

from upscnotes.publish.site import PublishReport, publish, publish_site

__all__ = ["PublishReport", "publish", "publish_site"]
