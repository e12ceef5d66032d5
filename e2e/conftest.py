"""End-to-end tests on the real desktop app: tauri-driver + WebKitWebDriver.

Run through `scripts/e2e` (it builds the UI and the app and wraps everything in
`NO_AT_BRIDGE=1 dbus-run-session -- xvfb-run -a`). Each test gets its own IVR_STUDIO_HOME, its own
tauri-driver (the app inherits the driver's environment). Screenshots go to the git-ignored
e2e/screenshots-tmp/ (or IVR_SHOTS_DIR): a test run leaves tracked files alone, and
`scripts/screenshots` copies the README's ones into docs/screenshots/.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import ElementClickInterceptedException, StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
SHOTS = Path(os.environ.get("IVR_SHOTS_DIR", ROOT / "e2e" / "screenshots-tmp"))
APP = Path(os.environ.get("IVR_STUDIO_APP", ROOT / "target" / "debug" / "ivr-studio"))
IVR_CLI = Path(os.environ.get("IVR_CLI", ROOT / "target" / "debug" / "ivr"))
TAURI_DRIVER = os.environ.get("TAURI_DRIVER", shutil.which("tauri-driver") or str(Path.home() / ".cargo" / "bin" / "tauri-driver"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"tauri-driver exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError("tauri-driver did not start listening")


class App:
    """The running app plus helpers that read like what a person does."""

    def __init__(self, driver: webdriver.Remote, home: Path):
        self.driver = driver
        self.home = home
        # React re-renders replace nodes: an element found a moment ago can be gone when a condition
        # reads it, so a wait tries again instead of failing on a stale reference.
        self.wait = WebDriverWait(driver, 20, ignored_exceptions=(StaleElementReferenceException,))

    def el(self, testid: str):
        return self.wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]')))

    def visible(self, testid: str):
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]')))

    def click(self, testid: str):
        return self.click_css(f'[data-testid="{testid}"]')

    def click_css(self, selector: str):
        el = self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, selector)))
        # In the middle of its scroll container: at an edge, a modal's sticky header or a toast can
        # cover it, and WebKitWebDriver then refuses the click instead of scrolling further.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", el)
        try:
            el.click()
        except ElementClickInterceptedException:
            # Something was over it: a dialog still closing, or a toast (bottom right, above dialogs,
            # e.g. "qa added" over the next dialog's Save). Close the toasts, then once more, settled.
            self.driver.execute_script("document.querySelectorAll('.mantine-Notification-root button').forEach((b) => b.click());")
            time.sleep(0.5)
            el = self.wait.until(EC.element_to_be_clickable((By.CSS_SELECTOR, selector)))
            self.driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'});", el)
            el.click()
        return el

    def js_click(self, testid: str):
        """Clicks through the DOM: WebKitWebDriver refuses pointer clicks on table rows."""
        el = self.visible(testid)
        self.driver.execute_script("arguments[0].click();", el)
        return el

    def gone(self, testid: str):
        self.wait.until(EC.invisibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{testid}"]')))

    def all(self, css: str):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text_appears(self, testid: str, text: str):
        self.wait.until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, f'[data-testid="{testid}"]'), text))

    def type(self, testid: str, text: str, clear: bool = True):
        el = self.visible(testid)
        if el.tag_name not in ("input", "textarea"):
            el = el.find_element(By.CSS_SELECTOR, "input, textarea")
        if clear:
            # Mantine inputs are controlled: select-all + delete goes through React's onChange.
            el.send_keys("\ue009a")  # Ctrl+A
            el.send_keys("\ue017")  # Delete
        if text:  # "" just clears
            el.send_keys(text)
        return el

    def set_editor(self, testid: str, text: str):
        """Replaces the text of a CodeMirror editor inside the element with that test id."""
        content = self.visible(testid).find_element(By.CSS_SELECTOR, ".cm-content")
        content.click()
        content.send_keys("\ue009a")
        content.send_keys("\ue017")
        # CodeMirror auto-closes brackets and quotes as they are typed; insert through its API instead.
        self.driver.execute_script(
            "const v = arguments[0].cmView?.view ?? null;"
            "if (v) { v.dispatch({changes: {from: 0, to: v.state.doc.length, insert: arguments[1]}}); return; }"
            "document.execCommand('insertText', false, arguments[1]);",
            content,
            text,
        )

    def choose(self, testid: str, text: str):
        """Opens a Mantine Select / Autocomplete and clicks the option whose label contains `text`."""
        self.click(testid)
        option = self.wait.until(
            EC.element_to_be_clickable((By.XPATH, f"//*[@role='option'][contains(normalize-space(), '{text}')]"))
        )
        self.driver.execute_script("arguments[0].click();", option)

    def press(self, *keys):
        """Keys, one after the other, to whatever has the focus."""
        ActionChains(self.driver).send_keys(*keys).perform()

    def chord(self, key: str):
        """Ctrl+key to whatever has the focus."""
        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL).perform()

    def nav(self, screen: str):
        self.click(f"nav-{screen}")

    def shot(self, name: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        # Two animation frames: the page has painted what the DOM holds; then transitions settle.
        self.driver.execute_async_script(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));"
        )
        time.sleep(0.5)
        path = SHOTS / f"{name}.png"
        # WebKitWebDriver's own screenshot can lag behind the page; the X screen cannot.
        if shutil.which("import") and os.environ.get("DISPLAY"):
            done = subprocess.run(["import", "-window", "root", str(path)], capture_output=True, timeout=30)
            if done.returncode == 0:
                return
        self.driver.save_screenshot(str(path))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def studio_home():
    d = Path(tempfile.mkdtemp(prefix="ivr-e2e-"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture
def launch(studio_home, request):
    """Starts the app with IVR_STUDIO_HOME set; returns a factory so a test can prepare the home first."""
    started = []

    def start(extra_env=None) -> App:
        if not APP.exists():
            pytest.fail(f"the app binary {APP} is missing: run scripts/e2e (it builds it)")
        port = free_port()
        env = dict(os.environ)
        env["IVR_STUDIO_HOME"] = str(studio_home)
        env.update(extra_env or {})
        drv = subprocess.Popen(
            [TAURI_DRIVER, "--port", str(port), "--native-port", str(free_port())],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Registered before anything can fail, so teardown stops the driver even without a session.
        entry = [None, drv]
        started.append(entry)
        wait_port(port, drv)
        opts = ArgOptions()
        opts.set_capability("browserName", "wry")
        opts.set_capability("tauri:options", {"application": str(APP)})
        # tauri-driver listens before WebKitWebDriver behind it does: the first request can be
        # dropped. A new session is retried a few times; nothing else is.
        driver = None
        for attempt in range(5):
            try:
                driver = webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=opts)
                break
            except Exception:
                if attempt == 4:
                    raise
                time.sleep(1.0)
        entry[0] = driver
        driver.set_window_size(1280, 800)
        return App(driver, studio_home)

    yield start
    failed = getattr(request.node, "rep_call", None)
    for driver, drv in started:
        if driver is not None and failed is not None and failed.failed:
            # What the screen showed when the test failed, for the person reading the log.
            tmp = ROOT / "e2e" / "screenshots-tmp"
            tmp.mkdir(parents=True, exist_ok=True)
            if shutil.which("import") and os.environ.get("DISPLAY"):
                subprocess.run(["import", "-window", "root", str(tmp / f"{request.node.name}.png")], capture_output=True, timeout=30)
            try:
                (tmp / f"{request.node.name}.html").write_text(driver.page_source)
            except Exception:
                pass
        if driver is not None:
            try:
                driver.quit()
            except Exception:
                pass
        drv.terminate()
        try:
            drv.wait(timeout=10)
        except subprocess.TimeoutExpired:
            drv.kill()


@pytest.fixture
def ivr(studio_home):
    """Runs the `ivr` CLI on the test's IVR_STUDIO_HOME (the database the app has open), e.g. to
    prepare data or to change a row behind the app's back; returns its `--json` answer."""

    def run(*args: str, check: bool = True):
        if not IVR_CLI.exists():
            pytest.fail(f"the CLI binary {IVR_CLI} is missing: run scripts/e2e (it builds it)")
        env = dict(os.environ, IVR_STUDIO_HOME=str(studio_home))
        done = subprocess.run([str(IVR_CLI), "--json", *args], env=env, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            pytest.fail(f"ivr {' '.join(args)} failed ({done.returncode}): {done.stdout} {done.stderr}")
        return json.loads(done.stdout) if done.stdout.strip() else None

    return run
