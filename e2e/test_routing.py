"""Routing entries through the UI: create, edit, delete, then history and audit show each step."""

from selenium.webdriver.common.by import By


def fill_new_entry(app, source_id, config, flow="e2e-flow", segment="start"):
    app.click("routing-new")
    app.visible("routing-editor")
    app.type("field-sourceId", source_id)
    app.choose("field-companyProjectId", "Acme Customer Care")
    app.type("field-routingId", flow)
    app.type("field-initSegment", segment)
    app.choose("field-languageCode", "nl-BE")
    app.set_editor("field-config", config)


def discard_dialog(app):
    """Closes the open editor, agreeing to drop what was typed."""
    app.click_css(".mantine-Modal-close")
    app.click("discard-changes")


def search(app, text):
    app.type("routing-search", text)
    # The rows answer the text only once the 250 ms debounce has passed and its fetch is done.
    app.wait.until(lambda d: app.el("routing-search").get_attribute("data-settled") == "true")


def test_create_edit_delete_shows_in_history_and_audit(launch):
    app = launch()
    app.nav("routing")
    app.visible("routing-table")

    fill_new_entry(app, "E2E-1001", '{"timeout": 5}')
    app.click("routing-save")
    app.gone("routing-editor")
    search(app, "E2E-1001")
    app.visible("routing-row-E2E-1001")

    app.click("routing-edit-E2E-1001")
    app.visible("routing-editor")
    app.type("field-routingId", "e2e-flow-v2")
    app.set_editor("field-config", '{"timeout": 9}')
    app.click("routing-save")
    app.gone("routing-editor")
    app.wait.until(lambda d: "e2e-flow-v2" in app.el("routing-row-E2E-1001").get_attribute("textContent"))

    app.click("routing-delete-E2E-1001")
    app.click("confirm-delete")
    app.wait.until(lambda d: not app.all('[data-testid="routing-row-E2E-1001"]'))
    # The confirm dialog fades out; until it has, its overlay takes the next click.
    app.wait.until(lambda d: not [e for e in app.all(".mantine-Modal-overlay, .mantine-Modal-content") if e.is_displayed()])

    # Deleted entries are listed with "Show deleted"; their history has all three versions.
    app.driver.find_element(By.XPATH, "//label[contains(., 'Show deleted')]").click()
    app.visible("routing-row-E2E-1001")
    app.click("routing-history-E2E-1001")
    app.visible("history-table")
    for v in (1, 2, 3):
        app.visible(f"history-v{v}")
    app.js_click("history-v2")
    diff = app.visible("diff").text
    assert "e2e-flow-v2" in diff and "timeout" in diff
    app.shot("routing-history")
    app.click_css(".mantine-Drawer-close")
    app.wait.until(lambda d: not [e for e in app.all(".mantine-Drawer-overlay, .mantine-Drawer-content") if e.is_displayed()])

    app.nav("audit")
    app.visible("audit-table")
    app.wait.until(lambda d: len(app.all('[data-entity^="routing:"]')) >= 3)
    actions = {r.get_attribute("data-action") for r in app.all('[data-entity^="routing:"]')}
    assert {"created", "updated", "deleted"} <= actions, actions
    app.driver.execute_script("arguments[0].click();", app.all('[data-entity^="routing:"]')[0])
    app.visible("audit-detail")
    app.shot("audit")


def test_invalid_json_config_shows_error_and_saves_nothing(launch):
    app = launch()
    app.nav("routing")
    app.visible("routing-table")
    fill_new_entry(app, "E2E-BAD", '{"timeout": ')
    app.text_appears("field-config", "invalid JSON")
    app.click("routing-save")
    # The editor stays open with the error; nothing reached the backend.
    app.visible("routing-editor")
    assert "invalid JSON" in app.el("field-config").text
    app.shot("routing-invalid-json")
    discard_dialog(app)
    app.gone("routing-editor")
    search(app, "E2E-BAD")
    app.wait.until(lambda d: "No entry matches" in d.find_element(By.TAG_NAME, "main").text)

    app.nav("audit")
    app.visible("audit-table")
    app.wait.until(lambda d: app.all('[data-entity^="routing:"]') or "No audit entries" in d.find_element(By.TAG_NAME, "main").text)
    assert "E2E-BAD" not in app.driver.find_element(By.TAG_NAME, "main").text


def test_json_config_is_kept_exactly_and_duplicate_keys_are_refused(launch):
    app = launch()
    app.nav("routing")
    app.visible("routing-table")
    exact = '{"id": 12345678901234567890123, "ratio": 1.50}'
    fill_new_entry(app, "E2E-BIG", exact)
    app.click("routing-save")
    app.gone("routing-editor")
    search(app, "E2E-BIG")
    app.click("routing-edit-E2E-BIG")
    app.visible("routing-editor")
    # Every digit comes back (JSON.parse would show 1.2345678901234568e+22) and 1.50 stays 1.50.
    app.text_appears("field-config", "12345678901234567890123")
    assert "1.50" in app.el("field-config").text
    # A key twice: the backend refuses it and the editor names the problem on the field.
    app.set_editor("field-config", '{"a": 1, "a": 2}')
    app.click("routing-save")
    app.text_appears("field-config", "duplicate key")
    discard_dialog(app)
    app.gone("routing-editor")
