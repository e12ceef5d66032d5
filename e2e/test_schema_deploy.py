"""Schema: pending migrations with their SQL; a deploy with a progress bar fed by the backend's events,
which cannot be started twice and shows the migration lock; verify's drift report names what differs.

The database is a second SQLite environment (`staging`, tier dvp) prepared with the `ivr` CLI before
the app starts: only the first migration file is deployed (`ivr migrate deploy --dir` a folder that
holds just that file, so its recorded checksum is the embedded file's), which leaves the later
embedded files pending; one index dropped with sqlite3 is the drift. (`local` cannot serve: the app
brings it up to date whenever it opens it.)
"""

import fcntl
import shutil
import sqlite3

from conftest import ROOT

FILES = sorted((ROOT / "migrations" / "sqlite").glob("V*.sql"))
DROPPED = ("UX_Voice_Code", "cfg_Dic_Voice")


def version(path):
    return path.name[1:].split("__")[0]


def first_statement_line(path):
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("--"):
            return line
    raise AssertionError(f"{path.name} has no statement")


def prepare_staging(ivr, home, tmp_path):
    assert len(FILES) >= 2, "needs a migration after the first to leave pending"
    first = tmp_path / "first-migration-only"
    first.mkdir()
    shutil.copy(FILES[0], first)
    ivr("env", "add", "staging", "--tier", "dvp", "--engine", "sqlite", "--database", "staging.sqlite")
    ivr("--env", "staging", "migrate", "deploy", "--dir", str(first))
    db = home / "data" / "staging.sqlite"
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = ?", (DROPPED[0],)).fetchone()[0] == 1
        c.execute(f"DROP INDEX {DROPPED[0]}")
    return db


def content_appears(app, testid, text):
    """Waits for text in the element's DOM text (badges render it upper-case)."""
    app.wait.until(lambda d: text in (app.el(testid).get_attribute("textContent") or ""))


def invoke(app, command, args):
    """Calls a Tauri command from the page, as the UI does; returns {ok} or {error}."""
    return app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])"
        ".then(ok => done({ok}), error => done({error}));",
        command,
        args,
    )


def test_pending_sql_deploy_with_progress_and_lock_then_drift(launch, ivr, studio_home, tmp_path):
    db = prepare_staging(ivr, studio_home, tmp_path)
    pending = FILES[1:]

    app = launch()
    app.nav("environments")
    app.click("env-open-staging")
    app.wait.until(lambda d: app.el("env-name").text == "staging")
    app.nav("schema")
    content_appears(app, "pending-count", f"{len(pending)} pending")
    content_appears(app, "applied-count", "1 applied")

    # Each pending file, with the SQL it would run.
    app.click("tab-pending")
    for f in pending:
        app.js_click(f"pending-{version(f)}")
        if f == pending[0]:  # one click loads the plan; the other files then show their SQL at once
            app.click(f"show-sql-{version(f)}")
        app.text_appears(f"sql-{version(f)}", first_statement_line(f)[:40])

    # Verify before deploying: the dropped index is named in words; the pending files are counted.
    app.click("tab-verify")
    app.click("verify")
    row = app.visible(f"drift-index-{DROPPED[0]}")
    assert f"Index {DROPPED[0]} on table {DROPPED[1]} is missing" in row.text, row.text
    content_appears(app, "verify-report", f"{len(pending)} pending")
    app.shot("schema-drift")

    # Another runner holds the migration lock (as `ivr migrate deploy` or a pipeline would).
    app.click("tab-pending")
    lock_file = open(str(db) + ".migrate-lock", "a+")
    try:
        fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        app.wait.until(lambda d: app.el("lock-state").get_attribute("data-held") == "true")
        content_appears(app, "lock-state", "locked by another deploy")

        app.click("deploy")
        app.text_appears("deploy-progress-text", "Waiting for the migration lock")
        assert not app.el("deploy").is_enabled(), "a running deploy cannot be started again"
        # Nor through the command: the window refuses a second deploy while its first one runs.
        second = invoke(app, "schema_deploy", {"req": {"source": {"kind": "embedded"}, "allowDestructive": False, "lockTimeoutSecs": 1}})
        assert second.get("error", {}).get("code") == "MIGRATION_LOCKED", second
        assert "already running" in second["error"]["message"], second
        app.shot("schema-deploy-locked")
        assert len(ivr("--env", "staging", "migrate", "status")["pending"]) == len(pending), "nothing applied while locked"
    finally:
        fcntl.flock(lock_file, fcntl.LOCK_UN)
        lock_file.close()

    # The lock is free: the waiting deploy runs; the bar follows the backend's events to the end.
    app.wait.until(lambda d: app.el("deploy-bar").get_attribute("data-value") == "100")
    app.text_appears("deploy-progress-text", f"{len(pending)}/{len(pending)} {pending[-1].name} applied in")
    content_appears(app, "pending-count", "0 pending")
    content_appears(app, "applied-count", f"{len(FILES)} applied")
    app.wait.until(lambda d: app.el("lock-state").get_attribute("data-held") == "false")
    status = ivr("--env", "staging", "migrate", "status")
    assert status["pending"] == [] and len(status["applied"]) == len(FILES), status
    app.shot("schema-deploy")

    # Deploying does not repair drift: verify still names the index, now with nothing pending.
    app.click("tab-verify")
    app.click("verify")
    app.visible(f"drift-index-{DROPPED[0]}")
    content_appears(app, "verify-report", "0 pending")
