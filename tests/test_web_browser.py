"""The query page, driven in a real headless Chromium (Debian's chromium + chromedriver)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, LiveServer, headless_chromium, make_settings


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with headless_chromium() as driver:
        yield driver


def _wait(driver: Any, condition: Any, seconds: float = 20) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


def test_query_page_runs_an_example_and_offers_downloads(live: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(live.url + "/")
    assert "SPARQL" in browser.title
    Select(browser.find_element(By.ID, "examples")).select_by_visible_text("quotes")
    assert "schema:Quotation" in browser.find_element(By.ID, "query").get_attribute("value")
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "rows in" in d.find_element(By.ID, "status").text)
    rows = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    assert len(rows) >= 10 and "speaker" in headers
    status = browser.find_element(By.ID, "status").text
    assert status.startswith(f"{len(rows)} rows")
    links = {
        a.text: a.get_attribute("href")
        for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")
    }
    assert set(links) == {"JSON", "XML", "CSV", "TSV"}
    assert "format=csv" in links["CSV"]


def test_query_page_shows_errors_and_graph_results(live: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(live.url + "/")
    area = browser.find_element(By.ID, "query")
    area.clear()
    area.send_keys("SELECT * WHERE { ?s ?p }")
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "400" in d.find_element(By.ID, "status").text)
    assert "syntax" in browser.find_element(By.ID, "status").text.lower()
    area.clear()
    area.send_keys("CONSTRUCT WHERE { ?s a <https://schema.org/Person> } LIMIT 3")
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "Graph result" in d.find_element(By.ID, "status").text)
    assert "a schema:Person" in browser.find_element(By.CSS_SELECTOR, "#results pre").text
    links = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#downloads a")]
    assert "Turtle" in links and "JSON-LD" in links


# ------------------------------------------------------- pages a journalist reads, screenshots
OUTPUT = ROOT / "tests" / "output"  # git-ignored; README's docs/person-page.png is one of these

# A made-up article (no third-party text), whose pages are the ones shown in the README.
HARBOUR = """Harbour council delays the ferry vote after a late budget report

The Riverside council postponed its vote on the new harbour ferry on Tuesday, after a budget \
report arrived two hours before the meeting.

"We cannot vote on numbers nobody has read," said Mayor Elena Vargas. "The ferry matters too \
much to rush it."

Vargas said she expected the council to vote next month. Her office said the mayor would \
publish the full report on Friday.

Council member Tom Okafor said the delay would cost the city another season of crowded buses.

A spokesperson for the Harbour Ferry Company said in a statement to the Gazette that "the \
company remains ready to start service in the spring."

The budget report was sent late because two departments disagreed over fuel costs, according \
to a city official who spoke on condition of anonymity because the talks were private.

The Coastal Times reported that the ferry operator had asked for a larger subsidy.

"I have been asking for this ferry for six years," Okafor said. "Another month will not kill it."

Vargas's office did not respond to a request for comment on the subsidy.
"""
HARBOUR_META = {"publisher": "The Harbour Gazette", "authors": ["Dana Reyes"],
                "datePublished": "2026-03-14", "language": "en"}


@pytest.fixture(scope="module")
def harbour(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from kg.pipeline import build
    from kg.web.app import create_app

    src = tmp_path_factory.mktemp("harbour-in")
    (src / "harbour-ferry.txt").write_text(HARBOUR, encoding="utf-8")
    (src / "harbour-ferry.meta.json").write_text(json.dumps(HARBOUR_META), encoding="utf-8")
    settings = make_settings(tmp_path_factory.mktemp("harbour") / "out", inputs=[src],
                             max_concurrent_queries=1, reload_interval=0)
    build(settings)
    with LiveServer(create_app(settings)) as server:
        yield server


def _screenshot(driver: Any, name: str, width: int = 1100, max_height: int = 4000) -> Path:
    """The page as far down as it goes (up to max_height pixels), saved in tests/output/."""
    OUTPUT.mkdir(exist_ok=True)
    driver.set_window_size(width, 800)
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(width, min(height + 140, max_height))  # + the window's own chrome
    path = OUTPUT / name
    driver.save_screenshot(str(path))
    return path


def test_person_page_in_the_browser(harbour: LiveServer, live: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(harbour.url + "/entity/elena-vargas")
    assert browser.title.startswith("Elena Vargas")
    assert not browser.find_elements(By.TAG_NAME, "script")  # nothing needs JavaScript
    heads = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert {"Quotes (1)", "Statements attributed to them (1)", "Who spoke for them"} <= set(heads)
    raw = browser.find_element(By.CSS_SELECTOR, "details.raw")
    assert raw.get_attribute("open") is None  # folded away
    assert _screenshot(browser, "person-page.png", 1000, 1300).stat().st_size > 10_000
    browser.find_element(By.LINK_TEXT, "→ quote").click()
    _wait(browser, lambda d: "/quote-" in d.current_url)
    assert "Source chain" in browser.find_element(By.TAG_NAME, "body").text
    browser.get(live.url + "/entity/ilhan-omar")
    assert browser.find_elements(By.CSS_SELECTOR, ".stm.quote")
    _screenshot(browser, "seed-person-page.png")


def test_article_page_in_the_browser(harbour: LiveServer, live: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(harbour.url + "/article/harbour-ferry")
    assert not browser.find_elements(By.TAG_NAME, "script")
    tags = browser.find_elements(By.CSS_SELECTOR, "#text a.tag")
    assert {t.text for t in tags} >= {"Q1", "Q2", "C1", "C2"}
    quote = browser.find_element(By.CSS_SELECTOR, "#text mark.quote")
    assert quote.text.startswith("We cannot vote") and quote.size["width"] > 0
    picture = browser.find_element(By.CSS_SELECTOR, "figure svg")
    assert picture.size["width"] > 300 and picture.size["height"] > 50
    kinds = [h.text for h in browser.find_elements(By.TAG_NAME, "h3")]
    assert any(k.startswith("Anonymous sources") for k in kinds)
    assert any(k.startswith("Spokespersons") for k in kinds)
    _screenshot(browser, "article-page.png")
    next(t for t in tags if t.text == "Q1").click()
    _wait(browser, lambda d: "/quote-" in d.current_url)
    browser.get(live.url + "/article/002_791a137686af43e7")
    assert browser.find_elements(By.CSS_SELECTOR, "#text mark.claim")
    _screenshot(browser, "seed-article-page.png")


def test_query_page_results_are_readable(live: Any, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.set_window_size(1280, 1000)
    browser.get(live.url + "/")
    Select(browser.find_element(By.ID, "examples")).select_by_visible_text("quotes")
    browser.find_element(By.ID, "run").click()
    _wait(browser, lambda d: "rows in" in d.find_element(By.ID, "status").text)
    heads = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#results thead th")]
    row = browser.find_elements(By.CSS_SELECTOR, "#results tbody tr")[0]
    cells = dict(zip(heads, row.find_elements(By.TAG_NAME, "td"), strict=True))
    link = cells["quotation"].find_element(By.TAG_NAME, "a")
    base = live.settings.base_iri
    assert link.text.startswith("article/") and link.get_attribute("title").startswith(base)
    assert link.get_attribute("href") == live.url + "/" + link.text  # the IRI's page here
    assert cells["sourcing"].text.startswith("nkg:")  # a prefixed name, not the whole IRI
    # neither the quote nor a short value is squeezed to a few letters a line
    assert cells["quote"].size["width"] >= 250 and cells["id"].size["width"] >= 100
    _screenshot(browser, "query-page.png", 1280, 1600)
    link.click()
    _wait(browser, lambda d: "/quote-" in d.current_url)
    assert "Source chain" in browser.find_element(By.TAG_NAME, "body").text
