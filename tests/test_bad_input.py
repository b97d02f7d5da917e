"""Bad input: a one-line message naming the file, exit 2, never a traceback; never unsafe markup in output."""

from __future__ import annotations

import json

import pytest
from conftest import need_shared, run_cli
from lxml import html as lxml_html

from upscnotes.notes.parse import parse_note
from upscnotes.notes.render import render_html

NOTE = ('<h3>Overview</h3><p>On 20 May 2026 the \u201cministers\u201d met \u2014 <span class="key-term" '
        'data-definition="Memorandum of Understanding (MoU) \u2014 Formal agreement (GS2: International Relations)">MoUs</span>.</p>')


def assert_one_line_error(proc, path, words):
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and words in err[0], err


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    assert_one_line_error(run_cli("parse", str(f)), f, "empty file")


def test_missing_file(tmp_path):
    assert_one_line_error(run_cli("check", str(tmp_path / "nope.html")), tmp_path / "nope.html", "no such file")


def test_binary_file(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    assert_one_line_error(run_cli("parse", str(f)), f, "binary")


def test_cp1252_text_is_read_with_a_warning(tmp_path):
    f = tmp_path / "legacy.html"
    f.write_bytes(NOTE.encode("cp1252"))
    proc = run_cli("parse", str(f), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)[0]
    assert "\u201cministers\u201d" in data["sections"][0]["text"]
    assert any(w["code"] == "encoding" for w in data["warnings"])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_bom_texts(tmp_path, encoding):
    f = tmp_path / "bom.html"
    data = NOTE.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    f.write_bytes(data)
    proc = run_cli("parse", str(f), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["key_terms"][0]["head"] == "Memorandum of Understanding"


def test_50_mb_file_is_refused_with_the_limit(tmp_path):
    f = tmp_path / "huge.html"
    with f.open("wb") as fh:
        chunk = (NOTE + "\n").encode() * 1000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
    assert_one_line_error(run_cli("parse", str(f)), f, "too large")


@pytest.mark.parametrize("tag", ["div", "span", "strong", "ul", "blockquote"])
def test_ten_thousand_nested_tags_read_completely(tag):
    src = "<h3>Overview</h3>" + f"<{tag}>" * 10_000 + "deep text" + f"</{tag}>" * 10_000 + "<p>after</p>"
    note = parse_note(src)
    assert "deep text" in note.sections[0].text and "after" in note.sections[0].text
    out = render_html(note)
    assert "deep text" in out and "after" in out


def test_definition_holding_markup_is_escaped():
    src = ('<h3>Overview</h3><p><span class="key-term" data-definition="X &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; \u2014 '
           '&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt; (GS2: Polity)">X</span></p>')
    out = render_html(parse_note(src))
    doc = lxml_html.fragment_fromstring(out)
    assert not doc.xpath("//script") and not doc.xpath("//b")
    assert "<script" not in out
    span = doc.xpath('//span[@class="key-term"]')[0]
    assert '"><script>alert(1)</script>' in span.get("data-definition")


def test_xss_payloads_never_render_active_markup():
    payloads = json.loads(need_shared("testdata", "xss", "owasp_payloads.json").read_text(encoding="utf-8"))
    items = payloads if isinstance(payloads, list) else [p for v in payloads.values() for p in (v if isinstance(v, list) else [v])]
    strings = [p if isinstance(p, str) else p.get("payload", "") for p in items]
    assert len(strings) > 50
    for payload in strings:
        esc = payload.replace("&", "&amp;").replace('"', "&quot;")
        src = f'<h3>Overview</h3><p>{payload}</p><p><span class="key-term" data-definition="{esc} \u2014 d (GS2: Polity)">t</span></p>'
        out = render_html(parse_note(src))
        doc = lxml_html.fragment_fromstring(out)
        assert not doc.xpath("//script|//iframe|//object|//embed|//style|//svg|//img|//form"), payload
        for el in doc.iter():
            for name, value in el.attrib.items():
                assert not name.startswith("on"), payload
                if name == "href":
                    assert value.startswith(("http://", "https://", "mailto:")), payload


def test_bad_flag_is_one_line(tmp_path):
    # A real note, so that only the flag can be what is wrong (a missing file would give exit 2 on its own).
    f = tmp_path / "note.html"
    f.write_text(NOTE, encoding="utf-8")
    assert run_cli("render", str(f)).returncode == 0
    proc = run_cli("render", "--format", "pdf", str(f))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = proc.stderr.strip().splitlines()
    assert "pdf" in line and "html, json or md" in line and proc.stdout == ""
