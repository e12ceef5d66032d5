"""Environments as admins expect them (issue 12): switch from the tier banner (a menu of profiles
in their tier colours); a failed open shows a dialog whose text can be copied."""

import re


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
