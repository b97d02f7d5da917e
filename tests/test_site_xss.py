"""XSS acceptance (issue 13): every payload of ../shared/testdata/xss/combined_licensed_payloads.json in an
article's title, body and URL and in a glossary definition, built in one batch; each reaches a page and is inert.
The browser runs with the CSP bypassed, so what is tested is the escaping and sanitising, not only the CSP."""

from __future__ import annotations

import json
import os
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED, run_cli
from lxml import html as lxml_html

FILLER = ("The ministry said the scheme would be reviewed by a committee of officials before the next session of "
          "parliament, and that states would be consulted on the budget, the timeline and the rules for the pilot "
          "districts. Officials added that the review would cover the data collected so far, the complaints received "
          "from citizens and the cost of extending the programme to every block. ")


def _payloads() -> list[str]:
    path = SHARED / "testdata" / "xss" / "combined_licensed_payloads.json"
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing")
        pytest.skip(f"{path} is absent: ../shared (beside the checkout) holds the XSS corpus")
    return [item["payload"] for item in json.loads(path.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    payloads = _payloads()
    assert len(payloads) == 696
    tmp = tmp_path_factory.mktemp("xss")
    with (tmp / "articles.jsonl").open("w", encoding="utf-8") as f:
        for i, p in enumerate(payloads):
            text = (f"Xsscase{i:04d} opened when Zq{i:04d}term was announced. " + FILLER + " " + p + " " + FILLER)
            assert len(text.split()) >= 100
            # four days apart: outside each other's story window (72 h), so clustering keeps every case its own story
            day = (date(2019, 1, 1) + timedelta(days=4 * i)).isoformat()
            f.write(json.dumps({"title": f"Xsscase{i:04d} {p}", "text": text, "url": p + f"#c{i}", "date": day,
                                "publisher": "Payload Desk"}) + "\n")
    terms = [{"head": f"Zq{i:04d}term", "canonical": p + " (GS2: Polity)"} for i, p in enumerate(payloads)]
    (tmp / "glossary.json").write_text(json.dumps({"terms": terms}), encoding="utf-8")
    site = tmp / "site"
    db = str(tmp / "x.db")
    env = {"UPSCNOTES_EMBEDDER": "hashing"}
    proc = run_cli("glossary", "import", str(tmp / "glossary.json"), "--db", db, "--no-starter", env=env)
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("build", str(tmp / "articles.jsonl"), "--format", "jsonl", "--out", str(site), "--db", db, "--no-starter", env=env,
                   timeout=900)
    assert proc.returncode in (0, 1), proc.stderr
    return site, payloads


def _pages(site: Path) -> list[Path]:
    return [p for p in site.rglob("*.html") if "notes" not in p.relative_to(site).parts]


def test_every_payload_reaches_a_page_and_no_markup_survives(xss_site: tuple[Path, list[str]]) -> None:
    site, payloads = xss_site
    story_text = "\n".join(p.read_text(encoding="utf-8") for p in (site / "stories").glob("*.html"))
    glossary_text = "\n".join(p.read_text(encoding="utf-8") for p in (site / "glossary").glob("zq*.html"))
    for i in range(len(payloads)):
        assert f"Xsscase{i:04d}" in story_text, f"case {i} reached no story page"
        assert f"Zq{i:04d}term" in glossary_text, f"case {i} reached no glossary page"
    for page in _pages(site):
        doc = lxml_html.fromstring(page.read_bytes())
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            assert el.tag not in ("iframe", "object", "embed", "base", "form", "frame", "svg", "math", "img", "style") or \
                (el.tag == "form" and page.name == "search.html"), (page, el.tag)
            if el.tag == "script":
                assert (el.get("src") or "").endswith(("static/site.js", "static/search.js")) and not (el.text or "").strip(), page
            for name, value in el.attrib.items():
                assert not name.lower().startswith("on"), (page, name)
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    assert not re.match(r"\s*(javascript|vbscript|data):", value, re.I) or value == "data:,", (page, value)


def test_payloads_stay_inert_in_the_browser(xss_site: tuple[Path, list[str]]) -> None:
    import asyncio

    from playwright.async_api import async_playwright
    from test_site_browser import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: make test installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: run make test")
    site, payloads = xss_site
    urls = [p.as_uri() for p in sorted((site / "stories").glob("*.html")) + sorted((site / "glossary").glob("zq*.html"))]
    assert len(urls) >= 2 * len(payloads)
    dialogs: list[str] = []
    external: list[str] = []
    executions: list[int] = []

    async def run() -> None:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            ctx = await browser.new_context(bypass_csp=True)
            await ctx.add_init_script("""(() => { window.__xss = 0; for (const f of ['alert', 'confirm', 'prompt', 'print'])
                window[f] = () => { window.__xss++; }; })()""")

            async def block(route: Any) -> None:
                external.append(route.request.url)
                await route.abort()

            await ctx.route(re.compile(r"^(?!file:|data:|about:).*"), block)

            async def worker(share: list[str]) -> None:
                page = await ctx.new_page()
                page.on("dialog", lambda d: (dialogs.append(d.message), asyncio.ensure_future(d.dismiss())))
                for url in share:
                    await page.goto(url, wait_until="load")
                    executions.append(await page.evaluate("window.__xss"))
                await page.close()

            await asyncio.gather(*(worker(urls[k::4]) for k in range(4)))
            await browser.close()

    asyncio.run(run())
    assert len(executions) == len(urls)
    assert sum(executions) == 0 and dialogs == [] and external == []


def test_benign_markup_keeps_its_text(xss_site: tuple[Path, list[str]]) -> None:
    site, payloads = xss_site
    cases = json.loads((SHARED / "testdata" / "xss" / "dompurify_expect.json").read_text(encoding="utf-8"))
    keep = [c["payload"] for c in cases if c["expected"] == c["payload"] and c["payload"].strip()]
    assert keep
    checked = 0
    for payload in keep:
        if payload not in payloads:
            continue
        i = payloads.index(payload)
        page = next((site / "glossary").glob(f"zq{i:04d}term*.html"))
        shown = " ".join(lxml_html.fromstring(page.read_bytes()).xpath("string(//p[@class='definition'])").split())
        text = " ".join(lxml_html.fromstring(f"<div>{payload}</div>").text_content().split())
        assert text in shown, (payload, shown)
        checked += 1
    assert checked >= len(keep) // 2
