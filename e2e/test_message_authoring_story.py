"""Issue 11's end-to-end story: one content editor, on a fresh message store of a company project,
does through the Messages screen everything the issue lists, in one sitting; after each step the
stored state is read back with the CLI on the same IVR_STUDIO_HOME, not only what the screen says.

The store speaks nl-BE (default), fr-BE and ar-SA. The admin's part comes first and is not the
editor's: the dictionaries get the language ar-SA and an Arabic voice (CLI). The file dialogs
answer through the debug build's seam (see test_messages_exchange.py): only the path a dialog
returns is given; the export writes and the import reads the file through the app's own code."""

import json

from selenium.webdriver.common.by import By

from test_messages import choose, close_modal, create_store, key_rows, set_text, text_of
from test_messages_exchange import apply_enabled, preview_changes, preview_items
from test_messages_exchange import choose as choose_file

LANGS = ("nl-BE", "fr-BE", "ar-SA")
KEY = "WELCOME_STORY"
STORE = "Care international"
ARABIC_VOICE = {"code": "ar-SA-ZariyahNeural", "engine": "azure", "gender": "female", "name": "Zariyah (ar-SA)"}

# Version 1: Arabic, Chinese and emoji; {amount} in every language once fixed.
V1 = {
    "nl-BE": "Welkom bij Acme 欢迎光临 👋 U betaalt {amount}.",
    "fr-BE": "Bienvenue chez Acme 👋 Vous payez {amount}.",
    "ar-SA": "مرحبا بكم في أكمي 👋 المبلغ المستحق {amount}.",
}
# Version 2: a copy of version 1 with one French word changed.
V2 = dict(V1, **{"fr-BE": "Bienvenue chez Acme 👋 Vous réglez {amount}."})
# The translator's French in the exported file.
TRANSLATED_FR = "Bienvenue chez Acme 🎉 Vous devez {amount}."


def stored_key(ivr, store_id):
    return ivr("messages", "key", "show", str(store_id), KEY)


def stored_texts(shown, version):
    v = next(v for v in shown["versions"] if v["version"] == version)
    return {c["language"]: c["content"] for c in v["contents"]}


def version_states(app):
    """{version: state} of the version cards shown, read in one script (cards re-render)."""
    pairs = app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid^=\"msg-version-\"][data-state]')]"
        ".map(c => [c.dataset.testid.slice('msg-version-'.length), c.dataset.state]);"
    )
    return {int(v): state for v, state in pairs}


def field_errors(app):
    return {lang: app.el(f"msg-edit-{lang}").get_attribute("data-error") == "true" for lang in LANGS}


def modal_closed(app):
    app.wait.until(lambda d: not app.all(".mantine-Modal-overlay"))


def publish(app, version, action):
    """Opens the publish dialog of a version, checks what it is called; returns the dialog's rows
    per language as (changed, now version or None, now text, after version, after text)."""
    app.click(f"msg-publish-{version}")
    app.wait.until(lambda d: app.el("msg-publish-dialog").get_attribute("data-action") == action)
    rows = {}
    for lang in LANGS:
        now = app.el(f"msg-publish-now-{lang}")
        after = app.el(f"msg-publish-after-{lang}")
        rows[lang] = (
            app.el(f"msg-publish-row-{lang}").get_attribute("data-changed") == "true",
            None if now.get_attribute("data-empty") == "true" else int(now.get_attribute("data-version")),
            now.get_attribute("textContent"),
            int(after.get_attribute("data-version")),
            after.get_attribute("textContent"),
        )
    return rows


def confirm_publish(app, ivr, store_id, version):
    app.click("msg-confirm-publish")
    app.gone("msg-publish-dialog")
    app.wait.until(lambda d: version_states(app).get(version) == "published")
    assert stored_key(ivr, store_id)["publishedVersion"] == version


def test_message_authoring_story(launch, ivr, studio_home):
    answer = studio_home / "dialog-answer"
    answer.write_text("")
    app = launch({"IVR_STUDIO_TEST_DIALOG": str(answer)})
    app.visible("nav-messages")

    # The admin's part: Arabic and a voice that speaks it in the dictionaries.
    ivr("dict", "language", "add", "ar-SA", "Arabic (Saudi Arabia)")
    ivr(
        "dict", "voice", "add", "--code", ARABIC_VOICE["code"], "--engine", ARABIC_VOICE["engine"],
        "--language", "ar-SA", "--gender", ARABIC_VOICE["gender"], "--display-name", ARABIC_VOICE["name"],
    )

    # 1. A new store for the company project acme/care: nl-BE, fr-BE, ar-SA; nl-BE the default.
    app.nav("messages")
    app.visible("msg-key-table")
    create_store(app, STORE, LANGS, "nl-BE")
    [store] = [s for s in ivr("messages", "store", "list") if s["name"] == STORE]
    assert (store["customerId"], store["projectId"]) == ("acme", "care"), store
    assert store["allowedLanguages"] == list(LANGS) and store["defaultLanguage"] == "nl-BE", store
    assert store["keyCount"] == 0 and store["voices"] == [], store
    sid = store["id"]
    app.wait.until(lambda d: key_rows(app) == [])

    # 2. A key: a lowercase name is refused at the field as it is typed, and Save stores nothing.
    app.click("msg-key-new")
    app.visible("msg-key-form")
    name = app.type("msg-key-name", KEY.lower())
    app.text_appears("msg-key-form", "UPPER_SNAKE_CASE (e.g.")
    app.wait.until(lambda d: name.get_attribute("aria-invalid") == "true")
    choose(app, "msg-key-category", "Welcome", search="Welc")
    app.click("msg-key-save")
    app.visible("msg-key-form")
    assert ivr("messages", "key", "list", str(sid))["total"] == 0
    app.type("msg-key-name", KEY)
    app.wait.until(lambda d: name.get_attribute("aria-invalid") != "true")
    app.click("msg-key-save")
    app.text_appears("msg-detail-key", KEY)
    app.wait.until(lambda d: key_rows(app) == [KEY])
    created = stored_key(ivr, sid)
    assert (created["messageType"], created["category"], created["versions"]) == ("tts", "welcome", []), created

    # 3. Version 1: {amount} typed in Dutch only is marked on every field before Save; Save is
    # refused and stores nothing; fixed, it is stored exactly (Arabic, Chinese, emoji).
    app.js_click("msg-version-new")
    app.visible("msg-version-form")
    set_text(app, "msg-edit-input-nl-BE", V1["nl-BE"])
    set_text(app, "msg-edit-input-fr-BE", V1["fr-BE"].replace(" {amount}", ""))
    set_text(app, "msg-edit-input-ar-SA", V1["ar-SA"].replace(" {amount}", ""))
    app.wait.until(lambda d: all(field_errors(app).values()))
    assert "nl-BE uses {amount} (not in fr-BE, ar-SA)" in text_of(app, "msg-edit-nl-BE")
    for lang in ("fr-BE", "ar-SA"):
        assert f"{lang} lacks {{amount}} (used in nl-BE)" in text_of(app, f"msg-edit-{lang}")
    # Arabic is written right to left, in its field and its editor; the others left to right.
    assert app.el("msg-edit-ar-SA").get_attribute("data-dir") == "rtl"
    assert app.el("msg-edit-input-ar-SA").get_attribute("dir") == "rtl"
    content = app.el("msg-edit-input-ar-SA").find_element(By.CSS_SELECTOR, ".cm-content")
    assert (content.get_attribute("dir"), content.get_attribute("lang")) == ("rtl", "ar-SA")
    for lang in ("nl-BE", "fr-BE"):
        assert app.el(f"msg-edit-input-{lang}").get_attribute("dir") == "ltr"
    app.shot("story-version-mismatch")
    app.js_click("msg-version-save")
    app.visible("msg-version-blocked")
    assert stored_key(ivr, sid)["versions"] == []

    set_text(app, "msg-edit-input-fr-BE", V1["fr-BE"])
    set_text(app, "msg-edit-input-ar-SA", V1["ar-SA"])
    app.wait.until(lambda d: not any(field_errors(app).values()))
    app.shot("story-version-arabic")
    app.js_click("msg-version-save")
    app.gone("msg-version-form")
    app.visible("msg-version-1")
    shown = stored_key(ivr, sid)
    assert [v["version"] for v in shown["versions"]] == [1] and shown["publishedVersion"] is None, shown
    assert stored_texts(shown, 1) == V1
    assert app.el("msg-content-1-ar-SA").find_element(By.CSS_SELECTOR, "[dir]").get_attribute("dir") == "rtl"
    assert V1["ar-SA"] in text_of(app, "msg-content-1-ar-SA")

    # 4. Publish version 1: the dialog says, per language, that callers hear nothing now and
    # version 1's text after.
    rows = publish(app, 1, "publish")
    for lang in LANGS:
        changed, now_v, _, after_v, after = rows[lang]
        assert (changed, now_v, after_v) == (True, None, 1), (lang, rows[lang])
        assert V1[lang] in after, (lang, after)
    heard = app.el("msg-publish-after-ar-SA").find_element(By.CSS_SELECTOR, "[dir]")
    assert heard.get_attribute("dir") == "rtl"
    app.shot("story-publish")
    confirm_publish(app, ivr, sid, 1)

    # 5. Version 2 from a copy of version 1, one French word changed; published: only French
    # changes for callers.
    app.js_click("msg-copy-1")
    app.visible("msg-version-form")
    for lang in LANGS:
        assert V1[lang] in text_of(app, f"msg-edit-input-{lang}"), lang
    set_text(app, "msg-edit-input-fr-BE", V2["fr-BE"])
    app.wait.until(lambda d: not any(field_errors(app).values()))
    app.js_click("msg-version-save")
    app.gone("msg-version-form")
    app.visible("msg-version-2")
    shown = stored_key(ivr, sid)
    assert stored_texts(shown, 2) == V2 and shown["publishedVersion"] == 1, shown
    rows = publish(app, 2, "publish")
    assert {lang: r[0] for lang, r in rows.items()} == {"nl-BE": False, "fr-BE": True, "ar-SA": False}, rows
    assert (rows["fr-BE"][1], rows["fr-BE"][3]) == (1, 2)
    assert V1["fr-BE"] in rows["fr-BE"][2] and V2["fr-BE"] in rows["fr-BE"][4], rows["fr-BE"]
    confirm_publish(app, ivr, sid, 2)

    # 6. Compare versions 1 and 2: French is the changed language, as stored.
    app.driver.find_element(By.XPATH, '//label[contains(., "Compare")]').click()
    app.visible("msg-compare")
    choose(app, "msg-compare-a", "Version 1")
    choose(app, "msg-compare-b", "Version 2")
    app.wait.until(lambda d: app.el("msg-compare-fr-BE").get_attribute("data-changed") == "true")
    shown = stored_key(ivr, sid)
    differ = [lang for lang in LANGS if stored_texts(shown, 1)[lang] != stored_texts(shown, 2)[lang]]
    assert differ == ["fr-BE"]
    assert {lang: app.el(f"msg-compare-{lang}").get_attribute("data-changed") for lang in LANGS} == {
        "nl-BE": "false", "fr-BE": "true", "ar-SA": "false",
    }
    assert "Different in fr-BE." in text_of(app, "msg-compare-summary")
    # Side by side, only the French word that changed is marked, on each side.
    marked = [
        [e.get_attribute("textContent") for e in app.all(f'[data-testid="msg-compare-fr-BE-{side}"] {tag}')]
        for side, tag in (("a", "del"), ("b", "ins"))
    ]
    assert marked == [["payez"], ["réglez"]], marked
    arabic = app.all('[data-testid="msg-compare-ar-SA"] [dir="rtl"]')
    assert arabic and all(V1["ar-SA"] in e.get_attribute("textContent") for e in arabic)
    app.shot("story-compare")

    # 7. Roll back to version 1: the pointer is version 1 again, version 2 is kept, newer.
    app.driver.find_element(By.XPATH, '//label[contains(., "Versions")]').click()
    app.visible("msg-version-2")
    rows = publish(app, 1, "rollback")
    assert (rows["fr-BE"][0], rows["fr-BE"][1], rows["fr-BE"][3]) == (True, 2, 1), rows["fr-BE"]
    assert "Roll back" in text_of(app, "msg-confirm-publish")
    confirm_publish(app, ivr, sid, 1)
    assert version_states(app) == {1: "published", 2: "newer"}

    # 8. The default voice of ar-SA: only the dictionary's active voices speaking ar-SA are offered.
    voices = ivr("dict", "list", "voices")
    arabic_voices = sorted(v["displayName"] for v in voices if v["language"] == "ar-SA" and v["isActive"])
    assert arabic_voices == [ARABIC_VOICE["name"]] and any(v["language"] != "ar-SA" for v in voices)
    modal_closed(app)
    app.click("msg-store-voices")
    app.visible("msg-voices")
    app.click("msg-voice-ar-SA")
    app.wait.until(lambda d: [o for o in app.all("[role='option']") if o.is_displayed()])
    offered = [o.get_attribute("textContent") for o in app.all("[role='option']") if o.is_displayed()]
    assert sorted(o.split(" · ")[0] for o in offered) == arabic_voices, offered
    assert offered == [f"{ARABIC_VOICE['name']} · {ARABIC_VOICE['engine']} · {ARABIC_VOICE['gender']}"], offered
    # The list is open: its one option is clicked.
    [option] = [o for o in app.all("[role='option']") if o.is_displayed()]
    app.driver.execute_script("arguments[0].click();", option)
    app.wait.until(lambda d: ivr("messages", "store", "show", str(sid))["voices"])
    assert [(v["language"], v["voiceCode"]) for v in ivr("messages", "store", "show", str(sid))["voices"]] == [
        ("ar-SA", ARABIC_VOICE["code"])
    ]
    [voice_audit] = ivr("audit", "list", "--entity-type", "msg_MessageStoreVoiceConfig", "--limit", "1")["items"]
    assert (voice_audit["entityId"], voice_audit["before"]) == (f"{sid}:ar-SA", None), voice_audit
    assert json.loads(voice_audit["after"]) == {"language": "ar-SA", "voice": ARABIC_VOICE["code"]}, voice_audit
    close_modal(app)
    app.gone("msg-voices")
    modal_closed(app)

    # 9. Export a CSV of the latest versions through the save dialog's code path.
    app.click("msg-store-exchange")
    app.visible("msg-exchange")
    sheet = studio_home / "welcome-story.csv"
    answer.write_text(str(sheet))
    app.click("msg-export")
    app.visible("msg-export-done")
    assert app.el("msg-export-done").get_attribute("data-path") == str(sheet)
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
    lines = raw.decode("utf-8-sig").splitlines()
    header = lines[0].split(",")
    assert set(LANGS) <= set(header), header
    assert len(lines) == 2 and lines[1].startswith(f"{KEY},"), lines
    for lang in LANGS:
        assert V2[lang].encode() in raw, lang

    # The translator edits the French cell outside the app; every other byte stays as it was.
    old_fr = V2["fr-BE"].encode()
    assert raw.count(old_fr) == 1
    edited = raw.replace(old_fr, TRANSLATED_FR.encode())
    sheet.write_bytes(edited)
    assert V1["ar-SA"].encode() in edited and raw.split(old_fr)[0] == edited.split(TRANSLATED_FR.encode())[0]

    # 10. Import it: the preview lists the one change; applied, a new version has the translator's
    # French and the Arabic unchanged, byte for byte; callers still hear version 1.
    choose_file(app, answer, sheet)
    app.wait.until(lambda d: app.el("msg-import-preview").get_attribute("data-errors") == "0")
    assert preview_items(app) == [[KEY, "new_version"]]
    # French only, from the latest version's text (version 2) to the file's; Arabic is not listed.
    assert preview_changes(app) == [[KEY, "fr-BE", "text", V2["fr-BE"], TRANSLATED_FR, "ltr"]], preview_changes(app)
    assert apply_enabled(app)
    assert [v["version"] for v in stored_key(ivr, sid)["versions"]] == [1, 2], "the preview wrote something"
    app.shot("story-import-preview")
    app.click("msg-import-apply")
    app.text_appears("msg-import-done", "0 key(s) created, 1 version(s) added, 0 unchanged")
    shown = stored_key(ivr, sid)
    assert [v["version"] for v in shown["versions"]] == [1, 2, 3] and shown["publishedVersion"] == 1, shown
    v3 = stored_texts(shown, 3)
    assert v3 == dict(V2, **{"fr-BE": TRANSLATED_FR}), v3
    assert v3["ar-SA"].encode() == V1["ar-SA"].encode()
    close_modal(app)
    app.gone("msg-exchange")
    modal_closed(app)
    app.text_appears("msg-content-3-fr-BE", TRANSLATED_FR)
    assert version_states(app) == {1: "published", 2: "newer", 3: "newer"}

    # 11. Delete the key (no flow uses it: one confirmation), then find it in the store's audit.
    app.click("msg-key-delete")
    app.visible("msg-delete-unused")
    app.click("msg-delete-confirm")
    app.wait.until(lambda d: key_rows(app) == [])
    assert ivr("messages", "key", "list", str(sid))["total"] == 0
    modal_closed(app)
    app.click("msg-store-audit")
    app.visible("msg-store-audit-table")
    app.wait.until(
        lambda d: app.all(f'[data-testid="msg-store-audit-table"] [data-action="deleted"][data-key="{KEY}"]')
    )
    app.shot("story-store-audit")
    # The whole story, oldest first, as stored; the screen lists the same rows.
    audit = ivr("messages", "audit", str(sid))
    story = [(a["key"], a["change"]["kind"], a["change"].get("from"), a["change"].get("to")) for a in reversed(audit["items"])]
    assert story == [
        (KEY, "created", None, None),
        (KEY, "versionAdded", None, None),
        (KEY, "published", None, 1),
        (KEY, "versionAdded", None, None),
        (KEY, "published", 1, 2),
        (KEY, "rolledBack", 2, 1),
        (KEY, "versionAdded", None, None),
        (KEY, "deleted", None, None),
    ], story
    actions = [(a["key"], a["action"]) for a in reversed(audit["items"])]
    shown_rows = app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"msg-store-audit-table\"] [data-testid=\"msg-audit-row\"]')]"
        ".map(r => [r.dataset.key, r.dataset.action]);"
    )
    assert [tuple(r) for r in reversed(shown_rows)] == actions, (shown_rows, actions)
