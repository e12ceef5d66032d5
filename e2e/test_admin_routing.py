"""The routing table as an admin uses it (issue 12): pickers instead of ids, a warning for an entry
that points at a flow that does not exist (and the Flows list showing that flow as missing),
sorting by the server, flow publishes as events in an entry's history, and a dialog that loses
nothing: Esc closes the innermost thing, closing with changes asks, Ctrl+S saves from any field."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

from test_routing_history import create, fetching, row_ids


def options(app):
    return [o.text for o in app.all("[role='option']") if o.is_displayed()]


def open_routing(app):
    app.nav("routing")
    app.visible("routing-table")
    app.wait.until(lambda d: row_ids(app) and not fetching(app))


def new_entry(app, source_id):
    """Opens the routing table's new-entry editor and fills in the SourceId and the company
    project (picked by customer/project/name, not by its number)."""
    open_routing(app)
    app.click("routing-new")
    app.visible("routing-editor")
    app.type("field-sourceId", source_id)
    app.choose("field-companyProjectId", "acme/care")


def test_create_an_entry_with_pickers_without_typing_an_id(launch, ivr):
    app = launch()
    new_entry(app, "E2E-PICK")
    # The flow from the existing flows; the first segment from that flow's published segments.
    app.choose("field-routingId", "acme-care-main")
    app.click("field-initSegment")
    app.wait.until(lambda d: "language_select" in options(app))
    groups = [g.get_attribute("textContent") for g in app.all(".mantine-Autocomplete-groupLabel") if g.is_displayed()]
    assert "Published" in groups, groups
    app.choose("field-initSegment", "language_select")
    # Language by code and name; the message store by name, among the chosen project's stores.
    app.choose("field-languageCode", "Français")
    app.click("field-messageStoreId")
    app.wait.until(lambda d: options(app))
    assert options(app) == ["acme care messages"], options(app)
    app.choose("field-messageStoreId", "acme care messages")
    assert not app.all('[data-testid="routing-new-flow"]'), "an existing flow is not announced as new"
    app.shot("routing-editor-pickers")
    app.click("routing-save")
    app.gone("routing-editor")

    got = ivr("routing", "get", "E2E-PICK")
    assert (got["companyProjectId"], got["messageStoreId"], got["routingId"], got["initSegment"], got["languageCode"]) == (
        1, 1, "acme-care-main", "language_select", "fr-BE"
    ), got
    app.type("routing-search", "E2E-PICK")
    app.wait.until(lambda d: row_ids(app) == ["E2E-PICK"])
    assert app.el("routing-row-E2E-PICK").get_attribute("data-warning") == ""


def test_an_entry_pointing_at_no_flow_is_saved_with_a_warning_and_the_flow_shows_as_missing(launch, ivr):
    app = launch()
    new_entry(app, "E2E-PHANTOM")
    app.type("field-routingId", "no-such-flow")
    # Said before saving: a new flow, not an existing one.
    app.text_appears("routing-new-flow", "no-such-flow")
    app.type("field-initSegment", "no_such_segment")
    app.choose("field-languageCode", "nl-BE")
    app.click("routing-save")
    app.gone("routing-editor")
    # Saved (a warning, not a refusal), and the warning says what is missing.
    warning = app.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".routing-saved-warning")))
    assert "flow `no-such-flow` does not exist" in warning.get_attribute("textContent")
    assert ivr("routing", "get", "E2E-PHANTOM")["routingId"] == "no-such-flow"
    app.type("routing-search", "E2E-PHANTOM")
    app.wait.until(lambda d: row_ids(app) == ["E2E-PHANTOM"])
    assert app.el("routing-row-E2E-PHANTOM").get_attribute("data-warning") == "FLOW_MISSING"
    assert "no flow" in app.el("routing-row-E2E-PHANTOM").get_attribute("textContent")

    # The Flows list shows it as missing, with the entries that point at it (not as an empty flow).
    app.nav("flows")
    app.visible("flow-missing-no-such-flow")
    app.js_click("flow-no-such-flow")
    detail = app.visible("flow-missing-detail")
    assert "E2E-PHANTOM" in detail.text and "no_such_segment" in detail.text, detail.text
    app.shot("flows-missing")
    assert [f for f in ivr("flow", "list") if f["routingId"] == "no-such-flow"][0]["missing"] is True


def test_sorting_is_done_by_the_server_on_an_indexed_column(launch, ivr):
    create(ivr, "E2E-S1", routing_id="zzz-flow")
    create(ivr, "E2E-S2", routing_id="aaa-flow")
    app = launch()
    open_routing(app)
    assert row_ids(app)[0] == "+18005550199", "by source id, ascending, by default"

    header = app.driver.find_element(By.XPATH, "//th[.//*[normalize-space()='Flow']]")
    app.driver.execute_script("arguments[0].click();", header)
    app.wait.until(lambda d: row_ids(app)[0] == "E2E-S2" and not fetching(app))
    expected = [r["sourceId"] for r in ivr("routing", "list", "--sort", "routing-id")["items"]]
    assert row_ids(app) == expected, (row_ids(app), expected)
    app.driver.execute_script("arguments[0].click();", header)
    app.wait.until(lambda d: row_ids(app)[0] == "E2E-S1" and not fetching(app))
    expected = [r["sourceId"] for r in ivr("routing", "list", "--sort", "routing-id", "--desc")["items"]]
    assert row_ids(app) == expected, (row_ids(app), expected)


def test_table_is_usable_at_the_minimum_window_size(launch, ivr):
    create(ivr, "E2E-LONG-" + "X" * 80, routing_id="a-flow-with-a-rather-long-name-that-does-not-fit-" + "y" * 40)
    app = launch()
    app.driver.set_window_size(900, 600)
    open_routing(app)
    long_id = "E2E-LONG-" + "X" * 80
    app.type("routing-search", "E2E-LONG")
    app.wait.until(lambda d: row_ids(app) == [long_id])
    # The row's actions stay on screen, the long values are cut (their full text in a title).
    edit = app.visible(f"routing-edit-{long_id}")
    width = app.driver.execute_script("return window.innerWidth")
    rect = app.driver.execute_script("return arguments[0].getBoundingClientRect().right", edit)
    assert rect <= width, (rect, width)
    assert app.driver.find_element(By.CSS_SELECTOR, f"[title='{long_id}']")
    state = app.el(f"routing-row-{long_id}").find_element(By.CSS_SELECTOR, ".mantine-Badge-root")
    # The state badge is not cut ("A…"): its whole label fits.
    fits = app.driver.execute_script("const l = arguments[0].querySelector('.mantine-Badge-label'); return l.scrollWidth <= l.clientWidth;", state)
    assert fits and state.get_attribute("textContent") == "no flow"
    app.shot("routing-900x600")


def test_history_shows_a_flow_publish_as_an_event_with_no_restore(launch):
    app = launch()
    open_routing(app)
    app.click("routing-history-sip:care@acme.example")
    app.visible("history-table")
    publish = app.visible("history-v2")
    assert publish.get_attribute("data-kind") == "flow-published"
    assert "Flow acme-care-main version 1 published" in publish.get_attribute("textContent")
    # No restore and no whole-flow diff for a flow publish; the entry's own version is compared.
    assert not app.all('[data-testid="history-restore-v2"]')
    assert app.el("history-v1").get_attribute("data-kind") == "snapshot"
    assert not app.all('[data-testid="diff-field-segments"]')
    app.shot("routing-history-flow-publish")
    # The event links to the flow.
    app.click("history-open-flow-v2")
    app.visible("flow-detail")
    assert "acme-care-main" in app.el("flow-detail").get_attribute("textContent")


def test_esc_closes_the_innermost_thing_and_closing_with_changes_asks(launch, ivr):
    app = launch()
    open_routing(app)
    app.click("routing-new")
    app.visible("routing-editor")
    app.type("field-sourceId", "E2E-ESC")

    # Esc with a picker's list open closes the list only.
    app.click("field-languageCode")
    app.wait.until(lambda d: options(app))
    app.press(Keys.ESCAPE)
    app.wait.until(lambda d: not options(app))
    assert app.el("routing-editor").is_displayed()

    # The next Esc would close the dialog: it holds input, so it asks; keeping it loses nothing.
    app.press(Keys.ESCAPE)
    app.click("keep-editing")
    app.gone("keep-editing")
    assert app.el("field-sourceId").get_attribute("value") == "E2E-ESC"

    # Ctrl+S saves from inside the JSON editor (here the half-filled form is refused, which proves
    # the save ran; the dialog stays with its input).
    app.visible("field-config").find_element(By.CSS_SELECTOR, ".cm-content").click()
    app.chord("s")
    app.visible("error-alert")
    assert app.el("field-sourceId").get_attribute("value") == "E2E-ESC"

    # Esc in the JSON editor asks too; discarding closes the dialog and writes nothing.
    app.visible("field-config").find_element(By.CSS_SELECTOR, ".cm-content").click()
    app.press(Keys.ESCAPE)
    app.click("discard-changes")
    app.gone("routing-editor")
    assert all(r["sourceId"] != "E2E-ESC" for r in ivr("routing", "list", "--all")["items"])
