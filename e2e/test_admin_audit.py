"""Audit by what admins know (issue 12): a routing entry's events found by its SourceId (across a
delete and re-create), friendly names instead of table names and ids, times with their zone and
the filters in the same zone, and the detail pane closing when its row is filtered out."""

import re

from selenium.webdriver.common.by import By

from test_audit import ROW, choose, rows


def test_audit_found_by_source_id_with_names_and_zones(launch, ivr):
    create = ["routing", "create", "--source-id", "E2E-AUD", "--routing-id", "acme-care-main", "--company-project", "1",
              "--language", "nl-BE", "--init-segment", "language_select"]
    ivr(*create)
    ivr("routing", "update", "E2E-AUD", "--init-segment", "main_menu")
    ivr("routing", "delete", "E2E-AUD")
    ivr(*create)  # a new row (another id) with the same SourceId

    app = launch()
    app.nav("audit")
    app.visible("audit-table")
    choose(app, "audit-find-by", "Routing entry (SourceId)")
    app.type("audit-find", "E2E-AUD")
    app.wait.until(lambda d: [a for _, a, _ in rows(app)] == ["created", "deleted", "updated", "created"])
    entities = {e for e, _, _ in rows(app)}
    assert len(entities) == 2 and all(e.startswith("routing:") for e in entities), entities

    # Names people use, never a table name; times with their zone, the filters in the same zone.
    first = app.all(ROW)[0]
    text = first.get_attribute("textContent")
    assert "Routing entry E2E-AUD" in text and "rt_RoutingTable" not in text, text
    when = app.driver.execute_script("return arguments[0].querySelector('td').textContent", first)
    m = re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (\S+)", when)
    assert m, when
    assert f"From ({m.group(1)})" in app.el("audit-table").find_element(By.XPATH, "//main").get_attribute("textContent")

    # The detail pane follows the list: a filter that drops its row closes it.
    app.js_click(first.get_attribute("data-testid"))
    app.visible("audit-detail")
    app.shot("audit-by-source-id")
    app.type("audit-find", "+3225550100")
    app.wait.until(lambda d: not app.all('[data-testid="audit-detail"]'))
    app.wait.until(lambda d: rows(app) and all(a == "created" for _, a, _ in rows(app)))


def test_audit_finds_a_message_by_key_and_a_segment_by_flow_and_name(launch, ivr):
    app = launch()
    app.nav("audit")
    app.visible("audit-table")
    choose(app, "audit-find-by", "Message (key)")
    key = ivr("audit", "list", "--entity-type", "msg_MessageKey", "--limit", "1")["items"][0]
    name = key["entityName"]
    app.type("audit-find", name)
    app.wait.until(lambda d: rows(app) and all(e.startswith("msg_MessageKey:") for e, _, _ in rows(app)))
    assert f"Message {name}" in app.all(ROW)[0].get_attribute("textContent")

    choose(app, "audit-find-by", "Segment (flow + name)")
    app.type("audit-find", "acme-care-main")
    app.type("audit-segment", "language_select")
    app.wait.until(lambda d: rows(app) and all(e == "flow:acme-care-main" for e, _, _ in rows(app)))
