"""One named exception per failure. The CLI turns each into a one-line message and exit code 2."""

from __future__ import annotations


class UpscnotesError(Exception):
    """Base class: something the user can fix; the message is one line naming the file and the problem."""


class UnreadableInput(UpscnotesError):
    """A file could not be read as text (missing, binary, too large, undecodable)."""


class InputTooLarge(UnreadableInput):
    """A file is larger than the configured limit."""


class BinaryInput(UnreadableInput):
    """A file holds binary data, not text."""


class UnknownFormat(UpscnotesError):
    """The content of an input matches none of the formats this command reads."""


class DatabaseError(UpscnotesError):
    """The project database could not be opened, migrated or written."""


class TermNotFound(UpscnotesError):
    """A glossary command named a term the glossary does not hold."""


class InvalidArgument(UpscnotesError):
    """An argument or option value is out of range or malformed."""


class SearchIndexError(UpscnotesError):
    """Pagefind could not build the site's search index."""
class NotFound(UpscnotesError):
    """A story, article or conflict id that does not exist."""
