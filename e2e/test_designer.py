"""The flow designer on the real app: build a flow on the canvas with real pointer drags, configure
it in the inspector, see validation block publishing, undo and redo, publish, a CONFLICT when the
CLI published first, rollback, and prd read-only."""

import sqlite3
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_environments import open_prd_copy


def text(el):
    return el.get_attribute("textContent")


def text_of(app, testid):
    """The text of an element found afresh (React may have replaced the node meanwhile)."""
    return app.driver.execute_script(f"return document.querySelector('[data-testid=\"{testid}\"]')?.textContent ?? ''")


def drag(app, source, target, dx=0, dy=0, steps=8):
    """Presses on `source`, moves in steps onto `target` (offset from its centre), releases: the
    pointer events a person makes (HTML5 drag-and-drop is not used anywhere)."""
    a = ActionChains(app.driver, duration=50)
    a.move_to_element(source).click_and_hold()
    sx, sy = source.rect["x"] + source.rect["width"] / 2, source.rect["y"] + source.rect["height"] / 2
    tx, ty = target.rect["x"] + target.rect["width"] / 2 + dx, target.rect["y"] + target.rect["height"] / 2 + dy
    for i in range(1, steps + 1):
        a.move_by_offset((tx - sx) / steps, (ty - sy) / steps)
    a.release().perform()


def nodes(app):
    return sorted(el.get_attribute("data-testid")[5:] for el in app.all('[data-testid^="node-"]') if el.get_attribute("data-testid") not in ("node-entry", "node-findings"))


def saved(app):
    """Waits until every gesture sent so far is stored (the canvas says so)."""
    app.wait.until(lambda d: app.el("designer").get_attribute("data-busy") == "false")


def select_node(app, name):
    """Finds the segment with Ctrl+F and jumps to it (it is selected and shown in the inspector)."""
    app.click("search-open")
    app.type("search-input", name).send_keys(Keys.ENTER)
    app.gone("search-modal")
    app.wait.until(lambda d: app.el("inspector-name").get_attribute("value") == name)


def set_field(app, testid, value):
    """Types into an inspector field and leaves it (Enter): the inspector saves on leaving a field."""
    el = app.type(testid, value)
    el.send_keys(Keys.ENTER)
    saved(app)


def connect(app, source, result, target):
    drag(app, app.visible(f"handle-{source}-{result}"), app.visible(f"in-{target}"))
    saved(app)
    app.wait.until(lambda d: app.all(f'[data-testid="result-{source}-{result}"].connected'))


def pick(app, testid, label):
    """Chooses an option of a Mantine select."""
    app.click(testid)
    app.wait.until(lambda d: [o for o in app.all("[role='option']") if label in o.text and o.is_displayed()])
    [o for o in app.all("[role='option']") if label in o.text and o.is_displayed()][0].click()


def open_new_flow(app, routing_id, entry="welcome", entry_type="play_message", source_id="+3225550777"):
    """A new flow with its entry segment and the routing entry that enters it (demo project acme/care)."""
    app.nav("flows")
    app.click("flow-new")
    app.type("new-flow-routing-id", routing_id)
    app.type("new-flow-entry-name", entry)
    pick(app, "new-flow-entry-type", display(entry_type))
    app.driver.execute_script("arguments[0].click()", app.el("new-flow-with-entry"))
    app.type("new-flow-source-id", source_id)
    pick(app, "new-flow-project", "acme/care")
    pick(app, "new-flow-language", "nl-BE")
    app.click("new-flow-create")
    app.visible("designer")
    app.visible(f"node-{entry}")
    app.visible("palette")


def display(code):
    return {"play_message": "Play message", "menu": "Menu", "transfer": "Transfer", "disconnect": "Disconnect"}[code]


def add_from_palette(app, segment_type, dx, dy):
    before = set(nodes(app))
    # The palette is searchable; a filtered list keeps the type in view.
    app.type("palette-search", segment_type.replace("_", " ")[:6])
    drag(app, app.visible(f"palette-{segment_type}"), app.visible("designer-canvas"), dx, dy)
    saved(app)
    app.wait.until(lambda d: len(set(nodes(app)) - before) == 1)
    (added,) = set(nodes(app)) - before
    return added


GEOMETRY = """
const rf = window.__ivrCanvas;
const zoom = rf.getViewport().zoom;
const out = [];
for (const el of document.querySelectorAll('.react-flow__node')) {
  const node = rf.getNode(el.dataset.id);
  const box = el.getBoundingClientRect();
  for (const h of el.querySelectorAll('.react-flow__handle')) {
    const r = h.getBoundingClientRect();
    const type = h.classList.contains('source') ? 'source' : 'target';
    const id = h.dataset.handleid || null;
    const known = node.handles.find((k) => k.type === type && (k.id ?? null) === id);
    out.push({ node: node.id, handle: id, type, dx: known ? (r.left - box.left) / zoom - known.x : null, dy: known ? (r.top - box.top) / zoom - known.y : null });
  }
}
return out;
"""


def assert_known_geometry(app):
    """Every drawn handle is where the canvas computed it before drawing (graph.ts NODE and
    app.css agree): the edges of nodes xyflow has not drawn, and of drawn ones, end there."""
    handles = app.driver.execute_script(GEOMETRY)
    assert handles, "no handles drawn"
    off = [h for h in handles if h["dx"] is None or abs(h["dx"]) > 0.6 or abs(h["dy"]) > 0.6]
    assert off == [], off


def test_build_configure_validate_undo_and_publish_a_flow(launch):
    app = launch()
    open_new_flow(app, "e2e-built")
    assert nodes(app) == ["welcome"]

    # Three segments dragged from the palette onto the canvas with the pointer.
    menu = add_from_palette(app, "menu", -250, -150)
    transfer = add_from_palette(app, "transfer", -250, 60)
    bye = add_from_palette(app, "disconnect", 40, 120)
    assert sorted(nodes(app)) == sorted(["welcome", menu, transfer, bye])

    # Configure in the inspector: the prompt's message, the menu's prompt and an option.
    select_node(app, "welcome")
    set_field(app, "inspector-field-messageKey-input", "WELCOME")
    # Its published text (every key of the flow read in one call): on the node in the store's
    # default language, in the inspector in every language.
    app.wait.until(lambda d: "Welkom bij Acme Klantendienst" in app.el("node-welcome").text)
    app.wait.until(lambda d: "Bienvenue au service" in app.visible("message-texts").text)
    select_node(app, menu)
    set_field(app, "inspector-name", "main_menu")
    menu = "main_menu"
    app.visible(f"node-{menu}")
    set_field(app, "inspector-field-messageKey-input", "MAIN_MENU")
    app.click("inspector-field-options-add")
    app.type("inspector-field-options-0-digit", "1")
    app.type("inspector-field-options-0-result", "sales").send_keys(Keys.ENTER)
    saved(app)
    app.visible(f"handle-{menu}-sales")

    # Wire results handle to handle, with the whole flow in view.
    app.click("zoom-fit")
    time.sleep(0.5)
    connect(app, "welcome", "done", menu)
    connect(app, menu, "sales", transfer)
    connect(app, menu, "no_input", bye)
    connect(app, transfer, "failed", bye)
    app.shot("designer-built")
    assert_known_geometry(app)
    # Zoomed far out the nodes are drawn compact: same boxes, same handles.
    vp = app.driver.execute_script("return window.__ivrCanvas.getViewport()")
    app.driver.execute_script("window.__ivrCanvas.setViewport({ x: 200, y: 150, zoom: 0.3 })")
    app.wait.until(lambda d: app.all(".seg-node.compact"))
    assert_known_geometry(app)
    app.driver.execute_script("window.__ivrCanvas.setViewport(arguments[0])", vp)
    app.wait.until(lambda d: not app.all(".seg-node.compact"))

    # The transfer has no destination: an error, and publishing is blocked.
    app.wait.until(lambda d: "destination" in text_of(app, "findings"))
    app.click("flow-publish")
    app.visible("publish-errors")
    assert app.el("publish-confirm").get_attribute("disabled") is not None
    app.shot("designer-publish-blocked")
    app.driver.find_element(By.CSS_SELECTOR, '[data-testid="publish-dialog"] button.mantine-Modal-close, .mantine-Modal-close').click()
    app.gone("publish-dialog")

    # Clicking the finding focuses the segment and its key; fix it there.
    row = [r for r in app.all('[data-testid="finding-row"]') if "destination" in text(r)][0]
    app.driver.execute_script("arguments[0].click()", row)
    app.wait.until(lambda d: app.el("inspector-name").get_attribute("value") == transfer)
    set_field(app, "inspector-field-destination", "+3225550199")

    # Undo and redo: the destination goes and comes back, stored each time.
    body = app.driver.find_element(By.CSS_SELECTOR, ".react-flow__pane")
    ActionChains(app.driver).move_to_element(body).click().perform()
    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("z").key_up(Keys.CONTROL).perform()
    saved(app)
    app.wait.until(lambda d: "destination" in text_of(app, "findings"))
    ActionChains(app.driver).key_down(Keys.CONTROL).key_down(Keys.SHIFT).send_keys("z").key_up(Keys.SHIFT).key_up(Keys.CONTROL).perform()
    saved(app)
    app.wait.until(lambda d: "destination" not in text_of(app, "findings"))

    # Publish: what changes for callers, then the new version is live.
    app.click("flow-publish")
    app.visible("publish-diff")
    assert "main_menu" in text(app.el("publish-diff"))
    app.click("publish-confirm")
    app.wait.until(lambda d: text_of(app, "flow-live-version") == "live v1")
    app.click("flow-tab-versions")
    app.visible("flow-version-1")
    app.shot("designer-published")


def press(app, *keys):
    """A keyboard shortcut on the canvas (Ctrl+Z …)."""
    a = ActionChains(app.driver)
    for k in keys[:-1]:
        a.key_down(k)
    a.send_keys(keys[-1])
    for k in reversed(keys[:-1]):
        a.key_up(k)
    a.perform()


def node_position(app, name):
    return app.driver.execute_script("return window.__ivrCanvas.getNode(arguments[0]).position", name)


def move_node(app, name, dx, dy):
    node = app.visible(f"node-{name}")
    grip = node.find_element(By.CSS_SELECTOR, ".seg-type")
    ActionChains(app.driver, duration=50).move_to_element(grip).click_and_hold().move_by_offset(dx / 2, dy / 2).move_by_offset(dx / 2, dy / 2).release().perform()
    saved(app)


def open_demo_draft(app):
    app.nav("flows")
    app.js_click("flow-acme-care-main")
    app.click("flow-edit")
    app.wait.until(lambda d: "draft by" in text_of(app, "flow-mode"))
    app.visible("palette")


def test_undo_redo_a_move_and_a_conflict_then_rollback(launch, ivr, studio_home):
    app = launch()
    open_demo_draft(app)
    before = node_position(app, "main_menu")
    move_node(app, "main_menu", 80, 40)
    moved = node_position(app, "main_menu")
    assert moved != before, (before, moved)
    press(app, Keys.CONTROL, "z")
    saved(app)
    app.wait.until(lambda d: node_position(app, "main_menu") == before)
    press(app, Keys.CONTROL, "y")
    saved(app)
    app.wait.until(lambda d: node_position(app, "main_menu") == moved)

    # Copy and paste: the copy gets a free name; undo takes the paste back.
    select_node(app, "main_menu")
    press(app, Keys.CONTROL, "c")
    time.sleep(0.5)
    press(app, Keys.CONTROL, "v")
    app.el("node-main_menu_copy")
    saved(app)
    press(app, Keys.CONTROL, "z")
    saved(app)
    app.wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '[data-testid="node-main_menu_copy"]') == [])

    # A refused rename (the name is taken): the stored name is back in the field, and why.
    select_node(app, "main_menu")
    app.type("inspector-name", "goodbye").send_keys(Keys.ENTER)
    saved(app)
    app.wait.until(lambda d: "rename main_menu was not saved" in d.execute_script("return document.body.textContent"))
    app.wait.until(lambda d: app.el("inspector-name").get_attribute("value") == "main_menu")
    assert app.all('[data-testid="node-main_menu"]') != []

    # The help overlay opens with "?"; Shift+1 zooms to fit (the viewport moves back to the flow).
    pane = app.driver.find_element(By.CSS_SELECTOR, ".react-flow__pane")
    ActionChains(app.driver).move_to_element(pane).click().perform()
    press(app, "?")
    app.visible("shortcuts-table")
    press(app, Keys.ESCAPE)
    app.gone("shortcuts-help")
    app.driver.execute_script("window.__ivrCanvas.setViewport({ x: 3000, y: 3000, zoom: 1.8 })")
    far = app.driver.execute_script("return window.__ivrCanvas.getViewport()")
    press(app, Keys.SHIFT, "1")
    app.wait.until(lambda d: d.execute_script("return window.__ivrCanvas.getViewport()") != far)

    # Auto-layout is one gesture: undo puts every segment back.
    app.click("auto-layout")
    saved(app)
    app.wait.until(lambda d: node_position(app, "main_menu") != moved)
    app.shot("designer-auto-layout")
    press(app, Keys.CONTROL, "z")
    saved(app)
    app.wait.until(lambda d: node_position(app, "main_menu") == moved)

    # Behind the app's back, someone publishes another draft of the same flow (version 2).
    other = ivr("flow", "open", "acme-care-main", "--description", "e2e: published first")
    ops = studio_home / "rename.json"
    ops.write_text('[{"op": "rename_segment", "name": "goodbye", "newName": "farewell"}]')
    ivr("flow", "edit", other["changeSetId"], "--ops", str(ops))
    ivr("flow", "publish", other["changeSetId"])

    app.click("flow-publish")
    app.click("publish-confirm")
    app.visible("publish-conflict")
    assert "version 2" in text(app.el("publish-conflict")) or "v2" in text(app.el("publish-conflict")), text(app.el("publish-conflict"))
    # What the other publish changed for callers, not only that it happened.
    app.wait.until(lambda d: "farewell" in text(app.el("conflict-diff")))
    app.shot("designer-conflict")
    app.driver.find_element(By.CSS_SELECTOR, ".mantine-Modal-close").click()
    app.gone("publish-dialog")
    # The draft is kept.
    assert "draft by" in text_of(app, "flow-mode")

    # Rollback: version 1 opened as a draft and published makes version 3.
    app.click("flow-show-live")
    app.wait.until(lambda d: text_of(app, "flow-live-version") == "live v2")
    app.click("flow-tab-versions")
    app.click("rollback-1")
    app.wait.until(lambda d: "draft by" in text_of(app, "flow-mode"))
    app.click("flow-tab-graph")
    app.visible("designer")
    app.click("flow-publish")
    app.click("publish-confirm")
    app.wait.until(lambda d: text_of(app, "flow-live-version") == "live v3")
    versions = ivr("flow", "versions", "acme-care-main")
    assert [v["version"] for v in versions][:1] == [3], versions


def rename_behind_the_apps_back(ivr, studio_home):
    """Another window (here the CLI) changes the draft the app has open: goodbye becomes farewell.
    Returns the draft."""
    (draft,) = [d for d in ivr("flow", "drafts", "acme-care-main") if d["status"] == "open"]
    ops = studio_home / "ops.json"
    ops.write_text('[{"op": "rename_segment", "name": "goodbye", "newName": "farewell"}]')
    ivr("flow", "edit", draft["changeSetId"], "--ops", str(ops))
    return draft


def test_a_stale_edit_is_refused_and_the_canvas_reloads(launch, ivr, studio_home):
    app = launch()
    open_demo_draft(app)
    rename_behind_the_apps_back(ivr, studio_home)
    move_node(app, "main_menu", 60, 0)
    app.wait.until(lambda d: "Draft reloaded" in d.execute_script("return document.body.textContent"))
    app.el("node-farewell")
    assert app.all('[data-testid="node-goodbye"]') == []


def test_publishing_a_stale_or_discarded_draft(launch, ivr, studio_home):
    app = launch()
    open_demo_draft(app)
    # The same draft changed through the CLI behind the app's back, then Publish in the app.
    draft = rename_behind_the_apps_back(ivr, studio_home)
    app.el("node-goodbye")
    app.click("flow-publish")
    app.click("publish-confirm")
    # Not "someone published first": the draft is reloaded as stored, and the message says why.
    app.wait.until(lambda d: "Not published: draft reloaded" in d.execute_script("return document.body.textContent"))
    app.gone("publish-dialog")
    app.visible("node-farewell")
    assert app.all('[data-testid="node-goodbye"]') == []
    assert app.all('[data-testid="publish-conflict"]') == []
    assert "draft by" in text_of(app, "flow-mode")
    assert text_of(app, "flow-live-version") == "live v1"
    (kept,) = [d for d in ivr("flow", "drafts", "acme-care-main") if d["status"] == "open"]
    assert kept["changeSetId"] == draft["changeSetId"]

    # The reloaded draft publishes once nothing changed it meanwhile; discarded first, it cannot.
    ivr("flow", "discard", draft["changeSetId"])
    app.wait.until(lambda d: app.el("flow-publish").get_attribute("disabled") is None)
    app.click("flow-publish")
    app.click("publish-confirm")
    app.wait.until(lambda d: "this draft was discarded" in d.execute_script("return document.body.textContent"))
    app.gone("publish-dialog")
    assert app.all('[data-testid="publish-conflict"]') == []
    assert text_of(app, "flow-live-version") == "live v1"


def test_prd_is_read_only_in_the_designer(launch, studio_home):
    app = open_prd_copy(launch, studio_home)
    app.nav("flows")
    app.js_click("flow-acme-care-main")
    app.visible("node-main_menu")
    app.visible("flow-read-only")
    assert len(app.all('[data-testid="flow-read-only"]')) == 1
    assert app.el("flow-edit").get_attribute("disabled") is not None
    assert app.all('[data-testid="palette"]') == []
    assert app.all('[data-testid="delete-selection"]') == []
    select_node(app, "main_menu")
    assert app.el("inspector-name").get_attribute("readonly") is not None
    before = node_position(app, "main_menu")
    move_node(app, "main_menu", 80, 40)
    assert node_position(app, "main_menu") == before
    press(app, Keys.DELETE)
    app.visible("node-main_menu")
    app.shot("designer-prd-read-only")


BIG = "12345678901234567890123"


def add_payload_key(studio_home):
    """An admin's own JSON key without a schema on data_lookup (the reference keys all constrain
    their values, so none of them can hold a 23-digit number). No screen or command edits the key
    dictionary, so it is inserted into the environment's SQLite file, as an admin would on a server."""
    con = sqlite3.connect(studio_home / "data" / "local.sqlite")
    with con:
        con.execute(
            "INSERT INTO cfg_Dic_Key (DicSegmentTypeId, KeyName, DicKeyTypeId, IsRequired, DefaultValue, ValidationSchema) "
            "SELECT st.DicSegmentTypeId, 'payload', kt.DicKeyTypeId, 0, NULL, NULL "
            "FROM cfg_Dic_SegmentType AS st, cfg_Dic_KeyType AS kt WHERE st.Code = 'data_lookup' AND kt.Code = 'json'"
        )
    con.close()


def draft_config(ivr, change_set_id, segment):
    view = ivr("flow", "show", "--draft", change_set_id)
    (seg,) = [s for s in view["flow"]["segments"] if s["name"] == segment]
    return seg["config"]


def test_a_23_digit_number_round_trips_through_the_inspector_and_the_audit(launch, ivr, studio_home):
    ivr("routing", "list")  # creates `local` with its demo data
    add_payload_key(studio_home)
    draft = ivr("flow", "open", "acme-care-main", "--description", "e2e: exact numbers")
    ops = studio_home / "lookup.json"
    # Written by the CLI with the number as a JSON number: the audit row holds it as a number.
    ops.write_text(
        '[{"op": "add_segment", "name": "lookup", "segmentType": "data_lookup", "config": {"endpoint": "https://example.com/x"}},'
        f' {{"op": "set_config", "segment": "lookup", "key": "payload", "value": {{"cli": {BIG}}}}}]'
    )
    ivr("flow", "edit", draft["changeSetId"], "--ops", str(ops))
    app = launch()
    open_demo_draft(app)  # resumes the draft (same user)
    select_node(app, "lookup")
    # Shown formatted, every digit as stored (it was read-only with "use ivr flow edit" before).
    app.wait.until(lambda d: BIG in text_of(app, "inspector-field-payload"))
    assert "e+22" not in text_of(app, "inspector-field-payload")
    # Edited in the inspector and left: saved as typed.
    typed = '{"id": 98765432109876543210987, "w": 1.50}'
    app.set_editor("inspector-field-payload", typed)
    app.click("inspector-name")
    saved(app)
    app.wait.until(lambda d: draft_config(ivr, draft["changeSetId"], "lookup").get("payload") == '{"id":98765432109876543210987,"w":1.50}')
    # Shown back as stored after the designer is opened again (the Flows screen reopens the draft).
    app.nav("routing")
    app.nav("flows")
    app.wait.until(lambda d: "draft by" in text_of(app, "flow-mode"))
    app.visible("palette")
    select_node(app, "lookup")
    app.wait.until(lambda d: "98765432109876543210987" in text_of(app, "inspector-field-payload"))
    assert "1.50" in text_of(app, "inspector-field-payload")
    # Undo sends back the stored segment: the CLI's value, exactly (the canvas's undo, not the editor's).
    app.driver.execute_script("document.activeElement?.blur()")
    press(app, Keys.CONTROL, "z")
    saved(app)
    app.wait.until(lambda d: draft_config(ivr, draft["changeSetId"], "lookup").get("payload") == f'{{"cli":{BIG}}}')

    # The audit screen shows both edits with every digit (the CLI's number was shown as 1.2345678901234568e+22).
    app.nav("audit")
    app.wait.until(lambda d: app.all('tr[data-testid^="audit-row-"][data-action="draft_edited"]'))
    ids = app.driver.execute_script(
        "return [...document.querySelectorAll('tr[data-testid^=\"audit-row-\"][data-action=\"draft_edited\"]')].map(r => r.dataset.testid);"
    )
    shown = []
    for testid in ids:
        app.js_click(testid)
        app.click("audit-tab-after")
        app.visible("audit-after")
        shown.append(text_of(app, "audit-after"))
    for digits in (BIG, "98765432109876543210987"):
        assert any(digits in t for t in shown), (digits, shown)
    assert not any("e+22" in t for t in shown), shown


def test_a_19_digit_integer_key_is_saved_exactly_from_the_inspector(launch, ivr, studio_home):
    """An integer key takes every digit an i64 holds (the form refused more than 15 before: a
    JavaScript number rounds them); it is sent as the digits typed (set_config_text)."""
    ivr("routing", "list")  # creates `local` with its demo data
    con = sqlite3.connect(studio_home / "data" / "local.sqlite")
    with con:
        con.execute(
            "INSERT INTO cfg_Dic_Key (DicSegmentTypeId, KeyName, DicKeyTypeId, IsRequired, DefaultValue, ValidationSchema) "
            "SELECT st.DicSegmentTypeId, 'accountId', kt.DicKeyTypeId, 0, NULL, NULL "
            "FROM cfg_Dic_SegmentType AS st, cfg_Dic_KeyType AS kt WHERE st.Code = 'data_lookup' AND kt.Code = 'integer'"
        )
    con.close()
    draft = ivr("flow", "open", "acme-care-main", "--description", "e2e: exact integers")
    ops = studio_home / "lookup.json"
    ops.write_text('[{"op": "add_segment", "name": "lookup", "segmentType": "data_lookup", "config": {"endpoint": "https://example.com/x"}}]')
    ivr("flow", "edit", draft["changeSetId"], "--ops", str(ops))
    app = launch()
    open_demo_draft(app)
    select_node(app, "lookup")
    app.type("inspector-field-accountId", "12.5")
    app.wait.until(lambda d: "whole number" in text_of(app, "inspector"))
    set_field(app, "inspector-field-accountId", "1234567890123456789")
    app.wait.until(lambda d: draft_config(ivr, draft["changeSetId"], "lookup").get("accountId") == "1234567890123456789")
    assert app.el("inspector-field-accountId").get_attribute("value") == "1234567890123456789"
