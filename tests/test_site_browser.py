"""The site in a real browser (Debian's Chromium through the playwright package): tooltips by hover, keyboard and
tap, Escape, no-JavaScript and print fallbacks, search through ``upscnotes serve``, no console errors from
``file://``, axe-core, and the XSS corpus made inert. A failing test leaves a screenshot in out/test-screenshots/.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

playwright_sync = pytest.importorskip("playwright.sync_api", reason="the browser tests need the playwright package (make test)")
from playwright.sync_api import Browser, Page, expect  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "out" / "test-screenshots"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: make test installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: run make test (it installs Debian's chromium)")
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _page(browser: Browser, request: pytest.FixtureRequest, **context: Any) -> Iterator[Page]:
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    yield page
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / (re.sub(r"\W+", "_", request.node.name) + ".png")), full_page=True)
    ctx.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, request, viewport={"width": 1100, "height": 900})


@pytest.fixture
def phone(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    yield from _page(browser, request, viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True)


@pytest.fixture(scope="module")
def server(demo_site: Path) -> Iterator[str]:
    proc = subprocess.Popen([sys.executable, "-m", "upscnotes", "serve", str(demo_site), "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", line)
    assert match, line + (proc.stderr.read() if proc.stderr else "")
    yield match.group(0)
    proc.terminate()
    proc.wait(timeout=10)


def story(site: Path, word: str = "aditya") -> str:
    return next(p for p in sorted((site / "stories").glob("*.html")) if word in p.name).as_uri()


def test_tooltip_opens_on_hover_and_escape_closes_it(page: Page, demo_site: Path) -> None:
    page.goto(story(demo_site))
    term = page.locator(".key-term").first
    tip = page.locator("#" + (term.get_attribute("aria-describedby") or "missing"))
    expect(tip).to_be_hidden()
    term.hover()
    expect(tip).to_be_visible()
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_tooltip_opens_by_keyboard(page: Page, demo_site: Path) -> None:
    page.goto(story(demo_site))
    first = page.locator(".key-term").first
    tip = page.locator("#" + (first.get_attribute("aria-describedby") or "missing"))
    for _ in range(60):  # Tab through the page until the first key term has the focus
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first key term")
    expect(tip).to_be_visible()
    assert tip.get_attribute("role") == "tooltip"
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()


def test_tooltip_opens_on_tap_inside_a_360px_screen(phone: Page, demo_site: Path) -> None:
    phone.goto(story(demo_site))
    for term in phone.locator(".key-term").all()[:6]:
        tip = phone.locator("#" + (term.get_attribute("aria-describedby") or "missing"))
        term.scroll_into_view_if_needed()
        term.tap()
        expect(tip).to_be_visible()
        box = tip.bounding_box()
        assert box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740, box
    phone.keyboard.press("Escape")
    expect(phone.locator(".key-term.open")).to_have_count(0)


def test_the_definition_is_dom_text_at_its_first_occurrence(page: Page, demo_site: Path) -> None:
    page.goto(story(demo_site))
    result = page.evaluate("""() => {
      const out = [];
      const text = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) text.push(walker.currentNode);
      for (const term of document.querySelectorAll('.key-term')) {
        const tip = document.getElementById(term.getAttribute('aria-describedby'));
        const def = tip.textContent;
        const first = text.find(n => n.textContent.includes(def));
        out.push([def, !!first && !!first.parentElement.closest('.tip'), getComputedStyle(tip, '::before').content]);
      }
      return out;
    }""")
    assert result
    for definition, first_in_tip, before in result:
        assert definition.strip() and first_in_tip, definition
        assert before in ("none", "normal"), before


def test_definitions_without_javascript_and_in_print(browser: Browser, request: pytest.FixtureRequest, demo_site: Path) -> None:
    for pg in _page(browser, request, java_script_enabled=False):
        pg.goto(story(demo_site))
        term = pg.locator(".key-term").first
        tip = pg.locator("#" + (term.get_attribute("aria-describedby") or "missing"))
        term.focus()
        expect(tip).to_be_visible()
        expect(pg.locator(".footnotes li").first).to_be_visible()
        pg.emulate_media(media="print")
        expect(tip).to_be_hidden()
        expect(pg.locator(".fn").first).to_be_visible()
        expect(pg.locator(".footnotes li")).to_have_count(pg.locator(".footnotes li").count())


def test_no_console_errors_from_file_urls(page: Page, demo_site: Path) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    urls = [p.as_uri() for p in sorted((demo_site / "stories").glob("*.html"))]
    urls += [(demo_site / rel).as_uri() for rel in ("index.html", "archive.html", "about.html", "glossary/index.html")]
    assert len(urls) >= 12
    for url in urls:
        page.goto(url)
        if "/stories/" in url:
            assert page.locator(".key-term").count() > 0, url
            page.locator(".key-term").first.hover()
    assert errors == []


def test_search_finds_a_term_and_a_figure_and_filters_by_paper(page: Page, server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "search.html?q=Indian+Space+Research+Organisation")
    expect(page.locator("#status")).to_contain_text(re.compile(r"\d+ results?"), timeout=15000)
    expect(page.locator("#results li", has_text="Glossary").filter(has=page.locator("a", has_text="Indian Space Research Organisation"))
           ).not_to_have_count(0)
    page.goto(server + "search.html?q=127")
    expect(page.locator("#status")).to_contain_text(re.compile(r"\d+ results?"), timeout=15000)
    expect(page.locator("#results li a", has_text="Completing 127-Day Journey")).to_have_count(1)
    page.goto(server + "search.html?q=halo&gs=GS3")
    expect(page.locator("#status")).to_contain_text(re.compile(r"\d+ results?"), timeout=15000)
    page.goto(server + "search.html?q=halo&gs=GS4")
    expect(page.locator("#status")).to_have_text("No results.", timeout=15000)
    page.goto(server + "search.html")
    page.fill("#q", "ISRO")
    page.select_option("#gs", "GS3")
    page.click("button[type=submit]")
    expect(page.locator("#status")).to_contain_text(re.compile(r"\d+ results?"), timeout=15000)
    assert errors == []


def test_axe_finds_no_serious_violation(page: Page, demo_site: Path, server: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    for url in (server + "index.html", server + "stories/" + story(demo_site).rsplit("/", 1)[1], server + "glossary/index.html",
                server + "search.html?q=ISRO"):
        page.goto(url)
        if "search" in url:
            expect(page.locator("#status")).to_contain_text(re.compile(r"\d+ results?"), timeout=15000)
        results = axe.run(page)
        bad = [(v["id"], v["impact"]) for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], (url, bad)
