"""The designer's other gestures on the real app, each checked in the stored draft (the CLI reads
the same database): delete with the toolbar and with the keyboard and undo it, box selection and a
move of both as one batch, reconnect and disconnect a result by dragging an edge's end, retype;
compare with an earlier version, Ctrl+F, top-to-bottom layout and layout of the selection, copy in
one flow's draft and paste into another flow's draft, discard."""

import json

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from test_designer import drag, open_demo_draft, pick, press, saved, select_node, text_of


def stored(ivr, change_set_id):
    """The draft as stored: segment name → segment (as `ivr flow show --draft --json` gives it)."""
    view = ivr("flow", "show", "--draft", change_set_id)
    return {s["name"]: s for s in view["flow"]["segments"]}


def open_draft_id(ivr, routing_id):
    (draft,) = [d for d in ivr("flow", "drafts", routing_id) if d["status"] == "open"]
    return draft["changeSetId"]


def save_labels(app):
    """What the canvas sent, one label per batch (one round trip each)."""
    return app.driver.execute_script("return (window.__designerSaves || []).map(s => s.label)")


def one_more_save(app, before, label):
    """Waits until exactly one more batch, `label`, is stored."""
    saved(app)
    app.wait.until(lambda d: len(save_labels(app)) > len(before))
    assert save_labels(app)[len(before):] == [label], save_labels(app)[len(before):]


def show(app, names):
    """Zooms so that these segments fill the canvas (the view, not a gesture), drawn in full
    (zoomed out further, nodes are drawn compact, without handles)."""
    app.driver.execute_async_script(
        "const [names, done] = arguments;"
        "window.__ivrCanvas.fitView({ nodes: names.map((id) => ({ id })), maxZoom: 1, padding: 0.15 }).then(() => setTimeout(done, 300));",
        names,
    )
    zoom = app.driver.execute_script("return window.__ivrCanvas.getViewport().zoom")
    assert zoom >= 0.4, zoom


def grip(app, name):
    return app.visible(f"node-{name}").find_element("css selector", ".seg-type")


def click_node(app, name, shift=False):
    a = ActionChains(app.driver)
    if shift:
        a.key_down(Keys.SHIFT)
    a.move_to_element(grip(app, name)).click()
    if shift:
        a.key_up(Keys.SHIFT)
    a.perform()


def selected_nodes(app):
    return sorted(app.driver.execute_script("return [...document.querySelectorAll('.react-flow__node.selected')].map(n => n.dataset.id)"))


def at(app, x, y):
    """Moves the pointer to canvas point (x, y) (flow coordinates), as offsets from the canvas's centre."""
    p = app.driver.execute_script("return window.__ivrCanvas.flowToScreenPosition({ x: arguments[0], y: arguments[1] })", x, y)
    r = app.el("designer-canvas").rect
    return int(p["x"] - (r["x"] + r["width"] / 2)), int(p["y"] - (r["y"] + r["height"] / 2))


EMPTY_SPOT = """
const box = document.querySelector('[data-testid="designer-canvas"]').getBoundingClientRect();
for (let y = box.top + 20; y < box.bottom - 20; y += 15)
  for (let x = box.left + 20; x < box.right - 20; x += 15)
    if (document.elementFromPoint(x, y)?.classList.contains('react-flow__pane')) return [x - (box.left + box.width / 2), y - (box.top + box.height / 2)];
return null;
"""


def click_pane(app):
    """A click on empty canvas (the first spot where nothing is drawn): clears the selection,
    which closes the inspector, and gives the canvas the keyboard."""
    spot = app.driver.execute_script(EMPTY_SPOT)
    assert spot, "no empty spot on the canvas"
    ActionChains(app.driver).move_to_element_with_offset(app.el("designer-canvas"), int(spot[0]), int(spot[1])).click().perform()
    app.wait.until(lambda d: selected_nodes(app) == [])


def edge_end(app, source, result):
    """The grab handle at the target end of the edge of `source`'s `result`."""
    return app.driver.execute_script(
        "const id = arguments[0];"
        "const g = [...document.querySelectorAll('.react-flow__edge')].find((e) => e.dataset.id === id);"
        "return g ? g.querySelector('.react-flow__edgeupdater-target') : null;",
        f"{source}\u0001{result}\u0001",
    )


EDGE_SPOT = """
const id = arguments[0];
const g = [...document.querySelectorAll('.react-flow__edge')].find((e) => e.dataset.id === id);
const path = g?.querySelector('path.react-flow__edge-path');
if (!path) return null;
const box = document.querySelector('[data-testid="designer-canvas"]').getBoundingClientRect();
const m = path.getScreenCTM();
for (const f of [0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8]) {
  const p = path.getPointAtLength(path.getTotalLength() * f);
  const x = m.a * p.x + m.c * p.y + m.e, y = m.b * p.x + m.d * p.y + m.f;
  if (document.elementFromPoint(x, y)?.closest('.react-flow__edge') === g) return [x - (box.left + box.width / 2), y - (box.top + box.height / 2)];
}
return null;
"""


def click_edge(app, source, result):
    """Clicks a point of the edge of `source`'s `result` where nothing else is on top."""
    spot = app.driver.execute_script(EDGE_SPOT, f"{source}\u0001{result}\u0001")
    assert spot, f"no free point on the edge of {source}.{result}"
    ActionChains(app.driver).move_to_element_with_offset(app.el("designer-canvas"), int(spot[0]), int(spot[1])).click().perform()


def ui(seg):
    return (seg["ui"]["x"], seg["ui"]["y"])


def test_delete_box_select_move_reconnect_and_retype(launch, ivr):
    app = launch()
    open_demo_draft(app)
    cs = open_draft_id(ivr, "acme-care-main")
    first = stored(ivr, cs)
    # The inspector opens on a click and narrows the canvas: the segments are fitted into that.
    near = ["main_menu", "support_queue", "transfer_sales", "agent_unavailable", "voicemail", "goodbye"]
    show(app, near)
    click_node(app, "main_menu")
    show(app, near)

    # Delete with the toolbar button: one batch; the segment is gone from the stored draft.
    click_node(app, "agent_unavailable")
    app.wait.until(lambda d: app.el("inspector-name").get_attribute("value") == "agent_unavailable")
    before = save_labels(app)
    app.click("delete-selection")
    one_more_save(app, before, "delete agent_unavailable")
    app.gone("node-agent_unavailable")
    after = stored(ivr, cs)
    assert "agent_unavailable" not in after
    # Nothing is left pointing at it (the queues' `error` went there).
    assert [(n, t["result"]) for n, s in after.items() for t in s["transitions"] if t["next"] == "agent_unavailable"] == []
    # Undo (one batch) brings the stored draft back as it was, transitions into it too.
    before = save_labels(app)
    press(app, Keys.CONTROL, "z")
    one_more_save(app, before, "undo delete agent_unavailable")
    app.visible("node-agent_unavailable")
    assert stored(ivr, cs) == first

    # Delete with the keyboard, undone the same way.
    click_node(app, "goodbye")
    app.wait.until(lambda d: selected_nodes(app) == ["goodbye"])
    before = save_labels(app)
    # Held as a person holds a key (@xyflow/react deletes in an effect once its pressed-key state is
    # true). About one run in eight the key still never reaches that state under WebKitWebDriver
    # (cause not found): pressed once more only if nothing was saved and goodbye is still selected.
    hold_delete = ActionChains(app.driver).key_down(Keys.DELETE).pause(0.15).key_up(Keys.DELETE)
    hold_delete.perform()
    try:
        WebDriverWait(app.driver, 4).until(lambda d: len(save_labels(app)) > len(before))
    except TimeoutException:
        assert selected_nodes(app) == ["goodbye"] and len(save_labels(app)) == len(before)
        hold_delete.perform()
    one_more_save(app, before, "delete goodbye")
    app.gone("node-goodbye")
    assert "goodbye" not in stored(ivr, cs)
    before = save_labels(app)
    press(app, Keys.CONTROL, "z")
    one_more_save(app, before, "undo delete goodbye")
    app.visible("node-goodbye")
    assert stored(ivr, cs) == first

    # A box drawn with Shift held selects the two segments of the right-hand column
    # (transfer_sales at 560,800 and voicemail at 560,960); dragging one moves both, saved as one batch.
    click_pane(app)
    canvas = app.el("designer-canvas")
    (
        ActionChains(app.driver, duration=50)
        .key_down(Keys.SHIFT)
        .move_to_element_with_offset(canvas, *at(app, 900, 770))
        .click_and_hold()
        .move_to_element_with_offset(canvas, *at(app, 700, 950))
        .move_to_element_with_offset(canvas, *at(app, 540, 1105))
        .release()
        .key_up(Keys.SHIFT)
        .perform()
    )
    app.wait.until(lambda d: selected_nodes(app) == ["transfer_sales", "voicemail"])
    before = save_labels(app)
    ActionChains(app.driver, duration=50).move_to_element(grip(app, "transfer_sales")).click_and_hold().move_by_offset(30, 20).move_by_offset(30, 20).release().perform()
    one_more_save(app, before, "move 2 segments")
    moved = stored(ivr, cs)
    dx = moved["transfer_sales"]["ui"]["x"] - first["transfer_sales"]["ui"]["x"]
    dy = moved["transfer_sales"]["ui"]["y"] - first["transfer_sales"]["ui"]["y"]
    assert dx > 0 and dy > 0, (dx, dy)
    assert ui(moved["voicemail"]) == (first["voicemail"]["ui"]["x"] + dx, first["voicemail"]["ui"]["y"] + dy)
    assert ui(moved["goodbye"]) == ui(first["goodbye"])
    # One Ctrl+Z puts both back.
    before = save_labels(app)
    press(app, Keys.CONTROL, "z")
    one_more_save(app, before, "undo move 2 segments")
    assert stored(ivr, cs) == first

    # Reconnect and disconnect by dragging an edge's end (edges into a segment end at one point:
    # these two are the only ones into their segments, so the end grabbed is theirs).
    def nexts(name):
        return {t["result"]: t["next"] for t in stored(ivr, cs)[name]["transitions"]}

    click_pane(app)
    show(app, ["hours_check", "closed_message", "holiday_message", "customer_lookup"])
    # hours_check's `closed` moved from closed_message onto holiday_message …
    before = save_labels(app)
    drag(app, edge_end(app, "hours_check", "closed"), app.visible("in-holiday_message"))
    one_more_save(app, before, "reconnect hours_check.closed")
    assert nexts("hours_check") == {"closed": "holiday_message", "holiday": "holiday_message", "open": "customer_lookup"}
    # … and its `open` dropped on empty canvas: disconnected, which validation reports.
    canvas = app.el("designer-canvas")
    before = save_labels(app)
    (
        ActionChains(app.driver, duration=50)
        .move_to_element(edge_end(app, "hours_check", "open"))
        .click_and_hold()
        .move_to_element_with_offset(canvas, *at(app, 330, 300))
        .move_to_element_with_offset(canvas, *at(app, 380, 250))
        .release()
        .perform()
    )
    one_more_save(app, before, "disconnect hours_check.open")
    assert nexts("hours_check") == {"closed": "holiday_message", "holiday": "holiday_message"}
    # An edge clicked and deleted with the toolbar button is disconnected too.
    click_edge(app, "hours_check", "holiday")
    app.wait.until(lambda d: d.execute_script("return document.querySelectorAll('.react-flow__edge.selected').length") == 1)
    before = save_labels(app)
    app.click("delete-selection")
    one_more_save(app, before, "disconnect")
    assert nexts("hours_check") == {"closed": "holiday_message"}

    # Retype in the inspector: the prompt becomes a disconnect (the message key kept, the key a
    # disconnect does not have dropped, its default reason added); undo brings the prompt back.
    show(app, ["agent_unavailable", "voicemail"])
    click_node(app, "agent_unavailable")
    app.wait.until(lambda d: app.el("inspector-name").get_attribute("value") == "agent_unavailable")
    before = save_labels(app)
    pick(app, "inspector-type", "(disconnect)")
    one_more_save(app, before, "retype agent_unavailable")
    retyped = stored(ivr, cs)["agent_unavailable"]
    assert retyped["segmentType"] == "disconnect", retyped
    assert "interruptible" in first["agent_unavailable"]["config"], first["agent_unavailable"]
    assert retyped["config"] == {"messageKey": first["agent_unavailable"]["config"]["messageKey"], "reason": "normal"}, retyped
    click_pane(app)
    before = save_labels(app)
    press(app, Keys.CONTROL, "z")
    one_more_save(app, before, "undo retype agent_unavailable")
    assert stored(ivr, cs)["agent_unavailable"] == first["agent_unavailable"]
    app.shot("designer-gestures")


def test_compare_search_layout_copy_into_another_flow_and_discard(launch, ivr, studio_home):
    ivr("routing", "list")  # creates `local` with its demo data
    # Version 2 of the demo flow (goodbye renamed), published behind the app's back; and another
    # flow, only a draft, whose entry segment is also called main_menu.
    other = ivr("flow", "open", "acme-care-main", "--description", "e2e: version 2")
    ops = studio_home / "rename.json"
    ops.write_text(json.dumps([{"op": "rename_segment", "name": "goodbye", "newName": "farewell"}]))
    ivr("flow", "edit", other["changeSetId"], "--ops", str(ops))
    ivr("flow", "publish", other["changeSetId"])
    ivr("flow", "create", "e2e-other", "--entry", "main_menu", "--type", "play_message", "--config", '{"messageKey": "WELCOME"}')
    other_cs = open_draft_id(ivr, "e2e-other")

    app = launch()
    open_demo_draft(app)
    cs = open_draft_id(ivr, "acme-care-main")
    first = stored(ivr, cs)

    # Compare the draft (on version 2) with version 1: the rename shows as what callers get.
    app.click("flow-diff")
    app.visible("diff-dialog")
    pick(app, "diff-against", "version 1")
    app.wait.until(lambda d: "farewell" in text_of(app, "diff-dialog") and "goodbye" in text_of(app, "diff-dialog"))
    compared = text_of(app, "diff-dialog")
    assert "main_menu.no_input" in compared, compared
    app.driver.find_element("css selector", ".mantine-Modal-close").click()
    app.gone("diff-dialog")

    # Ctrl+F on the canvas opens the search; Enter jumps to the segment and selects it.
    click_pane(app)
    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("f").key_up(Keys.CONTROL).perform()
    app.visible("search-modal")
    app.type("search-input", "voicemail").send_keys(Keys.ENTER)
    app.gone("search-modal")
    app.wait.until(lambda d: app.el("inspector-name").get_attribute("value") == "voicemail")

    # Top to bottom: each layer below the one before it (stored as one batch).
    before = save_labels(app)
    app.click("auto-layout-tb")
    one_more_save(app, before, "auto-layout")
    laid = stored(ivr, cs)
    for a, b in [("language_select", "default_language"), ("default_language", "welcome"), ("welcome", "hours_check"), ("hours_check", "customer_lookup")]:
        assert laid[a]["ui"]["y"] < laid[b]["ui"]["y"], (a, laid[a]["ui"], b, laid[b]["ui"])

    # The selection only (voicemail, then farewell with Shift): left to right, the others stay.
    show(app, ["voicemail", "farewell"])
    click_node(app, "voicemail")
    show(app, ["voicemail", "farewell"])
    click_node(app, "farewell", shift=True)
    app.wait.until(lambda d: selected_nodes(app) == ["farewell", "voicemail"])
    before = save_labels(app)
    app.click("auto-layout")
    one_more_save(app, before, "lay out 2 segments")
    part = stored(ivr, cs)
    assert part["voicemail"]["ui"]["x"] < part["farewell"]["ui"]["x"], (part["voicemail"]["ui"], part["farewell"]["ui"])
    assert {n for n in part if ui(part[n]) != ui(laid[n])} <= {"voicemail", "farewell"}

    # Copy main_menu here …
    select_node(app, "main_menu")
    app.driver.execute_script("document.activeElement?.blur()")
    press(app, Keys.CONTROL, "c")
    app.wait.until(lambda d: "Copied 1 segment" in d.execute_script("return document.body.textContent"))

    # … and paste it into the other flow's draft: its main_menu is taken there, so the copy is renamed.
    app.click("flow-back")
    app.js_click("flow-e2e-other")
    app.visible("flow-draft-only")
    app.click("flow-edit")
    app.wait.until(lambda d: "draft by" in text_of(app, "flow-mode"))
    app.visible("palette")
    app.visible("node-main_menu")
    click_pane(app)
    before = save_labels(app)
    press(app, Keys.CONTROL, "v")
    one_more_save(app, before, "paste")
    app.visible("node-main_menu_copy")
    pasted = stored(ivr, other_cs)
    assert sorted(pasted) == ["main_menu", "main_menu_copy"], sorted(pasted)
    assert pasted["main_menu"]["segmentType"] == "play_message"
    assert pasted["main_menu_copy"]["segmentType"] == "menu"
    assert pasted["main_menu_copy"]["config"] == first["main_menu"]["config"]
    # The demo draft is unchanged by the paste.
    assert stored(ivr, cs) == part

    # Discard the other flow's draft (its only content: the Flows screen then says it does not exist).
    app.click("flow-discard")
    app.click("discard-confirm")
    app.wait.until(lambda d: "Draft discarded" in d.execute_script("return document.body.textContent"))
    assert ivr("flow", "show", "--draft", other_cs)["draft"]["status"] == "discarded"
    assert ivr("flow", "drafts", "e2e-other") == []
