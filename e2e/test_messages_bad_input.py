"""Bad input on the Messages screen (issue 11): each refusal is shown where it belongs, and the
store is unchanged — checked through the CLI on the same IVR_STUDIO_HOME, not only on screen."""

from test_messages import LANGS, close_modal, open_key, set_text, text_of

STORE = "acme/care"


def stored_key(ivr, key):
    return ivr("messages", "key", "show", STORE, key)


def versions_of(ivr, key):
    return sorted(v["version"] for v in stored_key(ivr, key)["versions"])


def audit_total(ivr):
    return ivr("messages", "audit", STORE, "--limit", "1")["total"]


def add_version(ivr, key, nl_text):
    ivr("messages", "version", "add", STORE, key, "--copy-from", "1", "--text", f"nl-BE={nl_text}")


def unchanged_from_now(ivr, key):
    """A check that the key as stored and the store's audit are still what they are now."""
    before, audit = stored_key(ivr, key), audit_total(ivr)

    def check():
        assert stored_key(ivr, key) == before
        assert audit_total(ivr) == audit

    return check


def new_version_of(app, key):
    open_key(app, key)
    app.js_click("msg-version-new")
    app.visible("msg-version-form")


def editor_slots(app):
    return app.el("msg-version-form").find_element("css selector", '[data-testid="msg-slots"]')


def fill_version(app, texts):
    for lang, text in texts.items():
        set_text(app, f"msg-edit-input-{lang}", text)


def test_an_eleventh_version_is_refused_and_deleting_one_frees_its_slot(launch, ivr):
    # GOODBYE has version 1 (published); eight copies make nine of ten.
    for n in range(2, 10):
        add_version(ivr, "GOODBYE", f"Tot ziens {n}")
    app = launch()
    new_version_of(app, "GOODBYE")
    assert editor_slots(app).get_attribute("data-used") == "9"
    assert "1 left" in editor_slots(app).get_attribute("textContent")
    fill_version(app, {lang: f"Tot straks ({lang})" for lang in LANGS})

    # Someone takes the last slot behind the app's back: the view is stale, the backend refuses.
    add_version(ivr, "GOODBYE", "Het laatste vrije vak")
    unchanged = unchanged_from_now(ivr, "GOODBYE")
    app.js_click("msg-version-save")
    app.wait.until(lambda d: app.all('[data-testid="msg-version-form"] [data-testid="error-alert"]'))
    alert = app.el("msg-version-form").find_element("css selector", '[data-testid="error-alert"]')
    assert alert.get_attribute("data-code") == "VALIDATION", alert.get_attribute("outerHTML")[:300]
    assert "already has 10 versions" in alert.get_attribute("textContent"), alert.get_attribute("textContent")
    # Nothing changed: the ten stored versions are the same, no audit row was added.
    unchanged()
    assert versions_of(ivr, "GOODBYE") == list(range(1, 11))
    # The editor now knows the key is full: the note is red and Save is disabled.
    app.wait.until(lambda d: editor_slots(app).get_attribute("data-used") == "10")
    note = editor_slots(app)
    assert "every slot is taken" in note.get_attribute("textContent"), note.get_attribute("textContent")
    assert "red" in (note.get_attribute("style") or ""), note.get_attribute("style")
    assert app.el("msg-version-save").get_attribute("disabled") is not None
    app.shot("messages-version-slots-full")
    close_modal(app)
    app.click("discard-changes")
    app.gone("msg-version-form")

    # Deleting an unpublished version frees its slot (the published one offers no Delete).
    assert not app.all('[data-testid="msg-delete-version-1"]')
    app.wait.until(lambda d: app.el("msg-slots").get_attribute("data-used") == "10")
    app.click("msg-delete-version-3")
    app.click("msg-confirm-delete-version")
    app.gone("msg-version-3")
    app.wait.until(lambda d: app.el("msg-slots").get_attribute("data-used") == "9")
    assert versions_of(ivr, "GOODBYE") == [1, 2] + list(range(4, 11))

    # The next version takes the freed slot.
    app.js_click("msg-version-new")
    app.visible("msg-version-form")
    fill_version(app, {lang: f"Tot straks ({lang})" for lang in LANGS})
    app.js_click("msg-version-save")
    app.gone("msg-version-form")
    app.visible("msg-version-3")
    stored = next(v for v in stored_key(ivr, "GOODBYE")["versions"] if v["version"] == 3)
    assert {c["language"]: c["content"] for c in stored["contents"]} == {lang: f"Tot straks ({lang})" for lang in LANGS}
    assert versions_of(ivr, "GOODBYE") == list(range(1, 11))


def test_a_non_https_audio_url_is_shown_at_its_field(launch, ivr):
    unchanged = unchanged_from_now(ivr, "HOLD")
    app = launch()
    new_version_of(app, "HOLD")
    fill_version(
        app,
        {
            "nl-BE": "http://media.acme.example/ivr/hold/nl-BE-2.wav",
            "fr-BE": "https://media.acme.example/ivr/hold/fr-BE-2.wav",
            "en-US": "https://media.acme.example/ivr/hold/en-US-2.wav",
        },
    )
    app.wait.until(lambda d: app.el("msg-edit-nl-BE").get_attribute("data-error") == "true")
    assert "must be an absolute https URL" in text_of(app, "msg-edit-nl-BE"), text_of(app, "msg-edit-nl-BE")
    assert "http:" in text_of(app, "msg-edit-nl-BE")
    for lang in ("fr-BE", "en-US"):
        assert app.el(f"msg-edit-{lang}").get_attribute("data-error") == "false", lang
    app.js_click("msg-version-save")
    app.visible("msg-version-blocked")
    assert "1 problem" in text_of(app, "msg-version-blocked")
    app.shot("messages-audio-url-refused")
    unchanged()

    # Fixed at its field, it saves.
    set_text(app, "msg-edit-input-nl-BE", "https://media.acme.example/ivr/hold/nl-BE-2.wav")
    app.wait.until(lambda d: app.el("msg-edit-nl-BE").get_attribute("data-error") == "false")
    app.js_click("msg-version-save")
    app.gone("msg-version-form")
    assert versions_of(ivr, "HOLD") == [1, 2]


def test_an_empty_language_at_save_is_shown_at_its_field(launch, ivr):
    unchanged = unchanged_from_now(ivr, "GOODBYE")
    app = launch()
    new_version_of(app, "GOODBYE")
    # fr-BE is never touched: only Save shows that it is missing.
    fill_version(app, {"nl-BE": "Tot ziens", "en-US": "Goodbye"})
    assert app.el("msg-edit-fr-BE").get_attribute("data-error") == "false"
    app.js_click("msg-version-save")
    app.wait.until(lambda d: app.el("msg-edit-fr-BE").get_attribute("data-error") == "true")
    assert "text to speak is empty" in text_of(app, "msg-edit-fr-BE"), text_of(app, "msg-edit-fr-BE")
    for lang in ("nl-BE", "en-US"):
        assert app.el(f"msg-edit-{lang}").get_attribute("data-error") == "false", lang
    app.visible("msg-version-blocked")
    unchanged()
