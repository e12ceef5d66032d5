"""Translator exchange on the Messages screen: export a CSV through the save dialog, edit it outside
the app, import it through the open dialog after a dry-run preview (every error with its line and
column, Import disabled until the file is fixed), then import it all or nothing.

WebDriver cannot drive GTK's native file dialogs. The debug build has a narrow test seam instead:
`IVR_STUDIO_TEST_DIALOG` names a file holding the path a file dialog returns (empty: cancelled).
Only the dialog's answer is replaced; the export writes and the import reads that path through the
same app code as for a user."""

import csv
import json
import io

from selenium.webdriver.support.ui import WebDriverWait


def start(launch, studio_home):
    answer = studio_home / "dialog-answer"
    answer.write_text("")
    app = launch({"IVR_STUDIO_TEST_DIALOG": str(answer)})
    app.nav("messages")
    app.visible("msg-key-table")
    app.click("msg-store-exchange")
    app.visible("msg-exchange")
    return app, answer


def preview_errors(app):
    # One script: the table re-renders while a preview loads.
    return app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"msg-import-error\"]')]"
        ".map(r => [Number(r.dataset.line), r.dataset.field, r.textContent]);"
    )


def preview_items(app):
    return app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"msg-import-item\"]')]"
        ".map(r => [r.dataset.key, r.dataset.action]);"
    )


def preview_changes(app):
    """Per changed language of each listed item: key, language, how it changes (`text`, `new`,
    `settings`), the text now (struck through) and the file's, and the new text's writing direction."""
    return app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"msg-import-change\"]')].map(c => ["
        "c.closest('[data-testid=\"msg-import-item\"]').dataset.key, c.dataset.language, c.dataset.kind,"
        "c.querySelector('[data-testid=\"msg-import-before\"]')?.textContent ?? null,"
        "c.querySelector('[data-testid=\"msg-import-after\"]').textContent,"
        "c.querySelector('[data-testid=\"msg-import-after\"]').dir]);"
    )


def apply_enabled(app):
    return app.el("msg-import-apply").get_attribute("disabled") is None


def write_csv(path, rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def choose(app, answer, path):
    answer.write_text(str(path))
    app.click("msg-import-choose")
    app.wait.until(lambda d: app.el("msg-import-preview").get_attribute("data-file") == path.name)


def test_export_edit_and_import_csv_with_preview(launch, studio_home):
    app, answer = start(launch, studio_home)
    sheet = studio_home / "translators.csv"
    answer.write_text(str(sheet))
    app.click("msg-export")  # CSV of the latest versions (the default)
    app.visible("msg-export-done")
    assert app.el("msg-export-done").get_attribute("data-path") == str(sheet)
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header = rows[0]
    assert header[:5] == ["key", "type", "category", "displayName", "version"], header
    assert {"nl-BE", "fr-BE", "en-US"} <= set(header)
    assert len(rows) == 13, len(rows)  # the demo store's 12 keys

    # The translator changes one text and adds a row whose key is not UPPER_SNAKE_CASE.
    fr = header.index("fr-BE")
    goodbye = next(r for r in rows if r[0] == "GOODBYE")
    old_fr = goodbye[fr]
    goodbye[fr] = "Merci de votre appel. À bientôt 👋"
    broken = ["bad key", "tts", "goodbye", "", "1"] + ["x"] * (len(header) - 5)
    write_csv(sheet, rows + [broken])

    choose(app, answer, sheet)
    app.wait.until(lambda d: len(preview_errors(app)) == 1)
    [(line, field, text)] = preview_errors(app)
    assert (line, "key" in field) == (14, True), (line, field, text)
    assert "bad key" in text
    assert ["GOODBYE", "new_version"] in preview_items(app)
    assert not apply_enabled(app)
    app.shot("messages-import-preview")

    # Fixed outside the app: previewed again, then imported.
    write_csv(sheet, rows)
    app.click("msg-import-refresh")
    app.wait.until(lambda d: app.el("msg-import-preview").get_attribute("data-errors") == "0")
    assert preview_items(app) == [["GOODBYE", "new_version"]]
    # Exactly what changes: French only, from the latest version's text to the file's.
    assert old_fr and old_fr != goodbye[fr]
    assert preview_changes(app) == [["GOODBYE", "fr-BE", "text", old_fr, "Merci de votre appel. À bientôt 👋", "ltr"]]
    # The eleven unchanged keys are listed on request, each saying nothing changes.
    app.js_click("msg-import-show-unchanged")
    app.wait.until(lambda d: len(preview_items(app)) == 12)
    assert sum(a == "unchanged" for _, a in preview_items(app)) == 11
    assert "no change" in app.el("msg-import-items").get_attribute("textContent")
    assert apply_enabled(app)
    app.click("msg-import-apply")
    app.text_appears("msg-import-done", "0 key(s) created, 1 version(s) added, 11 unchanged")

    # The key shows the new version with the translator's text.
    app.driver.execute_script("document.querySelector('.mantine-Modal-close').click();")
    app.gone("msg-exchange")
    app.type("msg-search", "GOODBYE")
    app.wait.until(lambda d: app.driver.execute_script(
        "return [...document.querySelectorAll('tr[data-testid^=\"msg-key-\"]')].map(r => r.dataset.key);"
    ) == ["GOODBYE"])
    app.js_click("msg-key-GOODBYE")
    app.text_appears("msg-content-2-fr-BE", "Merci de votre appel. À bientôt 👋")
    assert app.el("msg-version-2").get_attribute("data-state") == "newer"


def test_bad_import_files_show_every_error_and_import_stays_disabled(launch, studio_home):
    app, answer = start(launch, studio_home)
    cases = [
        ("notes.txt", b"key,nl-BE\r\nGOODBYE,x\r\n", 1, "is not a CSV or JSON file"),
        ("latin1.csv", b"key,nl-BE,fr-BE,en-US\r\nGOODBYE,Tot zi\xebns,x,y\r\n", 2, "not valid UTF-8"),
        ("klingon.csv", "key,nl-BE,fr-BE,en-US,tlh-KL\r\nGOODBYE,a,b,c,d\r\n".encode(), 1, "'tlh-KL' is not a language of this store"),
        ("twice.csv", "key,nl-BE,fr-BE,en-US\r\nGOODBYE,a,b,c\r\nGOODBYE,a,b,d\r\n".encode(), 3, "has two rows (lines 2 and 3)"),
        ("quotes.csv", 'key,nl-BE,fr-BE,en-US\r\nGOODBYE,"a,b,c\r\n'.encode(), 2, "never closed"),
        ("broken.json", b'{"format": "ivr-message-store", "messages": [', 1, ""),
    ]
    for name, content, line, message in cases:
        path = studio_home / name
        path.write_bytes(content)
        choose(app, answer, path)
        WebDriverWait(app.driver, 10).until(lambda d: len(preview_errors(app)) >= 1)
        errors = preview_errors(app)
        assert any(e[0] == line and message in e[2] for e in errors), (name, errors)
        assert not apply_enabled(app), name
    # The second column names the file's column or JSON field a problem is in (none for a whole line).
    header = app.driver.execute_script(
        "return [...document.querySelectorAll('[data-testid=\"msg-import-errors\"] th')].map(h => h.textContent);"
    )
    assert header == ["Line", "Field", "Key", "Problem"], header
    # Cancelling the open dialog keeps the last preview.
    answer.write_text("")
    app.click("msg-import-choose")
    app.wait.until(lambda d: not app.all('[data-testid="msg-busy"]'))
    assert app.el("msg-import-preview").get_attribute("data-file") == "broken.json"


def test_a_large_import_shows_its_progress_and_cancel_changes_nothing(launch, studio_home, ivr):
    """A 6,000-key CSV is written 1,000 keys per statement: the bar shows how far it is, and Cancel
    rolls the whole import back (nothing imported, nothing audited) and says so; imported again
    without Cancel, it runs to 100% and every key is there."""
    app, answer = start(launch, studio_home)
    audit_before = ivr("messages", "audit", "acme/care", "--limit", "1")["total"]
    sheet = studio_home / "bulk.csv"
    rows = [["key", "type", "category", "nl-BE", "fr-BE", "en-US"]]
    rows += [[f"BULK_{i:05}", "tts", "menu", f"Tekst {i}", f"Texte {i}", f"Text {i}"] for i in range(6000)]
    write_csv(sheet, rows)
    choose(app, answer, sheet)
    app.wait.until(lambda d: app.el("msg-import-preview").get_attribute("data-errors") == "0")
    assert app.el("msg-import-created").get_attribute("textContent").startswith("6000 key(s)")
    # Listed a page of 50 keys at a time (not 6,000 rows at once), each key's texts marked new.
    assert app.el("msg-import-changes").get_attribute("data-pages") == "120"
    assert len(preview_items(app)) == 50
    first = sorted(c for c in preview_changes(app) if c[0] == "BULK_00000")
    assert first == [
        ["BULK_00000", "en-US", "new", None, "Text 0", "ltr"],
        ["BULK_00000", "fr-BE", "new", None, "Texte 0", "ltr"],
        ["BULK_00000", "nl-BE", "new", None, "Tekst 0", "ltr"],
    ], first

    def percent_shown():
        # One script: the bar comes and goes with the import.
        return app.driver.execute_script(
            "const b = document.querySelector('[data-testid=\"msg-import-progress\"]');"
            "return !!b && b.dataset.percent !== '';"
        )

    app.click("msg-import-apply")
    # A real percentage (the first event, 0 of 6,000, arrives before the first statement).
    app.wait.until(lambda d: percent_shown())
    app.js_click("msg-import-cancel")
    app.visible("msg-import-cancelled")
    assert "Nothing was imported" in app.el("msg-import-cancelled").get_attribute("textContent")
    assert not app.all('[data-testid="msg-import-done"]')
    listed = ivr("messages", "key", "list", "acme/care", "--search", "BULK_", "--limit", "1")
    assert listed["total"] == 0, listed
    assert ivr("messages", "audit", "acme/care", "--limit", "1")["total"] == audit_before

    # The preview is still there: import it to the end this time.
    app.click("msg-import-apply")
    app.wait.until(lambda d: percent_shown() or app.all('[data-testid="msg-import-done"]'))
    if percent_shown():
        assert "of 6,000 key(s) written" in app.el("msg-import-progress-label").get_attribute("textContent")
        app.shot("messages-import-progress")
    app.wait.until(lambda d: app.all('[data-testid="msg-import-done"]'), "the import did not finish")
    app.text_appears("msg-import-done", "6000 key(s) created")
    listed = ivr("messages", "key", "list", "acme/care", "--search", "BULK_", "--limit", "1")
    assert listed["total"] == 6000, listed


def export_as(app, answer, kind_label, path):
    """Exports through the save dialog: the kind chosen by its label, the dialog answering `path`."""
    answer.write_text(str(path))
    app.driver.execute_script(
        "[...document.querySelectorAll('[data-testid=\"msg-export-kind\"] label')]"
        ".find(l => l.textContent.includes(arguments[0])).click();",
        kind_label,
    )
    app.click("msg-export")
    app.wait.until(lambda d: app.all('[data-testid="msg-export-done"]') and app.el("msg-export-done").get_attribute("data-path") == str(path))
    return path.read_bytes()


def test_published_csv_and_full_json_exports_are_what_the_store_holds(launch, studio_home, ivr):
    """The published CSV holds the published version's texts (MAIN_MENU's v2, not its newer v3);
    the JSON file every version and the published pointer; each is byte for byte what the CLI
    writes from the same database."""
    app, answer = start(launch, studio_home)
    raw = export_as(app, answer, "published versions", studio_home / "published.csv")
    ivr("messages", "export", "acme/care", "--format", "csv", "--source", "published", "--output", str(studio_home / "cli.csv"))
    assert raw == (studio_home / "cli.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_key = {r["key"]: r for r in rows}
    assert len(rows) == 12, len(rows)
    shown = ivr("messages", "key", "show", "acme/care", "MAIN_MENU")
    texts = {v["version"]: {c["language"]: c["content"] for c in v["contents"]} for v in shown["versions"]}
    assert by_key["MAIN_MENU"]["version"] == "2"
    assert texts[2] != texts[3]
    assert {lang: by_key["MAIN_MENU"][lang] for lang in texts[2]} == texts[2]
    # A key never published has no published text.
    assert by_key["AGENT_UNAVAILABLE"]["version"] == "" and by_key["AGENT_UNAVAILABLE"]["nl-BE"] == ""

    raw = export_as(app, answer, "JSON", studio_home / "store.json")
    ivr("messages", "export", "acme/care", "--format", "json", "--output", str(studio_home / "cli.json"))
    assert raw == (studio_home / "cli.json").read_bytes()
    exported = json.loads(raw)
    assert exported["format"] == "ivr-message-store"
    assert exported["store"]["allowedLanguages"] == ["nl-BE", "fr-BE", "en-US"]
    messages = {m["key"]: m for m in exported["messages"]}
    assert len(messages) == 12
    assert messages["MAIN_MENU"]["publishedVersion"] == 2
    assert [v["version"] for v in messages["MAIN_MENU"]["versions"]] == [1, 2, 3]


def test_one_file_with_several_errors_lists_each_and_changes_nothing(launch, studio_home, ivr):
    """Broken quoting, an unknown language column, a duplicate key row, a lowercase key and a
    placeholder missing in one language, all in one file: the preview lists every one with its
    line, Import stays disabled, and the store is as it was."""
    before = ivr("messages", "export", "acme/care", "--format", "json")
    audit = ivr("messages", "audit", "acme/care", "--limit", "1")["total"]
    app, answer = start(launch, studio_home)
    sheet = studio_home / "several.csv"
    sheet.write_text(
        "key,type,category,nl-BE,fr-BE,en-US,tlh-KL\r\n"
        "GOODBYE,,,Tot ziens,Au revoir,Goodbye,Qapla'\r\n"  # 2: fine on its own
        "GOODBYE,,,Dag,Salut,Bye,Qapla'\r\n"  # 3: GOODBYE twice
        "WELCOME,,,Welkom {name},Bienvenue,Welcome {name},nuqneH\r\n"  # 4: fr-BE lacks {name}
        "bad key,tts,info,a,b,c,d\r\n"  # 5: not UPPER_SNAKE_CASE
        'HOLD,,,"https://a.example/x.wav"x,b,c,d\r\n'  # 6: text after a closing quote
        "NEW_KEY,tts,info,a,b,c,d\r\n",  # 7: fine on its own
        encoding="utf-8",
    )
    choose(app, answer, sheet)
    app.wait.until(lambda d: len(preview_errors(app)) >= 1)
    errors = preview_errors(app)
    expected = [
        (1, "is not a language of this store"),
        (3, "has two rows (lines 2 and 3)"),
        (4, "{name}"),
        (5, "bad key"),
        (6, "text follows a closing quote"),
    ]
    for line, message in expected:
        assert any(e[0] == line and message in e[2] for e in errors), (line, message, errors)
    assert not apply_enabled(app)
    assert app.el("msg-import-error-count").get_attribute("textContent").startswith(f"{len(errors)} error")
    app.shot("messages-import-several-errors")
    assert ivr("messages", "export", "acme/care", "--format", "json") == before
    assert ivr("messages", "audit", "acme/care", "--limit", "1")["total"] == audit
