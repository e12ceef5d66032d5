"""The Messages screen on the demo store: its keys, a search that narrows them, a key's versions in
every language with the published one marked, and its audit trail."""

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


def open_key(app, key):
    app.nav("messages")
    app.visible("msg-key-table")
    app.type("msg-search", key)
    app.wait.until(lambda d: key in key_rows(app))
    app.js_click(f"msg-key-{key}")
    app.text_appears("msg-detail-key", key)


def states(app):
    return {v: app.el(f"msg-version-{v}").get_attribute("data-state") for v in (1, 2, 3)}


def test_messages_publish_and_roll_back(launch):
    app = launch()
    open_key(app, "MAIN_MENU")
    assert states(app) == {1: "older", 2: "published", 3: "newer"}

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


PRD_PROFILE = """
[[environment]]
name = "prd-copy"
tier = "prd"
engine = "sqlite"
database = "local.sqlite"
"""


def test_messages_publish_on_locked_prd_is_refused(launch, studio_home):
    (studio_home / "environments.toml").write_text(PRD_PROFILE)
    app = launch()
    app.nav("environments")
    app.click("env-open-prd-copy")
    app.wait.until(lambda d: app.el("tier-banner").get_attribute("data-read-only") == "true")

    open_key(app, "MAIN_MENU")
    app.visible("msg-read-only")
    app.click("msg-publish-3")
    app.click("msg-confirm-publish")
    alert = app.visible("error-alert")
    assert alert.get_attribute("data-code") == "READ_ONLY"
    assert "read-only" in alert.text.lower(), alert.text
    # Nothing changed: version 2 is still the published one.
    assert states(app) == {1: "older", 2: "published", 3: "newer"}
