"""Environments: a prd profile is read-only until unlocked; a password goes to the real Secret Service only."""

import subprocess
from pathlib import Path

# A prd profile over the local SQLite file: no SQL Server here, and the read-only rule is the tier's.
PRD_PROFILE = """
[[environment]]
name = "prd-copy"
tier = "prd"
engine = "sqlite"
database = "local.sqlite"
"""


def write_profiles(home: Path, text: str) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "environments.toml").write_text(text)


def open_prd_copy(launch, studio_home):
    """Starts the app with the prd-copy profile and opens it."""
    write_profiles(studio_home, PRD_PROFILE)
    app = launch()
    app.nav("environments")
    app.click("env-open-prd-copy")
    app.wait.until(lambda d: app.el("tier-banner").get_attribute("data-tier") == "prd")
    return app


def test_prd_is_read_only_until_unlocked(launch, studio_home):
    app = open_prd_copy(launch, studio_home)
    assert app.el("tier-banner").get_attribute("data-read-only") == "true"
    app.text_appears("tier-label", "PRODUCTION")
    app.visible("read-only-badge")
    app.shot("prd-read-only")

    # A wrong name keeps it locked.
    app.click("unlock-button")
    app.type("unlock-input", "prd")
    app.click("unlock-confirm")
    app.text_appears("unlock-modal", "type its name")
    assert app.el("tier-banner").get_attribute("data-read-only") == "true"

    app.type("unlock-input", "prd-copy")
    app.click("unlock-confirm")
    app.wait.until(lambda d: app.el("tier-banner").get_attribute("data-read-only") == "false")
    assert app.all('[data-testid="read-only-badge"]') == []
    app.shot("prd-unlocked")

    # Locking again makes it read-only for the rest of the session.
    app.click("lock-button")
    app.wait.until(lambda d: app.el("tier-banner").get_attribute("data-read-only") == "true")


PASSWORD = "E2e-Secret-pw-7731!"


def add_qa(app, password: str):
    """Adds the SQL Server environment `qa` through the form, with `password`."""
    app.nav("environments")
    app.click("env-add")
    app.type("env-name-input", "qa")
    app.type("env-host-input", "sql.qa.invalid")
    app.type("env-database-input", "ivr")
    app.type("env-user-input", "ivr_app")
    app.type("env-password-input", password)
    app.click("env-save")
    app.visible("env-row-qa")
    app.text_appears("env-row-qa", "in OS keyring")


def test_added_environment_password_lives_in_the_secret_service_only(launch, studio_home):
    app = launch()
    add_qa(app, PASSWORD)
    app.shot("environments")

    found = subprocess.run(
        ["secret-tool", "lookup", "service", "ivr-studio", "username", "qa"],
        capture_output=True,
        text=True,
        timeout=20,
    )
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == PASSWORD

    # Nothing under IVR_STUDIO_HOME holds the password, in any file.
    for f in studio_home.rglob("*"):
        if f.is_file():
            assert PASSWORD.encode() not in f.read_bytes(), f"password found in {f}"
    # And the page never shows it again.
    assert PASSWORD not in app.driver.page_source
