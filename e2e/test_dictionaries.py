"""Dictionaries: every dictionary is readable; languages, voices and company projects are created and
edited through the UI; bad input shows an error next to each wrong field and saves nothing."""

# Tab of the screen -> the same dictionary's name for `ivr dict list`.
TABS = {
    "languages": "languages",
    "voices": "voices",
    "projects": "company-projects",
    "environments": "environments",
    "keyTypes": "key-types",
    "segmentTypes": "segment-types",
    "messageTypes": "message-types",
    "categories": "message-categories",
}


def open_tab(app, tab):
    app.js_click(f"tab-{tab}")
    app.visible(f"table-{tab}")


def rows(app, tab):
    return app.all(f'[data-testid="table-{tab}"] tbody tr')


def field_error(app, key):
    """The error text Mantine shows under the field (empty when none)."""
    return app.driver.execute_script(
        "const i = document.querySelector(`[data-testid='dict-field-${arguments[0]}']`);"
        "const w = i && i.closest('.mantine-InputWrapper-root');"
        "const e = w && w.querySelector('.mantine-InputWrapper-error');"
        "return e ? e.textContent : '';",
        key,
    )


def save_expecting_errors(app, keys):
    app.click("dict-save")
    app.wait.until(lambda d: all(field_error(app, k) for k in keys))
    assert app.all('[data-testid="dict-modal"]'), "the form stays open"
    return {k: field_error(app, k) for k in keys}


def save(app):
    app.click("dict-save")
    app.gone("dict-modal")


def save_and_see(app, row, text=None):
    """Saves the form, then waits for the row `row` to show (with `text` in it, when given)."""
    save(app)
    if text is None:
        app.visible(row)
    else:
        app.text_appears(row, text)


def audit_count(ivr, entity_type):
    return ivr("audit", "list", "--entity-type", entity_type, "--limit", "1")["total"]


def test_every_dictionary_is_readable(launch, ivr):
    app = launch()
    app.nav("dictionaries")
    for tab, name in TABS.items():
        open_tab(app, tab)
        # What the screen lists is what the database holds, row for row.
        held = ivr("dict", "list", name)
        assert held, f"the demo database has no {name}"
        app.wait.until(lambda d: len(rows(app, tab)) == len(held))
        if tab == "segmentTypes":
            assert "language_select" in app.el("table-segmentTypes").text


def test_languages_are_added_renamed_and_bad_input_saves_nothing(launch, ivr):
    app = launch()
    app.nav("dictionaries")
    open_tab(app, "languages")
    before = audit_count(ivr, "language")

    app.click("language-add")
    app.visible("dict-modal")
    app.type("dict-field-languageCode", "xx_bad")
    errors = save_expecting_errors(app, ["languageCode", "displayName"])
    assert "BCP-47" in errors["languageCode"] and "required" in errors["displayName"], errors
    app.shot("dictionaries-errors")
    assert not any(l["languageCode"] == "xx_bad" for l in ivr("dict", "list", "languages"))
    assert audit_count(ivr, "language") == before

    # Fixed in the same form: saved.
    app.type("dict-field-languageCode", "sv-SE")
    app.type("dict-field-displayName", "Svenska")
    save_and_see(app, "language-row-sv-SE")
    assert "Svenska" in app.el("language-row-sv-SE").text

    app.click("language-rename-sv-SE")
    app.type("dict-field-displayName", "Svenska (Sverige)")
    save_and_see(app, "language-row-sv-SE", "Svenska (Sverige)")
    got = {l["languageCode"]: l for l in ivr("dict", "list", "languages")}
    assert got["sv-SE"]["displayName"] == "Svenska (Sverige)" and got["sv-SE"]["isActive"]
    assert audit_count(ivr, "language") == before + 2


def start_adding(launch, ivr, tab, kind):
    """Opens the tab's add form; returns the app and how many rows the dictionary holds."""
    app = launch()
    app.nav("dictionaries")
    open_tab(app, tab)
    count = len(ivr("dict", "list", TABS[tab]))
    app.click(f"{kind}-add")
    app.visible("dict-modal")
    return app, count


def test_voices_are_added_and_edited_with_field_errors(launch, ivr):
    app, count = start_adding(launch, ivr, "voices", "voice")
    app.choose("dict-field-engine", "azure")
    app.choose("dict-field-language", "nl-BE")
    errors = save_expecting_errors(app, ["code", "displayName"])
    assert all("required" in e for e in errors.values()), errors
    assert len(ivr("dict", "list", "voices")) == count

    app.type("dict-field-code", "nl-BE-E2eNeural")
    app.choose("dict-field-gender", "female")
    app.type("dict-field-displayName", "E2E voice")
    save_and_see(app, "voice-row-nl-BE-E2eNeural")

    app.click("voice-edit-nl-BE-E2eNeural")
    app.type("dict-field-displayName", "")
    errors = save_expecting_errors(app, ["displayName"])
    assert "required" in errors["displayName"]
    app.type("dict-field-displayName", "E2E voice, renamed")
    save_and_see(app, "voice-row-nl-BE-E2eNeural", "E2E voice, renamed")
    v = next(v for v in ivr("dict", "list", "voices") if v["code"] == "nl-BE-E2eNeural")
    assert v["displayName"] == "E2E voice, renamed" and v["engine"] == "azure" and v["gender"] == "female", v
    app.shot("dictionaries")


def test_company_projects_are_created_and_edited_with_field_errors(launch, ivr):
    app, count = start_adding(launch, ivr, "projects", "project")
    app.choose("dict-field-environmentId", "dvp")
    app.type("dict-field-customerId", "ACME")
    app.type("dict-field-projectId", "sales")
    errors = save_expecting_errors(app, ["customerId", "displayName"])
    assert "lowercase" in errors["customerId"], errors
    # An existing (customer, project) in the environment is refused on the project field.
    app.type("dict-field-customerId", "acme")
    app.type("dict-field-projectId", "care")
    app.type("dict-field-displayName", "Duplicate")
    errors = save_expecting_errors(app, ["projectId"])
    assert "already used" in errors["projectId"], errors
    assert len(ivr("dict", "list", "company-projects")) == count

    app.type("dict-field-projectId", "sales")
    app.type("dict-field-displayName", "Acme Sales")
    save_and_see(app, "project-row-acme/sales")

    app.click("project-edit-acme/sales")
    app.type("dict-field-displayName", "Acme Sales EMEA")
    app.type("dict-field-oktaGroup", "ivr-acme-sales")
    save_and_see(app, "project-row-acme/sales", "Acme Sales EMEA")
    p = next(p for p in ivr("dict", "list", "company-projects") if p["projectId"] == "sales")
    assert p["displayName"] == "Acme Sales EMEA" and p["oktaGroup"] == "ivr-acme-sales" and p["customerId"] == "acme", p
