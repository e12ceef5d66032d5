"""Environments screen, bad input: a clear message in the UI, nothing saved, no crash.

- a connection string that does not parse;
- a SQL Server that does not answer (the UI stays usable and the attempt can be cancelled);
- a write on a locked prd;
- an OS keyring that is not available (the app says so and offers a session-only password).
"""

import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from test_environments import open_prd_copy, write_profiles

def profiles_text(home: Path) -> str:
    f = home / "environments.toml"
    return f.read_text() if f.exists() else ""


@pytest.fixture
def silent_server():
    """A TCP port that accepts connections and never says a word: what a SQL Server behind a stuck
    load balancer or a half-open firewall looks like. (TEST-NET addresses such as 192.0.2.1 are
    refused at once on this machine, so they would not exercise the wait.)"""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)  # the kernel completes the handshakes; nobody ever reads or answers
    yield s.getsockname()[1]
    s.close()


@pytest.fixture
def bus_without_secret_service():
    """A private D-Bus session bus on which no Secret Service runs and none can be started: the
    situation of a desktop without GNOME Keyring/KWallet (or a minimal/remote session). The bus
    config lists no service directories, so D-Bus cannot auto-start gnome-keyring either."""
    d = Path(tempfile.mkdtemp(prefix="ivr-e2e-bus-"))
    conf = d / "bus.conf"
    conf.write_text(
        f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={d}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
    )
    proc = subprocess.Popen(
        ["dbus-daemon", f"--config-file={conf}", "--nofork", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    address = proc.stdout.readline().strip()
    assert address.startswith("unix:"), address
    yield address
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(d, ignore_errors=True)


def has_text(app, testid: str, text: str) -> None:
    """Waits until the element holds `text`. Reads textContent: WebKitWebDriver returns an empty
    `.text` for Mantine alerts."""
    def shows(_):
        try:
            return text in (app.el(testid).get_attribute("textContent") or "")
        except StaleElementReferenceException:  # re-rendered between finding and reading
            return False

    app.wait.until(shows)


def close_modal(app, gone_testid: str) -> None:
    app.driver.execute_script("document.querySelector('.mantine-Modal-close').click();")
    app.gone(gone_testid)


def choose_paste_mode(app):
    label = app.wait.until(lambda d: d.find_element(By.XPATH, '//label[contains(., "Paste a connection string")]'))
    label.click()
    app.visible("env-paste")


def add_by_paste(app, name: str, text: str):
    app.click("env-add")
    choose_paste_mode(app)
    app.type("env-name-input", name)
    app.type("env-paste", text)


def test_unparsable_connection_string_is_explained_and_nothing_is_saved(launch, studio_home):
    app = launch()
    app.nav("environments")
    add_by_paste(app, "broken", "Server=tcp:sql.example.com,1433;Database")
    # What the parser says while typing.
    has_text(app, "parse-error", "Not understood")
    # Save is clicked through the DOM: the form's height changes while the parser and the field
    # check answer, and a pointer click aimed before such a shift can land beside the button.
    app.js_click("env-save")
    # And after Save: the problem is named at the pasted string, and nothing was saved.
    has_text(app, "env-add-refused", "Not saved")
    assert "part 2 has no =" in app.driver.find_element(By.CSS_SELECTOR, ".mantine-Textarea-error").get_attribute("textContent")
    app.shot("env-bad-connection-string")

    # A scheme it does not know: the whole message, with its code.
    app.type("env-paste", "postgres://sql.example.com/ivr")
    has_text(app, "parse-error", "not supported")
    app.js_click("env-save")
    app.wait.until(lambda d: app.el("error-alert").get_attribute("data-code") == "VALIDATION")
    assert "not supported" in app.el("error-alert").get_attribute("textContent")

    assert app.all('[data-testid="env-row-broken"]') == []
    assert "broken" not in profiles_text(studio_home)


def test_a_server_that_does_not_answer_can_be_cancelled(launch, studio_home, silent_server):
    app = launch()
    app.nav("environments")
    add_by_paste(
        app,
        "silent",
        f"Server=tcp:127.0.0.1,{silent_server};Database=ivr;User Id=ivr_app;Password=Silent-pw-1;TrustServerCertificate=True",
    )
    has_text(app, "parse-summary", f"127.0.0.1:{silent_server} / ivr as ivr_app")
    app.click("env-save")
    app.visible("env-row-silent")

    # Test connection, generous timeout: it waits, the user cancels.
    app.js_click("env-test-silent")
    app.type("env-test-timeout", "60")
    app.click("env-test-run")
    app.visible("env-test-running")
    app.click("env-test-cancel")
    app.visible("env-test-cancelled")
    assert app.all('[data-testid="error-alert"]') == []

    # Short timeout: a clear CONNECTION message naming the wait.
    app.type("env-test-timeout", "2")
    app.click("env-test-run")
    app.wait.until(lambda d: app.el("error-alert").get_attribute("data-code") == "CONNECTION")
    assert "did not answer within 2 s" in app.el("error-alert").get_attribute("textContent")
    close_modal(app, "env-test-run")

    # Opening it: the app keeps working on `local` meanwhile, and the attempt can be cancelled.
    app.js_click("env-open-silent")
    app.visible("env-open-cancel-silent")
    app.js_click("env-test-local")
    app.click("env-test-run")
    app.visible("env-test-ok")  # another command ran while the open was waiting
    close_modal(app, "env-test-run")
    app.js_click("env-open-cancel-silent")
    app.wait.until(lambda d: "Not opened" in d.page_source)
    app.gone("env-open-cancel-silent")
    assert app.el("tier-banner").get_attribute("data-tier") == "local"
    app.shot("env-open-cancelled")


def test_a_write_on_locked_prd_is_refused(launch, studio_home):
    app = open_prd_copy(launch, studio_home)
    app.nav("routing")
    has_text(app, "routing-read-only", "read-only")
    assert app.el("routing-new").get_attribute("disabled") is not None

    # The backend refuses too, whatever the UI offers: a delete sent straight to the command.
    invoke = (
        "const done = arguments[arguments.length - 1];"
        "window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])"
        ".then(r => done({ok: r}), e => done({err: e}));"
    )
    entry = app.driver.execute_async_script(invoke, "routing_get", {"req": {"sourceId": "+3225550100", "includeInactive": False}})
    assert "ok" in entry, entry
    refused = app.driver.execute_async_script(
        invoke, "routing_delete", {"req": {"routingTableId": entry["ok"]["routingTableId"], "rowVersion": None}}
    )
    assert refused.get("err", {}).get("code") == "READ_ONLY", refused
    assert "unlock it for this session by typing its name" in refused["err"]["message"]
    after = app.driver.execute_async_script(invoke, "routing_get", {"req": {"sourceId": "+3225550100", "includeInactive": False}})
    assert after["ok"]["isActive"] is True and after["ok"]["rowVersion"] == entry["ok"]["rowVersion"]
    app.shot("prd-write-refused")


# The bus fixture comes first so it is stopped after the app (GTK quits when its session bus goes).
def test_keyring_unavailable_offers_a_session_only_password(bus_without_secret_service, launch, studio_home, silent_server):
    # A profile added earlier (its password would be in the keyring), and a new one to add.
    write_profiles(
        studio_home,
        f"""
[[environment]]
name = "dev"
tier = "dvp"
engine = "mssql"
host = "127.0.0.1"
port = {silent_server}
database = "ivr"
user = "ivr_app"
""",
    )
    app = launch({"DBUS_SESSION_BUS_ADDRESS": bus_without_secret_service})
    app.nav("environments")
    # The app says so.
    has_text(app, "env-password-dev", "keyring unavailable")

    # Adding an environment with a password: refused by the keyring, offered for this session.
    app.click("env-add")
    app.type("env-name-input", "qa")
    app.type("env-host-input", "127.0.0.1")
    app.type("env-database-input", "ivr")
    app.type("env-user-input", "ivr_app")
    app.type("env-password-input", "Session-only-pw-5")
    app.click("env-save")
    has_text(app, "session-only-offer", "not available")
    assert "qa" not in profiles_text(studio_home), "nothing is saved before the user agrees"
    app.click("session-only-accept")
    has_text(app, "env-password-qa", "this session only")

    # The existing profile: type its password. The user already chose session memory for this
    # session, so it is not asked again.
    app.js_click("env-set-password-dev")
    app.type("env-set-password-input", "Session-only-pw-6")
    app.click("env-set-password-save")
    app.gone("env-set-password-input")
    has_text(app, "env-password-dev", "this session only")
    app.shot("env-keyring-unavailable")

    # The session password is used: the test gets as far as the (silent) server, not "no password".
    app.js_click("env-test-dev")
    app.type("env-test-timeout", "2")
    app.click("env-test-run")
    app.wait.until(lambda d: app.el("error-alert").get_attribute("data-code") == "CONNECTION")

    for f in studio_home.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert b"Session-only-pw-5" not in data and b"Session-only-pw-6" not in data, f"password found in {f}"
    assert "Session-only-pw" not in app.driver.page_source
