"""index.html in a real headless Chromium (Debian's chromium + chromium-driver, via
selenium with /usr/bin/chromedriver: no browser download).

Checks what only a browser can: the page works offline from file://, its
filters hide rows and columns, and strings from runs that contain markup are
shown as text and never run as script, including '</script>' inside the
page's embedded JSON.
"""
import os
import shutil
from pathlib import Path

import pytest

from harness import outcomes
from harness.report import build, synthetic

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
pytestmark = pytest.mark.skipif(not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)),
                                reason="chromium / chromium-driver not installed "
                                       "(apt-get install -y chromium chromium-driver)")

RUN = "20250101T000000Z-aaaaaa"
XSS_MESSAGE = "<script>window.__pwned=1;alert(1)</script><img src=x onerror=\"window.__pwned=2\">"
XSS_JSON = "</script><script>window.__pwned=3;alert(3)</script><!--"
ENVS = (("tf2.15-keras2-py3.11-cpu", "2.15.1", "tf.keras", "2.15.0"),
        ("tf2.16-tfkeras-py3.12-cpu", "2.16.2", "tf_keras", "2.16.0"),
        ("tf2.16-keras3-py3.12-cpu", "2.16.2", "keras3", "3.5.0"))
SEED = {"kind": "seed", "doc": "001_9f54f8740deed471.txt", "title": "seed one", "example": 1}
KNOWN = {"kind": "known", "refs": ["https://github.com/keras-team/keras/issues/1"]}


def _report(tmp_path):
    def outcome(case_id, flavour):
        if case_id == "seed001_x::hist":
            return outcomes.KERAS_HISTORY_ERROR if flavour == "keras3" else outcomes.OK
        if case_id == "known_y::xss":
            return outcomes.ERROR
        return outcomes.OK

    for env_id, tf, flavour, keras in ENVS:
        recs = []
        for case_id, source in (("seed001_x::hist", SEED), ("seed001_x::ok", SEED), ("known_y::xss", KNOWN)):
            extra = {}
            if case_id == "known_y::xss":
                extra = {"error_type": "ValueError", "error_message": XSS_MESSAGE + XSS_JSON,
                         "traceback": "Traceback:\n" + XSS_JSON, "title": XSS_MESSAGE}
            recs.append(synthetic.case_record(env_id, RUN, case_id, outcome(case_id, flavour), source=source,
                                              **extra))
        synthetic.write_env(tmp_path / "results" / env_id,
                            synthetic.env_json(env_id, tf, flavour, keras, "3.11.9"), recs)
    build.build([tmp_path / "results"], tmp_path / "reports")
    return tmp_path / "reports" / "index.html"


@pytest.fixture
def browser(tmp_path):
    os.environ.setdefault("SE_OFFLINE", "true")   # selenium-manager must never try the network
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = os.path.realpath(CHROMIUM) if os.path.basename(CHROMIUM) != "chromium" \
        else CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
                "--window-size=1400,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _visible_rows(driver):
    from selenium.webdriver.common.by import By
    return [tr.get_attribute("data-case") for tr in driver.find_elements(By.CSS_SELECTOR, "tbody tr.case")
            if tr.is_displayed()]


def test_page_loads_offline_filters_work_and_run_text_never_executes(tmp_path, browser):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    page = _report(tmp_path)
    browser.get(page.as_uri())
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return document.body.dataset.ready"))

    # offline: nothing was fetched besides the page itself
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    # no injected script ran: no alert, no flag
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    assert browser.execute_script("return window.__pwned === undefined")

    envs = [th.get_attribute("data-env") for th in browser.find_elements(By.CSS_SELECTOR, "thead th.env")]
    assert envs == [e[0] for e in ENVS]
    assert _visible_rows(browser) == ["seed001_x::hist", "seed001_x::ok", "known_y::xss"]
    assert len(browser.find_elements(By.CSS_SELECTOR, "tbody tr.case td.cell")) == 9
    assert browser.find_element(By.ID, "shown").text == "3 of 3 cases shown"

    # outcome filter hides the rows without such a cell (and the group header left empty)
    Select(browser.find_element(By.ID, "f-outcome")).select_by_value("keras_history_error")
    assert _visible_rows(browser) == ["seed001_x::hist"]
    known_header = browser.find_element(By.CSS_SELECTOR, 'tr.grp[data-group="known"]')
    assert not known_header.is_displayed()
    # ... and the flavour filter hides columns: with tf.keras only, no KH cell is left
    Select(browser.find_element(By.ID, "f-flavour")).select_by_value("tf.keras")
    assert _visible_rows(browser) == []
    shown_envs = [th.get_attribute("data-env") for th in browser.find_elements(By.CSS_SELECTOR, "thead th.env")
                  if th.is_displayed()]
    assert shown_envs == ["tf2.15-keras2-py3.11-cpu"]
    Select(browser.find_element(By.ID, "f-outcome")).select_by_value("")
    Select(browser.find_element(By.ID, "f-flavour")).select_by_value("")
    Select(browser.find_element(By.ID, "f-group")).select_by_value("seed001")
    assert _visible_rows(browser) == ["seed001_x::hist", "seed001_x::ok"]
    Select(browser.find_element(By.ID, "f-group")).select_by_value("")

    # the markup from the run is text: in the tooltip, and in the detail panel after a click
    cell = browser.find_element(By.CSS_SELECTOR, 'tr[data-case="known_y::xss"] td.cell')
    assert XSS_MESSAGE in cell.get_attribute("title")
    cell.click()
    panel = browser.find_element(By.ID, "details")
    assert panel.is_displayed()
    assert XSS_MESSAGE + XSS_JSON in panel.text
    assert "Traceback:\n" + XSS_JSON in panel.text
    assert browser.find_elements(By.CSS_SELECTOR, "#details script, #details img, #matrix img") == []
    assert browser.execute_script("return window.__pwned === undefined")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
