"""Ingest: format detection, local files and folders, feeds, and fetching over a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, need_shared

from upscnotes.errors import InvalidArgument
from upscnotes.ingest import (
    FetchError,
    IngestResult,
    detect_format,
    detect_language,
    fetch,
    fetch_articles,
    ingest,
    read_feed,
    read_sources,
)
from upscnotes.ingest.extract import Skip, article_from_html, article_id, html_to_text
from upscnotes.ingest.files import markdown_to_text

EXAMPLES = ROOT / "examples"
TIMEOUT = 1.0


def page(title: str, paragraphs: list[str], lang: str = "en", date: str = "2024-03-05") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:site_name" content="Test Daily"><meta property="article:published_time" content="{date}"></head>
<body><header><nav><a href="/">Home</a> <a href="/india">India</a> <a href="/world">World</a></nav></header>
<main><article><h1>{title}</h1>{body}</article></main>
<footer><p>Copyright Test Daily. All rights reserved.</p></footer></body></html>"""


MONSOON = page("Monsoon Rainfall Ends Season Eight Per Cent Above Normal", [
    ("The India Meteorological Department said on Tuesday that rainfall over the country during the four-month south-west monsoon "
    "season was eight per cent above the long period average, the highest surplus in four years."),
    ("Central and southern India received the largest excess, while parts of the north-east recorded a deficit for the third "
    "year running. Officials said reservoir levels in most western states were well above last year's figures."),
    ("The department expects the good rains to support sowing of winter crops such as wheat and mustard, and said the retreat "
    "of the monsoon from the north-western parts of the country had begun about a week later than usual."),
])
METRO = page("Cabinet Clears Third Phase of City Metro with 42 km of New Lines", [
    ("The Union Cabinet on Wednesday approved the third phase of the city metro rail project, adding 42 kilometres of track and "
    "28 stations at an estimated cost of Rs 24,000 crore to be shared by the Centre and the state."),
    ("The new corridors will link the airport with the eastern industrial suburbs and are expected to carry about eight lakh "
    "passengers a day once complete. Construction is due to finish within five years of the start of work."),
    ("Officials said the project would be financed partly through loans from multilateral banks and that land acquisition for "
    "most stations had already been completed by the state government."),
], date="2024-03-06")
WETLAND = page("Three New Wetlands Added to the Ramsar List", [
    ("Three wetlands in the southern states have been designated as sites of international importance under the Ramsar "
    "Convention, taking the number of such sites in the country past eighty, the environment ministry announced."),
    ("The new sites include a coastal lagoon that hosts migratory flamingos in winter and two inland lakes that support "
    "fishing communities. State forest departments will prepare management plans for each of them within a year."),
], date="2024-03-07")
PORT = page("Deep-Water Port Receives First Container Ship", [
    ("The first container ship berthed at the new deep-water port on the western coast on Thursday, marking the start of "
    "commercial operations at a terminal built to handle the largest vessels now in service."),
    ("Port officials said the terminal would cut transhipment costs for exporters, who currently route much of their cargo "
    "through foreign hubs, and that two more berths would open by the end of next year."),
], date="2024-03-08")
HINDI = page("मानसून की बारिश सामान्य से अधिक", [
    "भारत मौसम विज्ञान विभाग ने मंगलवार को बताया कि इस वर्ष दक्षिण-पश्चिम मानसून के चार महीनों में देश में सामान्य से आठ प्रतिशत अधिक वर्षा हुई।",
    "मध्य और दक्षिण भारत में सबसे अधिक बारिश दर्ज की गई, जबकि पूर्वोत्तर के कुछ हिस्सों में लगातार तीसरे वर्ष कम वर्षा हुई।",
    "विभाग का कहना है कि अच्छी बारिश से रबी की फसलों जैसे गेहूं और सरसों की बुवाई में मदद मिलेगी।",
], lang="hi")


def rss(items: list[str], title: str = "Test Daily Feed") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>{title}</title>
<link>http://example.invalid/</link><description>Test feed</description><language>en</language>{''.join(items)}</channel></rss>"""


def full_item(title: str, link: str, paragraphs: list[str]) -> str:
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<item><title>{title}</title><link>{link}</link><pubDate>Mon, 04 Mar 2024 10:00:00 +0530</pubDate>"
            f"<description>Short teaser.</description><content:encoded><![CDATA[{html}]]></content:encoded></item>")


def link_item(title: str, link: str) -> str:
    return f"<item><title>{title}</title><link>{link}</link><description>Read the full story.</description></item>"


class Handler(BaseHTTPRequestHandler):
    """Serves the fixture pages; every request path and User-Agent is recorded on the server."""

    server: FixtureServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.requests.append((self.path, self.headers.get("User-Agent", "")))
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        path = self.path
        try:
            if path in self.server.pages:
                self._send(self.server.pages[path].encode("utf-8"))
            elif path == "/feed-full.xml":
                self._send(rss([full_item("Monsoon ends above normal", f"{base}/item/monsoon", [MONSOON_TEXT]),
                                full_item("Metro third phase cleared", f"{base}/item/metro", [METRO_TEXT])]).encode(),
                           "application/rss+xml")
            elif path == "/feed-links.xml":
                self._send(rss([link_item("Ramsar sites", f"{base}/wetland"), link_item("Port opens", f"{base}/port"),
                                link_item("Gone", f"{base}/missing")]).encode(), "application/rss+xml")
            elif path == "/slow":
                time.sleep(TIMEOUT * 3)
                self._send(MONSOON.encode())
            elif path == "/big":
                self._send(b"<html><body><p>" + b"x" * 20_000_000 + b"</p></body></html>")
            elif path == "/big-stream":  # no Content-Length: the limit must hold while streaming
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"word " * 13_000 + b"</p>\n"
                for _ in range(20_000_000 // len(chunk) + 1):
                    self.wfile.write(chunk)
            elif path == "/report.pdf":
                self._send(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" * 50, "application/pdf")
            elif path == "/loop":
                self.send_response(302)
                self.send_header("Location", "/loop")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/moved":
                self.send_response(301)
                self.send_header("Location", "/monsoon")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (size limit, timeout)


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str]] = []
        self.pages = {"/monsoon": MONSOON, "/metro": METRO, "/wetland": WETLAND, "/port": PORT, "/hindi": HINDI}

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client closing early is expected in these tests

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


MONSOON_TEXT = html_to_text(MONSOON.split("<article>")[1].split("</article>")[0].split("</h1>")[1])
METRO_TEXT = html_to_text(METRO.split("<article>")[1].split("</article>")[0].split("</h1>")[1])


@pytest.fixture(scope="module")
def server() -> Iterator[FixtureServer]:
    srv = FixtureServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def reasons(result: IngestResult) -> dict[str, str]:
    return {s.origin: s.reason for s in result.skipped}


# -- the web ----------------------------------------------------------------------------------------------------

def test_good_pages_become_articles_and_each_bad_url_gets_one_clear_reason(server: FixtureServer) -> None:
    b = server.base
    urls = [f"{b}/monsoon", f"{b}/metro", f"{b}/missing", f"{b}/slow", f"{b}/big", f"{b}/big-stream", f"{b}/report.pdf", f"{b}/loop"]
    started = time.monotonic()
    result = fetch_articles(urls, timeout=TIMEOUT)
    assert time.monotonic() - started < 10 * TIMEOUT
    assert [a.url for a in result.articles] == [f"{b}/monsoon", f"{b}/metro"]
    monsoon = result.articles[0]
    assert monsoon.title == "Monsoon Rainfall Ends Season Eight Per Cent Above Normal"
    assert monsoon.date == "2024-03-05" and monsoon.publisher == "Test Daily" and monsoon.language == "en"
    assert monsoon.format == "html" and monsoon.origin == f"{b}/monsoon"
    assert "long period average" in monsoon.text and "All rights reserved" not in monsoon.text
    assert reasons(result) == {
        f"{b}/missing": "HTTP 404 Not Found",
        f"{b}/slow": "timed out after 1 s",
        f"{b}/big": "page larger than 5 MB",
        f"{b}/big-stream": "page larger than 5 MB",
        f"{b}/report.pdf": "not an HTML page (application/pdf)",
        f"{b}/loop": "too many redirects (more than 5)",
    }
    assert all("\n" not in s.reason for s in result.skipped)
    assert {ua for _, ua in server.requests} == {"upscnotes/0.1"}


def test_fetch_raises_with_the_url_in_the_message(server: FixtureServer) -> None:
    with pytest.raises(FetchError) as info:
        fetch(f"{server.base}/missing", timeout=TIMEOUT)
    assert str(info.value) == f"{server.base}/missing: HTTP 404 Not Found"
    assert info.value.reason == "HTTP 404 Not Found"
    page_ = fetch(f"{server.base}/moved", timeout=TIMEOUT)
    assert page_.final_url == f"{server.base}/monsoon" and page_.status == 200 and "Monsoon" in page_.text
    with pytest.raises(FetchError, match="not an http"):
        fetch("ftp://127.0.0.1/file")


def test_feed_with_full_text_needs_no_further_fetches(server: FixtureServer) -> None:
    before = len(server.requests)
    result = fetch_articles([f"{server.base}/feed-full.xml"], timeout=TIMEOUT)
    assert server.paths()[before:] == ["/feed-full.xml"]
    assert [a.title for a in result.articles] == ["Monsoon ends above normal", "Metro third phase cleared"]
    assert all(a.format == "feed" and a.date == "2024-03-04" and a.publisher == "Test Daily Feed" for a in result.articles)
    assert result.articles[0].url == f"{server.base}/item/monsoon"
    assert "long period average" in result.articles[0].text and "teaser" not in result.articles[0].text
    assert result.skipped == []


def test_feed_with_links_only_fetches_the_linked_pages(server: FixtureServer) -> None:
    result = fetch_articles([f"{server.base}/feed-links.xml"], timeout=TIMEOUT)
    assert [a.title for a in result.articles] == ["Three New Wetlands Added to the Ramsar List", "Deep-Water Port Receives First Container Ship"]
    assert reasons(result) == {f"{server.base}/missing": "HTTP 404 Not Found"}


def test_ingest_routes_paths_urls_and_local_feeds(server: FixtureServer, tmp_path: Path) -> None:
    feed = tmp_path / "saved-feed"  # no suffix: found by content
    feed.write_text(rss([link_item("Port opens", f"{server.base}/port")]), encoding="utf-8")
    result = ingest([str(EXAMPLES / "sources" / "project-tiger-50-years.txt"), f"{server.base}/metro", str(feed),
                     f"{server.base}/moved", f"{server.base}/monsoon"], timeout=TIMEOUT)
    assert [a.title for a in result.articles] == [
        "Tiger Population Rises to 3,167 as India Marks 50 Years of Project Tiger",
        "Cabinet Clears Third Phase of City Metro with 42 km of New Lines",
        "Deep-Water Port Receives First Container Ship",
        "Monsoon Rainfall Ends Season Eight Per Cent Above Normal",
    ]
    # /moved redirects to /monsoon: same text, so the second copy is reported, not returned.
    assert reasons(result) == {f"{server.base}/monsoon": f"duplicate of {server.base}/moved (same text)"}


def test_hindi_page_is_skipped_as_not_english(server: FixtureServer, tmp_path: Path) -> None:
    result = fetch_articles([f"{server.base}/hindi"], timeout=TIMEOUT)
    assert result.articles == [] and reasons(result) == {f"{server.base}/hindi": "not English (hi)"}
    local = tmp_path / "hindi.html"
    local.write_text(HINDI, encoding="utf-8")
    assert reasons(read_sources([str(local)])) == {str(local): "not English (hi)"}


# -- local files ------------------------------------------------------------------------------------------------

def test_every_example_source_becomes_one_article_and_notes_are_notes() -> None:
    result = read_sources([str(EXAMPLES)])
    assert result.skipped == []
    sources = sorted(p for p in (EXAMPLES / "sources").iterdir())
    by_origin = {a.origin or "": a for a in result.articles if a.format != "feed"}
    assert sorted(by_origin) == [str(p) for p in sources]
    for article in result.articles:
        assert article.title and article.date and article.language == "en", article.origin
        assert len(article.text.split()) > 100
        assert article.id == article_id(article.text)
    assert {a.format for a in result.articles} == {"html", "text", "markdown", "json", "feed"}
    assert sum(a.format == "feed" for a in result.articles) == 3
    assert sorted(Path(n.file or "").name for n in result.notes) == ["note-budget.html", "note-chandrayaan.html", "note-g20.html"]
    assert all(n.sections and n.key_terms for n in result.notes)
    again = read_sources([str(EXAMPLES)])
    assert [a.id for a in again.articles] == [a.id for a in result.articles]


def test_example_metadata_from_headers() -> None:
    result = read_sources([str(EXAMPLES / "sources")])
    by_name = {Path(a.origin or "").name: a for a in result.articles}
    txt = by_name["chandrayaan-3-landing.txt"]
    assert (txt.date, txt.publisher) == ("2023-08-23", "Example Science Wire")
    assert txt.text.startswith("Bengaluru, 23 August 2023:")
    md = by_name["womens-reservation-act.md"]
    assert md.title and md.title.startswith("President Gives Assent") and md.date == "2023-09-29" and md.publisher == "Example Policy Review"
    assert "**" not in md.text and "Nari Shakti Vandan Adhiniyam" in md.text
    js = by_name["electoral-bonds-verdict.json"]
    assert js.url == "https://example.org/law/supreme-court-electoral-bonds-verdict" and js.date == "2024-02-15"
    g20 = by_name["g20-new-delhi-summit.html"]
    assert g20.publisher == "Example World News" and g20.url == "https://example.org/world/g20-new-delhi-summit-declaration"


def test_duplicate_text_is_returned_once_and_a_url_with_new_text_is_a_new_version(tmp_path: Path) -> None:
    # Issue 10 changed the second half: the same URL with other text used to be dropped silently as a duplicate.
    shutil.copy(EXAMPLES / "sources" / "chandrayaan-3-landing.txt", tmp_path / "copy.txt")
    record = json.loads((EXAMPLES / "sources" / "electoral-bonds-verdict.json").read_text(encoding="utf-8"))
    (tmp_path / "same-url.json").write_text(json.dumps({**record, "text": record["text"] + " An extra closing line."}), encoding="utf-8")
    result = read_sources([str(EXAMPLES / "sources"), str(tmp_path)])
    assert len(result.articles) == 9
    assert reasons(result) == {
        str(tmp_path / "copy.txt"): f"duplicate of {EXAMPLES / 'sources' / 'chandrayaan-3-landing.txt'} (same text)",
    }
    kept = next(a for a in result.articles if a.url == record["url"])
    assert kept.origin == str(tmp_path / "same-url.json") and kept.text.endswith("An extra closing line.")
    assert [(v.origin, v.reason) for v in result.versions] == [
        (str(tmp_path / "same-url.json"),
         f"new version of {record['url']} (replaces the text read from {EXAMPLES / 'sources' / 'electoral-bonds-verdict.json'})")]


def test_json_list_and_jsonl_with_bad_records(tmp_path: Path) -> None:
    text = " ".join(["The committee met on Monday and agreed on a plan for the coming year."] * 5)
    items = [{"headline": "One", "content": text, "published": "Tue, 05 Mar 2024 08:00:00 GMT", "source": {"name": "Wire"}},
             {"title": "No text"}, "not an object",
             {"title": "Two", "body": "<p>" + text.replace("Monday", "Friday") + "</p>", "date": "6 March 2024"}]
    (tmp_path / "list.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "lines.jsonl").write_text(json.dumps({"title": "Three", "text": text.replace("Monday", "Sunday")}) + "\n{broken\n",
                                          encoding="utf-8")
    result = read_sources([str(tmp_path)])
    assert [(a.title, a.date, a.publisher) for a in result.articles] == [
        ("Three", None, None), ("One", "2024-03-05", "Wire"), ("Two", "2024-03-06", None)]
    assert "<p>" not in result.articles[2].text
    lst, lines = tmp_path / "list.json", tmp_path / "lines.jsonl"
    assert reasons(result) == {
        f"{lines} line 2": "not valid JSON (Expecting property name enclosed in double quotes)",
        f"{lst} item 2": "no text (expected a text, content or body field)",
        f"{lst} item 3": "not a JSON object",
    }


def test_unusable_files_are_skipped_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (tmp_path / "nav.html").write_text("<html><body><nav><a href='/'>Home</a></nav><p>Subscribe now.</p></body></html>", encoding="utf-8")
    (tmp_path / "big.txt").write_text("word " * 300, encoding="utf-8")
    result = read_sources([str(tmp_path), str(tmp_path / "absent.txt")], max_bytes=1000)
    got = reasons(result)
    assert result.articles == []
    assert got[str(tmp_path / "empty.txt")] == "no article text"
    assert got[str(tmp_path / "image.png")].startswith("binary file")
    assert got[str(tmp_path / "nav.html")].startswith("no article")
    assert got[str(tmp_path / "big.txt")].startswith("file too large")
    assert got[str(tmp_path / "absent.txt")] == "no such file"


def test_format_override(tmp_path: Path) -> None:
    src = tmp_path / "story.html"
    src.write_text("<p>" + "The panel will report by June. " * 10 + "</p>", encoding="utf-8")
    assert read_sources([str(src)], fmt="text").articles[0].text.startswith("<p>")
    with pytest.raises(InvalidArgument):
        read_sources([str(src)], fmt="pdf")


# -- detection and helpers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("chandrayaan-3-landing.txt", "text"), ("womens-reservation-act.md", "markdown"), ("electoral-bonds-verdict.json", "json"),
    ("g20-new-delhi-summit.html", "html"), ("union-budget-2025-26.html", "html"),
])
def test_detect_format_of_examples(name: str, expected: str) -> None:
    assert detect_format((EXAMPLES / "sources" / name).read_text(encoding="utf-8"), name) == expected


def test_detect_format_by_content_not_name() -> None:
    assert detect_format((EXAMPLES / "feed.xml").read_text(encoding="utf-8"), "feed.html") == "feed"
    for note in (EXAMPLES / "notes").iterdir():
        assert detect_format(note.read_text(encoding="utf-8"), "x.txt") == "note"
    atom = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'
    assert detect_format(atom, "a.txt") == "feed"
    assert detect_format('{"title": "a", "text": "b"}\n{"title": "c", "text": "d"}\n', "a.json") == "jsonl"
    assert detect_format('[{"title": "t", "sections": []}]', "a.json") == "note"
    assert detect_format("<div><p>Hello</p></div>", "a.txt") == "html"
    assert detect_format("Just a line of text.\nAnother.", "a.html") == "text"
    assert detect_format("", "a") == "text"


def test_detect_language() -> None:
    assert detect_language(MONSOON_TEXT) == "en"
    assert detect_language(html_to_text(HINDI)) == "hi"
    assert detect_language(html_to_text(HINDI), declared="mr") == "mr"  # same script: the declaration decides
    german = "Die Regierung hat am Montag beschlossen, dass die neuen Regeln für alle Unternehmen im Land gelten werden und nicht nur für die großen."
    assert detect_language(german) == "de"
    assert detect_language("Too short", declared="en-IN") == "en"


def test_read_feed_is_offline_and_keeps_links() -> None:
    feed = read_feed(rss([full_item("A", "https://x.invalid/a", [MONSOON_TEXT]), link_item("B", "https://x.invalid/b"),
                          "<item><title>C</title></item>"]), "feed.xml")
    assert [a.title for a in feed.articles] == ["A"] and feed.links == ["https://x.invalid/b"]
    assert [(s.origin, s.reason) for s in feed.skipped] == [("feed.xml item 3", "feed item has no text and no link")]
    with pytest.raises(Skip, match="feed has no items"):
        read_feed(rss([]), "empty.xml")


def test_markdown_to_text() -> None:
    md = "## Heading\n\nSome **bold**, *em* and [a link](https://x.invalid) with `code`.\n\n- item one\n- item two\n\n---\n> quoted"
    assert markdown_to_text(md) == "Heading\n\nSome bold, em and a link with code.\n\nitem one\n\nitem two\n\nquoted"


# -- real pages -------------------------------------------------------------------------------------------------

def test_no_page_of_the_extraction_test_set_crashes() -> None:
    folder = need_shared("testdata", "extraction")
    pages = sorted(folder.rglob("*.html"))
    assert pages, f"no HTML pages under {folder}"
    extracted = 0
    for path in pages:
        try:
            article = article_from_html(path.read_text(encoding="utf-8", errors="replace"), origin=str(path))
        except Skip as exc:
            assert exc.reason and "\n" not in exc.reason, path
            continue
        extracted += 1
        assert article.text.strip() and article.language == "en", path
    assert extracted >= 20  # the English pages of the set (most of scrapinghub/)
