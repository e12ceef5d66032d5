"""Environments as admins expect them (issue 12): switch from the tier banner (a menu of profiles
in their tier colours); a failed open shows a dialog whose text can be copied."""

import re

from test_environments import add_qa


def test_switch_environment_from_the_banner(launch, ivr):
    ivr("env", "add", "trial", "--tier", "acc", "--engine", "sqlite", "--database", "trial.sqlite")
    app = launch()
    app.visible("routing-table")
    app.click("env-switch")
    menu = app.visible("env-switch-menu")
    assert "trial" in menu.get_attribute("textContent") and "local" in menu.get_attribute("textContent")
    # Each profile carries its tier's badge (the banner's colours).
    assert app.el("env-switch-trial").find_element("css selector", "[data-tier]").get_attribute("data-tier") == "acc"
    app.shot("banner-switch-menu")
    app.click("env-switch-trial")
    app.wait.until(lambda d: app.el("tier-banner").get_attribute("data-tier") == "acc")
    assert app.el("env-name").get_attribute("textContent") == "trial"

    # And back.
    app.click("env-switch")
    app.click("env-switch-local")
    app.wait.until(lambda d: app.el("tier-banner").get_attribute("data-tier") == "local")


def test_a_failed_open_shows_copyable_text(launch, ivr):
    # Nothing listens on port 1: the connection is refused at once.
    ivr("env", "add", "nowhere", "--tier", "dvp", "--host", "127.0.0.1", "--port", "1", "--database", "routing", "--user", "ivr")
    app = launch()
    app.visible("routing-table")
    app.click("env-switch")
    app.click("env-switch-nowhere")
    dialog = app.visible("open-failed")
    text = app.el("open-failed-text").get_attribute("value")
    assert re.match(r"Could not open nowhere: .+ \(([A-Z_]+)\)\n.+", text), text
    assert "Could not open nowhere" in dialog.get_attribute("textContent")
    # The text is selectable (a read-only text box), and the previous environment stays open.
    box = app.el("open-failed-text")
    assert box.get_attribute("readonly") is not None and box.is_enabled()
    selected = app.driver.execute_script("const t = arguments[0]; t.focus(); t.select(); return t.value.substring(t.selectionStart, t.selectionEnd);", box)
    assert selected == text
    assert app.el("tier-banner").get_attribute("data-tier") == "local"
    app.shot("open-failed")


def choose(app, label: str):
    """Clicks a segmented control's option by its label."""
    from selenium.webdriver.common.by import By

    app.wait.until(lambda d: d.find_element(By.XPATH, f'//label[contains(., "{label}")]')).click()


def value_of(app, testid: str) -> str:
    el = app.visible(testid)
    if el.tag_name not in ("input", "textarea"):
        from selenium.webdriver.common.by import By

        el = el.find_element(By.CSS_SELECTOR, "input, textarea")
    return el.get_attribute("value")


def test_a_sqlite_environment_is_added_from_the_app_after_a_test(launch, studio_home):
    app = launch()
    app.nav("environments")
    app.click("env-add")
    app.visible("env-form")
    # Nothing is red when the dialog opens; the naming rule is a hint up front.
    assert app.all(".mantine-InputWrapper-error") == []
    assert "Lowercase letters" in app.el("env-form").get_attribute("textContent")
    # Leaving the name field shows its rule there, once, without raw backticks.
    app.type("env-name-input", "Trial Copy").send_keys("\ue004")  # Tab
    errors = app.wait.until(lambda d: app.all(".mantine-InputWrapper-error"))
    text = " ".join(e.get_attribute("textContent") for e in errors)
    assert "environment name" in text and "`" not in text
    app.type("env-name-input", "trial")
    choose(app, "SQLite file on this computer")
    app.type("env-database-input", "trial.sqlite")
    app.click("env-form-test")
    app.text_appears("env-form-test-ok", "no file yet")
    assert not (studio_home / "data" / "trial.sqlite").exists()
    assert app.all('[data-testid="env-row-trial"]') == []  # testing saved nothing
    app.click("env-save")
    app.visible("env-row-trial")
    assert 'engine = "sqlite"' in (studio_home / "environments.toml").read_text()

    # It opens (a new, empty file) from the banner menu like any other.
    app.click("env-switch")
    app.click("env-switch-trial")
    app.wait.until(lambda d: app.el("env-name").get_attribute("textContent") == "trial")


PASSWORD = "Edit-Keep-pw-4419!"


def test_an_environment_is_edited_and_tested_before_saving(launch, studio_home):
    import socket
    import subprocess

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: refused at once

    app = launch()
    add_qa(app, PASSWORD)

    # Edit: every field is there but the password, which stays stored.
    app.click("env-edit-qa")
    app.visible("env-form")
    assert value_of(app, "env-host-input") == "sql.qa.invalid"
    assert value_of(app, "env-database-input") == "ivr"
    assert value_of(app, "env-password-input") == ""
    app.type("env-host-input", "127.0.0.1")
    app.type("env-port-input", str(port))
    app.type("env-database-input", "ivr2")
    # Test before saving, with the stored password: the server is named, nothing is saved.
    app.click("env-form-test")
    app.wait.until(lambda d: app.el("error-alert").get_attribute("data-code") == "CONNECTION")
    assert f"127.0.0.1:{port}" in app.el("error-alert").get_attribute("textContent")
    assert "sql.qa.invalid" in (studio_home / "environments.toml").read_text()
    app.shot("environment-form-edit")
    app.click("env-save")
    app.gone("env-form")
    profiles = (studio_home / "environments.toml").read_text()
    assert "127.0.0.1" in profiles and f"port = {port}" in profiles and "ivr2" in profiles
    # The password was not typed, so it was kept.
    found = subprocess.run(["secret-tool", "lookup", "service", "ivr-studio", "username", "qa"], capture_output=True, text=True, timeout=20)
    assert found.stdout.strip() == PASSWORD
    assert PASSWORD not in app.driver.page_source

    # One click on Test in the list says what answered.
    app.click("env-quicktest-local")
    app.text_appears("env-quicktest-result-local", "SQLite")


def test_a_pasted_string_is_masked_and_its_values_stay_in_fill_in_mode(launch):
    app = launch()
    app.nav("environments")
    app.click("env-add")
    app.type("env-name-input", "pasted")
    choose(app, "Paste a connection string")
    app.type("env-paste", "Server=tcp:sql.example.com,14330;Database=routing;User Id=ivr_app;Password=Paste-pw-88;Encrypt=True")
    masked = app.visible("env-paste-masked").get_attribute("textContent")
    assert "Paste-pw-88" not in masked and "Password=••••••••" in masked
    choose(app, "Fill in")
    assert value_of(app, "env-host-input") == "sql.example.com"
    assert value_of(app, "env-port-input") == "14330"
    assert value_of(app, "env-user-input") == "ivr_app"
    # The password came along, hidden in its box.
    assert value_of(app, "env-password-input") == "Paste-pw-88"
    assert app.el("env-password-input").get_attribute("type") == "password"
