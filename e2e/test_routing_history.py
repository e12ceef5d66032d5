"""Routing table beyond create/edit/delete: the history's diff between versions and restoring an old
version; a stale edit (the row changed behind the form's back) is CONFLICT, shows what changed and
keeps the user's input; search and pagination are done by the backend.

Data is prepared, and rows are changed behind the app's back, with the `ivr` CLI on the same
IVR_STUDIO_HOME: another writer on the same database, as in real use.
"""

import json

from selenium.webdriver.common.by import By

ROW = 'tr[data-testid^="routing-row-"]'


def create(ivr, source_id, routing_id="e2e-flow", init="start", config='{"timeout":5}'):
    return ivr(
        "routing", "create", "--source-id", source_id, "--routing-id", routing_id, "--company-project", "1",
        "--language", "nl-BE", "--init-segment", init, "--config", config,
    )


def open_routing(app, search=None):
    app.nav("routing")
    app.visible("routing-table")
    if search is not None:
        app.type("routing-search", search)
        # The search runs after a pause; until its answer the full list shows under a loading
        # overlay that would take a click.
        app.wait.until(lambda d: row_ids(app) == [search] and not fetching(app))


def fetching(app):
    return app.driver.execute_script(
        "return document.querySelector('.mantine-datatable-loader-fetching') !== null;"
    )


def open_editor(app, source_id):
    open_routing(app, source_id)
    app.visible(f"routing-row-{source_id}")
    app.click(f"routing-edit-{source_id}")
    app.visible("routing-editor")


def row_ids(app):
    # Read in one script: the table re-renders while a page loads, and element handles go stale.
    ids = app.driver.execute_script("return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.testid);", ROW)
    return [i.removeprefix("routing-row-") for i in ids]


def input_value(app, testid):
    el = app.el(testid)
    if el.tag_name != "input":
        el = el.find_element(By.TAG_NAME, "input")
    return el.get_attribute("value")


def close_drawer(app):
    app.click_css(".mantine-Drawer-close")
    app.wait.until(lambda d: not [e for e in app.all(".mantine-Drawer-content") if e.is_displayed()])


def test_history_diff_and_restore_of_an_old_version(launch, ivr):
    create(ivr, "E2E-R1", init="start", config='{"timeout":5}')
    ivr("routing", "update", "E2E-R1", "--init-segment", "main_menu", "--config", '{"timeout":9,"retries":2}')

    app = launch()
    open_routing(app, "E2E-R1")
    app.visible("routing-row-E2E-R1")
    app.click("routing-history-E2E-R1")
    app.visible("history-v2")

    # The newest version is selected: its diff with version 1, field by field, JSON as lines.
    app.js_click("history-v2")
    app.text_appears("diff-field-InitSegment", "main_menu")
    init = app.el("diff-field-InitSegment").text
    assert "- start" in init and "+ main_menu" in init, init
    cfg = app.el("diff-field-Config").text
    assert '-   "timeout": 5' in cfg and '+   "timeout": 9' in cfg and '+   "retries": 2' in cfg, cfg
    # Bookkeeping columns change on every write and are not shown as changes.
    assert not app.all('[data-testid="diff-field-UpdatedAt"], [data-testid="diff-field-RoutingTableId"]')
    assert not app.all('[data-testid="history-restore-v2"]'), "the current version offers no restore"

    # Restoring shows what will change first, then asks.
    app.click("history-restore-v1")
    review = app.visible("restore-review")
    app.text_appears("restore-review", "main_menu")
    assert "start" in review.text, review.text
    app.click("confirm-restore")
    app.visible("history-v3")
    assert "restored" in app.el("history-v3").get_attribute("textContent")
    # Version 3 (selected as the newest) undoes version 2.
    app.js_click("history-v3")
    app.text_appears("diff-field-InitSegment", "+ start")
    assert "- main_menu" in app.el("diff-field-InitSegment").text

    # The row shows version 1's values again, and the backend agrees.
    row = app.el("routing-row-E2E-R1")
    app.wait.until(lambda d: "start" in app.el("routing-row-E2E-R1").get_attribute("textContent") and "main_menu" not in app.el("routing-row-E2E-R1").get_attribute("textContent"))
    got = ivr("routing", "get", "E2E-R1")
    assert got["initSegment"] == "start" and json.loads(got["config"]) == {"timeout": 5}, got
    assert [h["actionType"] for h in sorted(ivr("routing", "history", "E2E-R1"), key=lambda h: h["versionNumber"])] == ["created", "updated", "restored"]
    app.shot("routing-restore")

    # A restore is guarded like an edit: the row changed behind the open drawer, so CONFLICT and
    # nothing restored; the history is reloaded with the other writer's version.
    ivr("routing", "update", "E2E-R1", "--init-segment", "theirs_segment")
    app.click("history-restore-v2")
    app.click("confirm-restore")
    app.wait.until(lambda d: "changed since this list was loaded" in d.execute_script("return document.body.textContent"))
    app.visible("history-v4")
    assert ivr("routing", "get", "E2E-R1")["initSegment"] == "theirs_segment"
    assert len(ivr("routing", "history", "E2E-R1")) == 4
    close_drawer(app)
    assert row is not None

    # The audit log records the restore with the before/after of the row.
    app.nav("audit")
    app.visible("audit-table")
    app.wait.until(lambda d: app.all('[data-entity^="routing:"][data-action="restored"]'))


def test_stale_edit_is_conflict_shows_what_changed_and_keeps_the_input(launch, ivr):
    app = launch()
    versions = len(ivr("routing", "history", "+3225550100"))
    open_editor(app, "+3225550100")
    app.type("field-initSegment", "mine_segment")
    app.set_editor("field-config", '{"mine": 1}')

    # Someone else saves the same row while the form is open.
    ivr("routing", "update", "+3225550100", "--init-segment", "theirs_segment", "--routing-id", "acme-care-theirs")

    app.click("routing-save")
    conflict = app.visible("routing-conflict")
    app.text_appears("routing-conflict", "theirs_segment")
    text = conflict.text
    assert "acme-care-theirs" in text and "InitSegment" in text and "RoutingId" in text, text
    # Only content is listed as their change, not bookkeeping.
    assert "rowVersion" not in text and "updatedAt" not in text, text
    # The user's input is still in the form, and nothing of it was saved.
    assert input_value(app, "field-initSegment") == "mine_segment"
    assert '"mine"' in app.el("field-config").find_element(By.CSS_SELECTOR, ".cm-content").text
    got = ivr("routing", "get", "+3225550100")
    assert got["initSegment"] == "theirs_segment" and got["routingId"] == "acme-care-theirs", got
    app.shot("routing-conflict")

    # Keeping the input saves it over theirs, now against their version.
    app.click("conflict-keep-mine")
    app.gone("routing-conflict")
    app.click("routing-save")
    app.gone("routing-editor")
    app.wait.until(lambda d: "mine_segment" in app.el("routing-row-+3225550100").get_attribute("textContent"))
    got = ivr("routing", "get", "+3225550100")
    assert got["initSegment"] == "mine_segment" and json.loads(got["config"]) == {"mine": 1}, got
    assert got["routingId"] == "acme-care-main", "the whole form is saved over theirs"
    assert len(ivr("routing", "history", "+3225550100")) == versions + 2


def test_search_and_pagination_come_from_the_backend(launch, ivr):
    # 4 demo entries + 30 = 34 rows: two pages of 25.
    for i in range(30):
        create(ivr, f"E2E-P{i:02d}", routing_id="e2e-page-flow" if i % 2 else "e2e-flow")

    app = launch()
    open_routing(app)
    app.wait.until(lambda d: len(row_ids(app)) == 25)
    assert app.el("routing-table")
    pager = app.driver.find_element(By.CSS_SELECTOR, ".mantine-datatable-pagination")
    assert "1 - 25 / 34" in pager.text, pager.text
    first = row_ids(app)
    assert first == sorted(first), first

    pager.find_element(By.XPATH, ".//button[normalize-space()='2']").click()
    app.wait.until(lambda d: len(row_ids(app)) == 9)
    second = row_ids(app)
    assert not set(first) & set(second)
    assert sorted(first + second) == sorted(["+18005550199", "+3225550100", "+3225550101", "sip:care@acme.example"] + [f"E2E-P{i:02d}" for i in range(30)])

    # Search runs on the server over the source id and other columns (here: the routing id).
    app.type("routing-search", "e2e-page-flow")
    app.wait.until(lambda d: len(row_ids(app)) == 15)
    assert all(int(r[-2:]) % 2 == 1 for r in row_ids(app)), row_ids(app)
    app.type("routing-search", "E2E-P1")
    app.wait.until(lambda d: sorted(row_ids(app)) == [f"E2E-P1{i}" for i in range(10)])
    assert "1 - 10 / 10" in pager.text, pager.text
    app.shot("routing-search")
    app.type("routing-search", "no-such-entry")
    app.wait.until(lambda d: "No entry matches" in d.find_element(By.TAG_NAME, "main").text)
