"""The Messages screen on the demo store: its keys, a search that narrows them, a key's versions in
every language with the published one marked, and its audit trail."""

import json

from test_environments import open_prd_copy

LANGS = ("nl-BE", "fr-BE", "en-US")


def key_rows(app):
    # Read in one script: the table re-renders while a search runs, so element handles go stale.
    return app.driver.execute_script(
        "return [...document.querySelectorAll('tr[data-testid^=\"msg-key-\"]')].map(r => r.dataset.key);"
    )


def test_messages_search_and_versions(launch):
    app = launch()
    app.nav("messages")
    # The demo store allows three languages, nl-BE the default.
    for lang in LANGS:
        app.visible(f"msg-store-lang-{lang}")
    assert "(default)" in app.el("msg-store-lang-nl-BE").get_attribute("textContent")
    app.visible("msg-key-table")
    app.wait.until(lambda d: "WELCOME" in key_rows(app))
    keys = key_rows(app)
    # The demo store's 12 keys fit on the first page, in key order.
    assert len(keys) == 12, keys
    assert keys == sorted(keys)
    assert {"MAIN_MENU", "GOODBYE", "HOLD"} <= set(keys)

    app.type("msg-search", "menu")
    app.wait.until(lambda d: key_rows(app) == ["MAIN_MENU", "MENU_INVALID", "MENU_NO_INPUT"])

    app.js_click("msg-key-MAIN_MENU")
    app.visible("msg-detail")
    app.text_appears("msg-detail-key", "MAIN_MENU")
    # The demo's MAIN_MENU has three versions; version 2 is published, 3 is newer.
    for v in (1, 2, 3):
        app.visible(f"msg-version-{v}")
        for lang in LANGS:
            cell = app.el(f"msg-content-{v}-{lang}")
            assert cell.get_attribute("data-missing") == "false", (v, lang, cell.text)
            assert cell.text.strip(), (v, lang)
    assert app.el("msg-version-2").get_attribute("data-state") == "published"
    assert app.el("msg-version-3").get_attribute("data-state") == "newer"
    assert app.el("msg-version-1").get_attribute("data-state") == "older"
    assert "published" in app.el("msg-version-2").get_attribute("textContent")
    # Each language says something different: the rows are not one text repeated.
    texts = {app.el(f"msg-content-2-{lang}").text for lang in LANGS}
    assert len(texts) == 3, texts
    app.shot("messages")

    app.click("msg-tab-audit")
    app.visible("msg-audit-table")
    actions = [r.get_attribute("data-action") for r in app.all('[data-testid="msg-audit-row"]')]
    assert "published" in actions and "created" in actions, actions

    # The demo flow's main_menu segment plays MAIN_MENU.
    app.click("msg-tab-used")
    app.visible("msg-used-table")
    segments = [r.get_attribute("data-segment") for r in app.all('[data-testid="msg-used-row"]')]
    assert "main_menu" in segments, segments


def test_messages_search_by_text_in_any_language(launch):
    app = launch()
    app.nav("messages")
    app.visible("msg-key-table")
    app.wait.until(lambda d: "WELCOME" in key_rows(app))
    # French, upper case: only MAIN_MENU's latest version (v3) says "réécouter".
    app.type("msg-text-search", "RÉÉCOUTER")
    app.wait.until(lambda d: key_rows(app) == ["MAIN_MENU"])
    # Any language, published or latest version; combined with the key search.
    app.type("msg-text-search", "appuyez")
    app.wait.until(lambda d: key_rows(app) == ["LANGUAGE_SELECT", "MAIN_MENU"])
    app.shot("messages-text-search")
    app.type("msg-search", "menu")
    app.wait.until(lambda d: key_rows(app) == ["MAIN_MENU"])
    app.type("msg-search", "")
    # WELCOME's version 1 says "Bienvenue chez Acme", but v2 is both published and latest.
    app.type("msg-text-search", "bienvenue chez")
    app.wait.until(lambda d: key_rows(app) == [])
    app.wait.until(lambda d: "No key matches these filters" in d.find_element("css selector", "body").text)
    app.type("msg-text-search", "bienvenue")
    app.wait.until(lambda d: key_rows(app) == ["WELCOME"])


def open_key(app, key):
    app.nav("messages")
    app.visible("msg-key-table")
    app.type("msg-search", key)
    app.wait.until(lambda d: key in key_rows(app))
    app.js_click(f"msg-key-{key}")
    app.text_appears("msg-detail-key", key)


def states(app):
    return {v: app.el(f"msg-version-{v}").get_attribute("data-state") for v in (1, 2, 3)}


def test_messages_publish_and_roll_back(launch, ivr):
    app = launch()
    # Version 4 says what the published version 2 says, only faster in nl-BE: nl-BE callers hear
    # a difference (the dialog says which), the other languages none.
    shown = ivr("messages", "key", "show", "acme/care", "MAIN_MENU")
    v2 = next(v for v in shown["versions"] if v["version"] == 2)
    nl = next(c["content"] for c in v2["contents"] if c["language"] == "nl-BE")
    ivr("messages", "version", "add", "acme/care", "MAIN_MENU", "--copy-from", "2", "--text", f"nl-BE={nl}", "--settings", 'nl-BE={"rate":1.2}')
    open_key(app, "MAIN_MENU")
    assert states(app) == {1: "older", 2: "published", 3: "newer"}
    app.click("msg-publish-4")
    app.wait.until(lambda d: app.el("msg-publish-dialog").get_attribute("data-action") == "publish")
    assert [app.el(f"msg-publish-row-{lang}").get_attribute("data-changed") for lang in LANGS] == ["true", "false", "false"]
    assert text_of(app, "msg-publish-settings-nl-BE") == "rate: 1 → 1.2"
    close_modal(app)
    app.wait.until(lambda d: not d.find_elements("css selector", "[data-testid=msg-publish-dialog]"))

    # Publishing version 3 switches every language at once.
    app.click("msg-publish-3")
    app.click("msg-confirm-publish")
    app.wait.until(lambda d: states(app) == {1: "older", 2: "older", 3: "published"})
    app.wait.until(lambda d: "v3 published" in app.el("msg-key-MAIN_MENU").text)

    # Version 2 is now older: the button rolls back to it.
    # textContent: WebKitWebDriver leaves Mantine button and badge labels out of `.text`.
    assert "Roll back" in app.el("msg-publish-2").get_attribute("textContent")
    app.click("msg-publish-2")
    app.click("msg-confirm-publish")
    app.wait.until(lambda d: states(app)[2] == "published")

    app.click("msg-tab-audit")
    app.text_appears("msg-audit-table", "rolled back to v2 (was v3)")
    app.text_appears("msg-audit-table", "published v3 (was v2)")
    app.shot("messages-audit")


def test_messages_publish_on_locked_prd_is_refused(launch, studio_home):
    app = open_prd_copy(launch, studio_home)
    assert app.el("tier-banner").get_attribute("data-read-only") == "true"

    open_key(app, "MAIN_MENU")
    app.visible("msg-read-only")
    app.click("msg-publish-3")
    app.click("msg-confirm-publish")
    alert = app.visible("error-alert")
    assert alert.get_attribute("data-code") == "READ_ONLY"
    assert "read-only" in alert.text.lower(), alert.text
    # Nothing changed: version 2 is still the published one.
    assert states(app) == {1: "older", 2: "published", 3: "newer"}


# ------------------------------------------------------------------ authoring (issue 11)

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC


def choose(app, testid, text, search=None):
    """Opens a Mantine select (typing `search` first into a searchable one, whose list scrolls)
    and clicks the shown option whose label contains `text`."""
    app.click(testid)
    if search:
        app.type(testid, search)

    def shown(d):
        found = [o for o in app.all("[role='option']") if text in o.get_attribute("textContent") and o.is_displayed()]
        return found[0] if found else False

    app.driver.execute_script("arguments[0].click();", app.wait.until(shown))


def set_text(app, testid, text):
    """Puts text into an input, a textarea or a message text editor (CodeMirror) the way typing
    would reach React (any script, emoji too: WebKitWebDriver cannot type characters outside the BMP)."""
    el = app.visible(testid)
    editors = el.find_elements(By.CSS_SELECTOR, ".cm-content")
    if editors:
        # Select all and insert, as a paste would: CodeMirror reads it like typed input.
        app.driver.execute_script(
            "const c = arguments[0]; c.focus();"
            "document.execCommand('selectAll', false, null);"
            "if (arguments[1]) document.execCommand('insertText', false, arguments[1]);"
            "else document.execCommand('delete', false, null);",
            editors[0],
            text,
        )
        return el
    if el.tag_name not in ("input", "textarea"):
        el = el.find_element(By.CSS_SELECTOR, "input, textarea")
    app.driver.execute_script(
        "const el = arguments[0];"
        "const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;"
        "Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);"
        "el.dispatchEvent(new Event('input', { bubbles: true }));",
        el,
        text,
    )
    return el


def text_of(app, testid):
    return app.el(testid).get_attribute("textContent")


def test_messages_key_create_edit_delete_restore(launch):
    app = launch()
    app.nav("messages")
    app.visible("msg-key-table")
    app.wait.until(lambda d: "WELCOME" in key_rows(app))
    app.click("msg-key-new")
    app.visible("msg-key-form")

    # The name is checked as it is typed: the key rule here, a taken name by the store.
    app.type("msg-key-name", "new_greeting")
    app.text_appears("msg-key-form", "UPPER_SNAKE_CASE")
    set_text(app, "msg-key-name", "A" * 65)
    app.text_appears("msg-key-form", "65 characters")
    app.type("msg-key-name", "MAIN_MENU")
    app.text_appears("msg-key-form", "MAIN_MENU already exists")
    assert app.el("msg-key-save").get_attribute("disabled") is not None
    app.type("msg-key-name", "NEW_GREETING")
    app.wait.until(lambda d: "already exists" not in text_of(app, "msg-key-form") and "UPPER_SNAKE_CASE (e.g." not in text_of(app, "msg-key-form"))
    choose(app, "msg-key-category", "Welcome", search="Welc")
    app.type("msg-key-display", "New greeting")
    app.shot("messages-key-new")
    app.click("msg-key-save")
    app.text_appears("msg-detail-key", "NEW_GREETING")
    app.wait.until(lambda d: "NEW_GREETING" in key_rows(app))
    app.visible("msg-slots")
    assert "0 of 10 versions used" in text_of(app, "msg-slots")

    # Edit the display name and category.
    app.click("msg-key-edit")
    app.visible("msg-key-edit-form")
    app.type("msg-key-display", "Greeting for new callers")
    choose(app, "msg-key-category", "Information", search="Inform")
    app.click("msg-key-save")
    app.text_appears("msg-detail", "Greeting for new callers")
    # textContent: WebKitWebDriver leaves Mantine badge labels out of `.text`.
    app.wait.until(lambda d: "info" in text_of(app, "msg-detail"))

    # No flow uses it: one confirmation deletes it.
    app.click("msg-key-delete")
    app.visible("msg-delete-unused")
    app.click("msg-delete-confirm")
    app.wait.until(lambda d: "NEW_GREETING" not in key_rows(app))
    # The store's audit still lists the deleted key.
    app.wait.until(lambda d: not app.all(".mantine-Modal-overlay"))
    app.click("msg-store-audit")
    app.visible("msg-store-audit-table")
    app.wait.until(
        lambda d: app.all('[data-testid="msg-store-audit-table"] [data-action="deleted"][data-key="NEW_GREETING"]')
    )
    close_modal(app)
    app.wait.until(lambda d: not app.all(".mantine-Modal-overlay"))

    # Deleted keys can be listed and restored, audited.
    app.js_click("msg-deleted")
    app.js_click("msg-deleted-key-NEW_GREETING")
    app.visible("msg-deleted-alert")
    app.click("msg-key-restore")
    app.wait.until(lambda d: "NEW_GREETING" in key_rows(app))
    app.wait.until(lambda d: app.el("msg-key-NEW_GREETING").get_attribute("data-active") == "true")
    app.click("msg-tab-audit")
    app.text_appears("msg-audit-table", "restored the deleted key")
    app.text_appears("msg-audit-table", "deleted the key")
    app.text_appears("msg-audit-table", "changed display name")


def test_messages_delete_key_used_by_published_flow_needs_second_confirmation(launch, ivr):
    app = launch()
    open_key(app, "MAIN_MENU")
    app.click("msg-key-delete")
    app.visible("msg-delete-uses")
    uses = app.all('[data-testid="msg-delete-use"]')
    assert any(u.get_attribute("data-published") == "true" for u in uses), [u.text for u in uses]
    assert "main_menu" in text_of(app, "msg-delete-uses")
    # A first confirmation only leads to the second, explicit one.
    app.click("msg-delete-next")
    app.visible("msg-delete-second")
    assert app.el("msg-delete-confirm").get_attribute("disabled") is not None
    app.shot("messages-delete-published")
    app.js_click("msg-delete-understood")
    app.wait.until(lambda d: app.el("msg-delete-confirm").get_attribute("disabled") is None)
    app.click("msg-delete-confirm")
    app.wait.until(lambda d: "MAIN_MENU" not in key_rows(app))
    keys = [k["key"] for k in ivr("messages", "key", "list", "acme/care")["items"]]
    assert "MAIN_MENU" not in keys, keys


def test_messages_version_editor_live_checks_publish_and_compare(launch):
    app = launch()
    open_key(app, "GOODBYE")
    app.visible("msg-version-1")
    versions_before = len(app.all('[data-testid^="msg-version-"][data-state]'))
    app.visible("msg-slots")
    # Through the DOM: a pointer click on the freshly drawn panel is sometimes dropped by WebKitWebDriver.
    app.js_click("msg-version-new")
    app.visible("msg-version-form")
    assert f"{versions_before} of 10 versions used" in text_of(app, "msg-version-form")

    # Problems show on their field while typing: placeholders, SSML, empty text.
    set_text(app, "msg-edit-input-nl-BE", "Tot ziens {name}, bedankt")
    set_text(app, "msg-edit-input-fr-BE", "Au revoir {nom} 😀")
    set_text(app, "msg-edit-input-en-US", "<speak>Goodbye {name}")
    app.wait.until(lambda d: app.el("msg-edit-fr-BE").get_attribute("data-error") == "true")
    assert "fr-BE lacks {name} (used in nl-BE, en-US) and uses {nom} (not in nl-BE, en-US)" in text_of(app, "msg-edit-fr-BE")
    app.wait.until(lambda d: "the SSML ends before <speak> is closed" in text_of(app, "msg-edit-en-US"))
    # Both sides of a placeholder difference are marked, the languages that agree among themselves too.
    assert "nl-BE lacks {nom} (used in fr-BE) and uses {name} (not in fr-BE)" in text_of(app, "msg-edit-nl-BE")
    assert "25 characters" in text_of(app, "msg-edit-count-nl-BE")
    # SSML is highlighted once a text starts with <speak> (its tag name is a token of its own);
    # plain text is not; placeholders are marked in both.
    assert app.el("msg-edit-input-en-US").get_attribute("data-ssml") == "true"
    assert app.el("msg-edit-input-nl-BE").get_attribute("data-ssml") == "false"
    tokens = app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"msg-edit-input-en-US\"] .cm-line span')].map(s => s.textContent);"
    )
    assert "speak" in tokens and "{name}" in tokens, tokens
    marked = app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"msg-edit-input-nl-BE\"] .cm-message-placeholder')].map(s => s.textContent);"
    )
    assert marked == ["{name}"], marked
    app.shot("messages-version-editor-errors")
    # Saving with problems is refused before anything is sent.
    app.click("msg-version-save")
    app.visible("msg-version-blocked")

    set_text(app, "msg-edit-input-fr-BE", "Au revoir {name} 😀")
    set_text(app, "msg-edit-input-en-US", '<speak>Goodbye {name} <break time="300ms"/></speak>')
    app.wait.until(lambda d: all(app.el(f"msg-edit-{l}").get_attribute("data-error") == "false" for l in LANGS))
    assert "18 characters" in text_of(app, "msg-edit-count-fr-BE"), text_of(app, "msg-edit-count-fr-BE")
    # Well-formed SSML, highlighted (tags, attributes, placeholders) next to plain text.
    app.wait.until(lambda d: app.el("msg-edit-input-en-US").get_attribute("data-ssml") == "true")
    app.shot("messages-ssml-highlighting")
    app.click("msg-version-save")
    app.gone("msg-version-form")
    new = versions_before + 1
    app.visible(f"msg-version-{new}")
    assert app.el(f"msg-content-{new}-fr-BE").text.startswith("Au revoir {name}")
    assert app.el(f"msg-version-{new}").get_attribute("data-state") == "newer"

    # A copy with a placeholder added to one language: every language says what differs as it is
    # typed, before Save is clicked.
    app.js_click(f"msg-copy-{new}")
    app.visible("msg-version-form")
    set_text(app, "msg-edit-input-nl-BE", "Tot ziens {name}, u betaalt {amount}")
    app.wait.until(lambda d: all(app.el(f"msg-edit-{l}").get_attribute("data-error") == "true" for l in LANGS))
    assert "nl-BE uses {amount} (not in fr-BE, en-US)" in text_of(app, "msg-edit-nl-BE")
    for lang in ("fr-BE", "en-US"):
        assert f"{lang} lacks {{amount}} (used in nl-BE)" in text_of(app, f"msg-edit-{lang}")
    assert not app.all('[data-testid="msg-version-blocked"]')
    app.click_css(".mantine-Modal-close")
    app.click("discard-changes")
    app.gone("msg-version-form")

    # Publish: the dialog shows per language what callers hear now and after.
    app.click(f"msg-publish-{new}")
    app.visible("msg-publish-dialog")
    app.wait.until(lambda d: app.el("msg-publish-dialog").get_attribute("data-action") == "publish")
    for lang in LANGS:
        assert app.el(f"msg-publish-row-{lang}").get_attribute("data-changed") == "true"
    assert "Au revoir {name}" in text_of(app, "msg-publish-after-fr-BE")
    # Inside each line the words that change for callers are marked, as in Compare: what they hear
    # now loses "Merci pour votre appel.", what they will hear gains "{name} 😀" (the emoji whole).
    now_marks, after_marks = marks(app, "msg-publish-now-fr-BE", "del"), marks(app, "msg-publish-after-fr-BE", "ins")
    assert "Merci pour votre appel." in now_marks and any("{name} 😀" in m for m in after_marks), (now_marks, after_marks)
    assert not any("revoir" in m for m in now_marks + after_marks), (now_marks, after_marks)
    app.shot("messages-publish-dialog")
    app.click("msg-confirm-publish")
    app.wait.until(lambda d: app.el(f"msg-version-{new}").get_attribute("data-state") == "published")

    # Compare the published version with version 1, language by language.
    app.driver.find_element(By.XPATH, '//label[contains(., "Compare")]').click()
    app.visible("msg-compare")
    choose(app, "msg-compare-b", "Version 1")
    app.wait.until(lambda d: app.el("msg-compare-fr-BE").get_attribute("data-changed") == "true")
    assert "Au revoir {name}" in text_of(app, "msg-compare-fr-BE")
    # Side by side, the words that differ marked inside each line (the emoji whole), the words
    # both keep unmarked; nl-BE and fr-BE have equal TypeSettings, so no settings diff.
    old_marks, new_marks = marks(app, "msg-compare-fr-BE-a", "del"), marks(app, "msg-compare-fr-BE-b", "ins")
    assert any("😀" in m for m in old_marks) and any("Merci" in m for m in new_marks), (old_marks, new_marks)
    assert not any("revoir" in m for m in old_marks + new_marks), (old_marks, new_marks)
    assert not app.all('[data-testid="msg-compare-fr-BE"] [data-testid="diff-field-TypeSettings"]')
    app.shot("messages-compare")


def test_messages_rollback_conflict_shows_the_new_state(launch, ivr):
    app = launch()
    open_key(app, "MAIN_MENU")
    assert states(app) == {1: "older", 2: "published", 3: "newer"}
    # Version 1 is older than the published one: the app calls it a rollback.
    app.click("msg-publish-1")
    app.wait.until(lambda d: app.el("msg-publish-dialog").get_attribute("data-action") == "rollback")
    assert "Roll back" in text_of(app, "msg-confirm-publish")
    # Version 1 is a shorter menu: what callers hear now (version 2) has its sales option marked.
    assert any("ventes" in m for m in marks(app, "msg-publish-now-fr-BE", "del"))
    # Someone publishes version 3 behind the app's back.
    ivr("messages", "publish", "acme/care", "MAIN_MENU", "3")
    app.click("msg-confirm-publish")
    app.visible("msg-publish-conflict")
    # The dialog now shows what callers hear now: version 3; nothing was rolled back.
    app.wait.until(lambda d: app.el("msg-publish-now-fr-BE").get_attribute("data-version") == "3")
    shown = ivr("messages", "key", "show", "acme/care", "MAIN_MENU")
    assert shown["publishedVersion"] == 3, shown
    # The marks follow the new state: version 3's extra sentence is what callers would lose now.
    app.wait.until(lambda d: any("étoile" in m for m in marks(app, "msg-publish-now-fr-BE", "del")))
    assert not marks(app, "msg-publish-after-fr-BE", "ins")
    app.shot("messages-publish-conflict")
    # Confirming again (knowing the new state) rolls back.
    app.click("msg-confirm-publish")
    app.wait.until(lambda d: states(app)[1] == "published")


def marks(app, testid, tag):
    """The marked runs (`del` or `ins`) inside an element, read in one script (React may redraw it)."""
    return app.driver.execute_script(
        f"return [...document.querySelectorAll('[data-testid=\"{testid}\"] {tag}')].map(e => e.textContent);"
    )


def field_error(app, testid):
    """The error Mantine shows under an input ("" for none)."""
    return app.driver.execute_script(
        "const w = document.querySelector(`[data-testid=\"${arguments[0]}\"]`).closest('.mantine-InputWrapper-root');"
        "return w.querySelector('.mantine-InputWrapper-error')?.textContent ?? '';",
        testid,
    )


def close_modal(app):
    app.driver.execute_script("document.querySelector('.mantine-Modal-close')?.click();")


def create_store(app, name, languages, default):
    """A message store for the company project acme/care through the New store dialog, languages
    in the order given; the screen then shows it."""
    app.click("msg-store-new")
    app.visible("msg-store-form")
    choose(app, "msg-store-project", "acme/care", search="acme")
    app.type("msg-store-name", name)
    for lang in languages:
        choose(app, "msg-store-languages", lang, search=lang)
    app.el("msg-store-languages").send_keys("\ue00c")  # Esc closes the list, not the dialog
    choose(app, "msg-store-default", default)
    app.click("msg-store-save")
    for lang in languages:
        app.visible(f"msg-store-lang-{lang}")
    assert "(default)" in text_of(app, f"msg-store-lang-{default}")


def test_messages_store_languages_voices_and_an_arabic_version(launch, ivr):
    app = launch()
    app.visible("nav-messages")
    ivr("dict", "language", "add", "ar-SA", "Arabic (Saudi Arabia)")
    app.nav("messages")
    app.visible("msg-key-table")

    # A new store for the company project: nl-BE, fr-BE and ar-SA, nl-BE the default.
    create_store(app, "Care international", ("nl-BE", "fr-BE", "ar-SA"), "nl-BE")
    store = next(s for s in ivr("messages", "store", "list") if s["name"] == "Care international")
    assert store["allowedLanguages"] == ["nl-BE", "fr-BE", "ar-SA"], store

    # Voices: each language offers only the voices that speak it.
    app.click("msg-store-voices")
    app.visible("msg-voice-none-ar-SA")
    app.click("msg-voice-fr-BE")
    app.wait.until(lambda d: [o for o in app.all("[role='option']") if o.is_displayed()])
    offered = [o.get_attribute("textContent") for o in app.all("[role='option']") if o.is_displayed()]
    assert offered and all("fr-BE" in o for o in offered), offered
    assert any("azure" in o and "female" in o for o in offered), offered
    charline = next(o for o in app.all("[role='option']") if o.is_displayed() and "Charline" in o.get_attribute("textContent"))
    app.driver.execute_script("arguments[0].click();", charline)
    app.wait.until(
        lambda d: any(v["language"] == "fr-BE" for v in ivr("messages", "store", "show", str(store["id"]))["voices"])
    )
    app.shot("messages-voices")
    close_modal(app)
    app.gone("msg-voices")
    app.wait.until(lambda d: not app.all(".mantine-Modal-overlay"))

    # Languages: the app says what happens to existing versions before saving.
    app.click("msg-store-edit")
    app.visible("msg-store-edit-form")
    choose(app, "msg-store-languages", "en-US", search="en-US")
    app.el("msg-store-languages").send_keys("\ue00c")
    app.click("msg-store-save")
    app.visible("msg-store-effect")
    assert "en-US" in text_of(app, "msg-store-effect")
    assert "falls back to the default language" in text_of(app, "msg-store-effect")
    app.click("msg-store-save")
    app.visible("msg-store-lang-en-US")
    app.wait.until(lambda d: not app.all(".mantine-Modal-overlay"))

    # The default stays among the allowed languages: removing it says so at the default field at
    # once; choosing another default clears that, and the review says callers now fall back to it.
    app.click("msg-store-edit")
    app.visible("msg-store-edit-form")
    app.driver.execute_script(
        "[...document.querySelectorAll('[data-testid=\"msg-store-edit-form\"] .mantine-Pill-root')]"
        ".find(p => p.textContent.startsWith('nl-BE')).querySelector('.mantine-Pill-remove').click();"
    )
    app.wait.until(lambda d: "nl-BE is not one of the allowed languages" in field_error(app, "msg-store-default"))
    choose(app, "msg-store-default", "fr-BE")
    app.wait.until(lambda d: field_error(app, "msg-store-default") == "")
    app.click("msg-store-save")
    app.visible("msg-store-effect")
    effect = text_of(app, "msg-store-effect-text").lower()
    assert "content in nl-be is kept" in effect and "the default language becomes fr-be (was nl-be)" in effect, effect
    close_modal(app)
    app.click("discard-changes")
    app.wait.until(lambda d: not app.all(".mantine-Modal-overlay"))

    # A key and a version in Arabic (right to left), Chinese and emoji, stored exactly.
    app.click("msg-key-new")
    app.type("msg-key-name", "WELCOME_WORLD")
    choose(app, "msg-key-category", "Welcome", search="Welc")
    app.click("msg-key-save")
    app.text_appears("msg-detail-key", "WELCOME_WORLD")
    app.click("msg-version-new")
    texts = {
        "nl-BE": "Welkom {name} 👋",
        "fr-BE": "Bienvenue {name} 👋",
        "ar-SA": "مرحبا {name}، أهلا بك 👋",
        "en-US": "Welcome {name} 欢迎光临 👋",
    }
    for lang, text in texts.items():
        set_text(app, f"msg-edit-input-{lang}", text)
    assert app.el("msg-edit-ar-SA").get_attribute("data-dir") == "rtl"
    assert app.el("msg-edit-input-ar-SA").get_attribute("dir") == "rtl"
    content = app.el("msg-edit-input-ar-SA").find_element(By.CSS_SELECTOR, ".cm-content")
    assert content.get_attribute("dir") == "rtl" and content.get_attribute("lang") == "ar-SA"
    assert app.el("msg-edit-input-fr-BE").get_attribute("dir") == "ltr"
    app.wait.until(lambda d: all(app.el(f"msg-edit-{l}").get_attribute("data-error") == "false" for l in texts))
    app.shot("messages-version-arabic")
    # Four languages stack: the button can sit under a notification at the window's bottom.
    app.js_click("msg-version-save")
    app.visible("msg-version-1")
    shown = ivr("messages", "key", "show", str(store["id"]), "WELCOME_WORLD")
    stored = {c["language"]: c["content"] for c in shown["versions"][0]["contents"]}
    assert stored == texts, stored
    assert texts["ar-SA"] in text_of(app, "msg-content-1-ar-SA")


def test_messages_completeness_per_language(launch, ivr):
    app = launch()
    app.nav("messages")
    app.visible("msg-completeness")
    bar = app.el("msg-completeness")
    newer, unused = int(bar.get_attribute("data-newer")), int(bar.get_attribute("data-unused"))
    # The demo's MAIN_MENU has version 3 waiting; the demo flow plays some of the 12 keys.
    assert newer >= 1, newer
    assert 0 <= unused < 12, unused
    for lang in LANGS:
        assert app.el(f"msg-complete-{lang}").get_attribute("data-missing") == "0"
    app.shot("messages-completeness")
    # Publishing the waiting version leaves one draft fewer.
    open_key(app, "MAIN_MENU")
    app.click("msg-publish-3")
    app.click("msg-confirm-publish")
    app.wait.until(lambda d: int(app.el("msg-completeness").get_attribute("data-newer")) == newer - 1)

    # "Not used by any flow" lists a key no segment names, and none the demo flow plays.
    ivr("messages", "key", "create", "acme/care", "UNUSED_NOTE", "--type", "tts", "--category", "info")
    app.type("msg-search", "")
    app.js_click("msg-unused")
    # Clearing the search and ticking the box are two debounced changes: the unfiltered list (which
    # has UNUSED_NOTE too) can show in between, so wait for the filtered one.
    app.wait.until(lambda d: "UNUSED_NOTE" in key_rows(app) and "MAIN_MENU" not in key_rows(app))


def test_where_used_opens_the_designer_at_the_segment_and_back(launch):
    """From a key's where-used row into the flow designer, at the segment that names the key; from
    the segment's message field back to the key on the Messages screen."""
    app = launch()
    open_key(app, "MAIN_MENU")
    app.click("msg-tab-used")
    app.visible("msg-used-table")
    links = app.all('[data-testid="msg-used-row"][data-segment="main_menu"] [data-testid="msg-used-open"]')
    assert links, "the where-used row of main_menu has no link into the designer"
    app.driver.execute_script("arguments[0].click();", links[0])
    # The live flow opens with main_menu selected: its inspector shows it.
    app.visible("designer")
    app.wait.until(lambda d: app.el("inspector-name").get_attribute("value") == "main_menu")
    selected = app.driver.execute_script(
        "return [...document.querySelectorAll('.react-flow__node.selected')].map(n => n.dataset.id);"
    )
    assert selected == ["main_menu"], selected

    # The inspector's message field links back to the key, in its store.
    opens = [e for e in app.all('[data-testid="message-open"]') if "MAIN_MENU" in e.text]
    assert opens, "no 'Open MAIN_MENU in Messages' link in the inspector"
    app.driver.execute_script("arguments[0].click();", opens[0])
    app.text_appears("msg-detail-key", "MAIN_MENU")
    app.visible("msg-version-2")


def test_a_version_gets_its_type_settings_from_the_generated_form(launch, ivr):
    """TypeSettings per language through the form generated from the message type's SettingsSchema
    (the designer inspector's generator): a value out of bounds blocks saving, a valid one is saved
    for that language only."""
    app = launch()
    open_key(app, "GOODBYE")
    app.visible("msg-version-1")
    app.js_click("msg-version-new")
    app.visible("msg-version-form")
    for lang in LANGS:
        set_text(app, f"msg-edit-input-{lang}", f"Goodbye in {lang}")
    app.js_click("msg-settings-toggle-nl-BE")
    app.visible("msg-settings-nl-BE")
    # The tts type's DefaultSettings are shown as defaults (rate 1).
    assert "default: 1" in text_of(app, "msg-settings-nl-BE")
    app.type("msg-settings-nl-BE-rate", "9")
    app.wait.until(lambda d: app.el("msg-settings-nl-BE-rate").get_attribute("aria-invalid") == "true")
    app.shot("messages-type-settings")
    app.js_click("msg-version-save")
    app.visible("msg-version-blocked")

    app.type("msg-settings-nl-BE-rate", "1.5")
    app.wait.until(lambda d: app.el("msg-settings-nl-BE-rate").get_attribute("aria-invalid") != "true")
    app.js_click("msg-version-save")
    app.gone("msg-version-form")
    shown = ivr("messages", "key", "show", "acme/care", "GOODBYE")
    newest = max(shown["versions"], key=lambda v: v["version"])
    settings = {c["language"]: c.get("typeSettings") for c in newest["contents"]}
    assert json.loads(settings["nl-BE"]) == {"rate": 1.5}, settings
    assert settings["fr-BE"] is None and settings["en-US"] is None, settings


def test_a_key_changes_type_only_when_its_versions_fit(launch):
    """Editing a key's type: the backend checks every version against the new type; a misfit is
    shown on the type field and nothing changes; a fitting type is saved."""
    app = launch()
    open_key(app, "GOODBYE")
    app.click("msg-key-edit")
    app.visible("msg-key-edit-form")
    choose(app, "msg-key-type", "audio_url")
    app.text_appears("msg-key-type-note", "checked against audio_url")
    app.click("msg-key-save")
    app.text_appears("msg-key-edit-form", "do not fit type audio_url")
    assert "version 1 (nl-BE)" in text_of(app, "msg-key-edit-form")
    assert app.el("msg-key-type").get_attribute("aria-invalid") == "true"

    choose(app, "msg-key-type", "llm_message")
    app.click("msg-key-save")
    app.gone("msg-key-edit-form")
    # textContent: WebKitWebDriver leaves Mantine badge labels out of `.text`.
    app.wait.until(lambda d: "llm_message" in text_of(app, "msg-detail"))


def test_removing_a_language_says_what_happens_to_its_versions_before_saving(launch, ivr):
    app = launch()
    app.nav("messages")
    app.visible("msg-store-lang-en-US")
    app.click("msg-store-edit")
    app.visible("msg-store-edit-form")
    # Picking a chosen language again takes it out of the list.
    choose(app, "msg-store-languages", "en-US", search="en-US")
    app.el("msg-store-languages").send_keys("\ue00c")  # Esc closes the list, not the dialog
    app.click("msg-store-save")  # "Review change"
    app.visible("msg-store-effect")
    assert "Removed: en-US" in text_of(app, "msg-store-effect"), text_of(app, "msg-store-effect")
    assert "kept (not deleted) but no longer played" in text_of(app, "msg-store-effect-text")
    # Reviewed, not saved: the store still allows en-US.
    assert ivr("messages", "store", "show", "acme/care")["allowedLanguages"] == list(LANGS)
    app.shot("messages-store-remove-language")
    app.click("msg-store-save")
    app.gone("msg-store-lang-en-US")
    assert ivr("messages", "store", "show", "acme/care")["allowedLanguages"] == ["nl-BE", "fr-BE"]
    # The versions keep their en-US content, shown as kept and not played.
    shown = ivr("messages", "key", "show", "acme/care", "GOODBYE")
    assert any(c["language"] == "en-US" and c["content"] for c in shown["versions"][0]["contents"]), shown
    app.wait.until(lambda d: not app.all(".mantine-Modal-overlay"))
    open_key(app, "GOODBYE")
    app.text_appears("msg-content-1-en-US", "language removed from the store: kept, not played")


def stored_keys(ivr, *flags):
    return [k["key"] for k in ivr("messages", "key", "list", "acme/care", *flags)["items"]]


def test_the_key_list_filters_match_the_stored_keys(launch, ivr):
    """Category, type, "missing a translation" and "newer than published", each alone, list what
    the CLI lists for the same filter on the same database."""
    # de-DE added to the store: every key misses it until a version adds it (GOODBYE's v2, which is
    # then newer than its published v1).
    ivr("messages", "store", "update", "acme/care", "--languages", "nl-BE,fr-BE,en-US,de-DE")
    ivr("messages", "version", "add", "acme/care", "GOODBYE", "--copy-from", "1", "--text", "de-DE=Auf Wiederhören")
    app = launch()
    app.nav("messages")
    app.visible("msg-key-table")
    app.wait.until(lambda d: "WELCOME" in key_rows(app))
    everything = key_rows(app)
    assert len(everything) == 12, everything

    def clear():
        app.driver.execute_script(
            "[...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Clear').click();"
        )
        app.wait.until(lambda d: key_rows(app) == everything)

    def shows(flag, *value):
        expected = stored_keys(ivr, flag, *value)
        assert expected and expected != everything, (flag, expected)
        app.wait.until(lambda d: key_rows(app) == expected)
        return expected

    choose(app, "msg-category", "Error", search="Err")
    assert set(shows("--category", "error")) == {"AGENT_UNAVAILABLE", "MENU_INVALID", "MENU_NO_INPUT"}
    clear()
    choose(app, "msg-type", "audio_url")
    assert shows("--type", "audio_url") == ["HOLD"]
    clear()
    app.js_click("msg-missing")
    missing = shows("--missing-language")
    assert "GOODBYE" not in missing and len(missing) == 11, missing
    clear()
    app.js_click("msg-newer")
    newer = shows("--newer-than-published")
    assert {"MAIN_MENU", "GOODBYE"} <= set(newer) and "WELCOME" not in newer, newer
    app.shot("messages-filter-newer")
