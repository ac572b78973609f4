"""The query page, driven in a real headless Chromium (Debian's chromium + chromedriver)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from tests.conftest import require_tool


@pytest.fixture(scope="module")
def browser() -> Any:
    driver_path = require_tool("chromedriver")
    binary = (
        shutil.which("chromium") or shutil.which("chromium-browser") or require_tool("chromium")
    )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-extensions", "--no-first-run"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(driver_path), options=opts)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


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
