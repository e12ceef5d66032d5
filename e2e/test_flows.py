"""The Flows screen: the demo flow is listed; selecting it shows its published segments, their
configuration and its transitions, read-only; drafts with who opened them."""

import json


def text(el):
    """The DOM text: WebKitWebDriver leaves Mantine badge labels out of `.text`."""
    return el.get_attribute("textContent")


def test_flows_shows_demo_flow_and_segments(launch):
    app = launch()
    app.nav("flows")
    row = app.visible("flow-acme-care-main")
    assert "v1" in row.text and "+3225550100" in row.text, row.text

    app.js_click("flow-acme-care-main")
    app.visible("flow-detail")
    app.wait.until(lambda d: text(app.el("flow-live-version")) == "live v1")
    # The canvas opens first: one node per segment, read-only (no palette).
    app.visible("designer")
    app.visible("node-language_select")
    assert len(app.all('[data-testid^="node-"].seg-node')) == 16
    assert app.all('[data-testid="palette"]') == []
    app.click("flow-tab-segments")
    app.visible("flow-segments-table")
    segments = app.all('tr[data-testid^="flow-segment-"]')
    assert len(segments) == 16, [s.get_attribute("data-testid") for s in segments]
    entry = app.el("flow-segment-language_select")
    assert "entry" in text(entry) and "welcome" in entry.text, entry.text
    # A segment's configuration shows its keys and values (the demo names its message keys).
    assert "messageKey" in app.el("flow-segment-agent_unavailable").text
    assert "AGENT_UNAVAILABLE" in app.el("flow-segment-agent_unavailable").text
    app.shot("flow-detail")

    app.click("flow-tab-transitions")
    app.visible("flow-transitions-table")
    transitions = len(app.all('[data-testid="flow-transition-row"]'))
    assert transitions > 16, transitions
    app.click("flow-tab-drafts")
    app.text_appears("flow-detail", "No open drafts")



def test_flows_show_drafts_and_a_draft_only_flow(launch, ivr, studio_home):
    # Two drafts made with the CLI on the app's database: one of the demo flow, one of a new flow.
    opened = ivr("flow", "open", "acme-care-main", "--description", "e2e: reroute billing")
    exported = ivr("flow", "export", "acme-care-main")
    exported["routingId"] = "e2e-new-flow"
    path = studio_home / "new-flow.json"
    path.write_text(json.dumps(exported))
    ivr("flow", "import", str(path))

    app = launch()
    app.nav("flows")
    row = app.visible("flow-acme-care-main")
    assert "1" in text(row), text(row)
    app.js_click("flow-acme-care-main")
    app.click("flow-tab-drafts")
    draft = app.visible("flow-draft-row")
    # Who opened it, on which version, and its description.
    assert opened["createdBy"] in draft.text and "v1" in draft.text, draft.text
    assert "e2e: reroute billing" in draft.text
    assert opened["changeSetId"] in text(draft)
    app.shot("flow-drafts")

    # A flow with only a draft (nothing published, no routing entry) still shows its draft.
    app.click("flow-back")
    app.js_click("flow-e2e-new-flow")
    # The notice appears once the live query has answered NOT_FOUND and pushes the tabs down:
    # wait for it first, or the click can land where the tab was a moment before.
    app.visible("flow-draft-only")
    app.click("flow-tab-drafts")
    draft = app.visible("flow-draft-row")
    assert "new flow" in draft.text, draft.text
