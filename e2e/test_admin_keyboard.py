"""Keyboard and first start, as an admin uses them: the sidebar by Tab, screens by Ctrl+digit from
inside an input, a table by the arrow keys and Enter, and the first-start prompt."""

from selenium.webdriver.common.keys import Keys

SCREENS = ["environments", "routing", "flows", "messages", "dictionaries", "schema", "audit"]


def active_testid(app):
    return app.driver.execute_script("return document.activeElement?.getAttribute('data-testid') ?? null")


def test_sidebar_is_reachable_by_tab_and_opens_with_enter(launch):
    app = launch()
    app.visible("routing-table")
    # Start from the page itself and Tab until the sidebar has been walked through.
    app.driver.execute_script("document.activeElement?.blur(); document.body.focus();")
    seen = []
    for _ in range(40):
        app.press(Keys.TAB)
        t = active_testid(app)
        if t and t.startswith("nav-") and t not in seen:
            seen.append(t)
        if len(seen) == len(SCREENS):
            break
    assert seen == [f"nav-{s}" for s in SCREENS], seen
    # Focus is on the last screen's entry (audit): Enter opens it.
    app.press(Keys.ENTER)
    app.visible("audit-table")


def test_screen_hotkeys_work_from_inside_an_input(launch):
    app = launch()
    search = app.type("routing-search", "acme")
    assert active_testid(app) == "routing-search"
    search.send_keys(Keys.CONTROL, "3")
    app.visible("flow-table")
    # …and again from wherever the focus is now.
    app.chord("7")
    app.visible("audit-table")


def test_table_rows_move_with_arrows_and_open_with_enter(launch):
    app = launch()
    app.nav("audit")
    app.visible("audit-table")
    app.wait.until(lambda d: len(app.all('tr[data-testid^="audit-row-"]')) >= 3)
    rows = app.all('tr[data-testid^="audit-row-"]')
    first, second = rows[0].get_attribute("data-testid"), rows[1].get_attribute("data-testid")
    app.driver.execute_script("arguments[0].focus();", rows[0])
    assert active_testid(app) == first
    app.press(Keys.ARROW_DOWN)
    assert active_testid(app) == second
    app.press(Keys.ARROW_UP)
    app.press(Keys.ARROW_DOWN)
    app.press(Keys.ENTER)
    detail = app.visible("audit-detail")
    assert app.el(second).get_attribute("data-action") in detail.text


def test_first_start_says_local_demo_and_offers_a_server(launch):
    app = launch()
    prompt = app.visible("first-start")
    assert "This is a local environment with demo data" in prompt.get_attribute("textContent")
    assert "SQLite database on this computer" in prompt.get_attribute("textContent")
    app.click("first-start-connect")
    # The add-environment form opens with its first field focused.
    app.visible("env-name-input")
    app.wait.until(lambda d: active_testid(app) == "env-name-input")
    app.shot("first-start-connect")
