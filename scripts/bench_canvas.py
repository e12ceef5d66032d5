"""The canvas benchmark's driver (run by scripts/bench-canvas, which sets up Xvfb and D-Bus).

Per size: a generated flow (`ivr-flow-gen`, a development tool of ivr-testkit: about 5 keys and 3
transitions per segment) is imported and published through the CLI (the app layer), with a routing
entry; then the real app opens it and the page itself measures, with performance.now() and
requestAnimationFrame:
  open      click on the flow → nodes drawn and two frames painted;
  frames    frame-to-frame times while the viewport pans (±600 × ±400 px) and zooms (±50 %, about
            the pane's centre) for 5 s (p50 / p95): once from the view the flow opens with (its
            entry), once from the middle of the flow at zoom 0.5 (in a generated flow, where a
            thousand long edges to the disconnect segments pass), once from the whole flow in view
            (zoom to fit);
  drag      end of a real pointer drag of a segment → the saved batch applied to the canvas state
            (as the page reports it), → the next frame painted after that, and of it the round trip
            of the save command to the backend (as the page reports it);
  undo      Ctrl+Z → the inverse batch saved and applied (and painted);
  layout    auto-layout click → layout computed in Rust, saved as one batch, applied;
  elkjs     for comparison, elkjs's layered layout of the same flow file (Node, scripts/bench_elk.mjs).
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "e2e"))
import conftest  # noqa: E402  (the e2e App helpers and how the app is started)
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

CLI = os.environ["IVR_CLI"]
FLOW_GEN = os.environ["IVR_FLOW_GEN"]


def ivr(home, *args):
    done = subprocess.run([CLI, "--json", *args], env=dict(os.environ, IVR_STUDIO_HOME=str(home)), capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"ivr {' '.join(args)} failed: {done.stdout} {done.stderr}")
    return json.loads(done.stdout) if done.stdout.strip() else None


def prepare(home: Path, n: int) -> str:
    rid = f"bench-{n}"
    path = home / f"{rid}.json"
    done = subprocess.run([FLOW_GEN, rid, str(n), str(path)], capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"ivr-flow-gen {rid} {n} failed: {done.stderr}")
    draft = ivr(home, "flow", "import", str(path))
    ivr(home, "routing", "create", "--source-id", f"+3299900{n:04d}", "--routing-id", rid, "--company-project", "1", "--language", "nl-BE", "--init-segment", "menu_00000", "--config", "{}", "--feature-flags", "{}")
    change_set = (draft.get("draft") or {}).get("changeSetId") or draft.get("changeSetId")
    ivr(home, "flow", "publish", change_set)
    return rid, path


def elk_ms(path: Path, options: dict):
    """elkjs on the same flow file, with the box and gaps the app's auto-layout just sent."""
    script = Path(__file__).resolve().parent / "bench_elk.mjs"
    done = subprocess.run(["node", str(script), str(path), json.dumps(options)], capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"bench_elk.mjs failed: {done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])["elk_ms"]


OPEN = """
const [rid, done] = arguments;
const t0 = performance.now();
document.querySelector(`[data-testid="flow-${rid}"]`).click();
const check = () => {
  const vp = document.querySelector('.react-flow__viewport');
  const n = document.querySelectorAll('.react-flow__node').length;
  if (n > 0 && vp && vp.style.transform) requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - t0, drawn: n })));
  else requestAnimationFrame(check);
};
requestAnimationFrame(check);
"""

PAN_ZOOM = """
const done = arguments[0];
const rf = window.__ivrCanvas;
const start = rf.getViewport();
// Zoom about the pane's centre, as the zoom buttons and a wheel under a centred pointer do: the flow
// point there stays put while the view pans around it. (Keeping x and y fixed instead zooms about
// the flow's origin, which no user can do: far from it every segment flies past on every frame.)
const pane = document.querySelector('.react-flow').getBoundingClientRect();
const cx = pane.width / 2, cy = pane.height / 2;
const fx = (cx - start.x) / start.zoom, fy = (cy - start.y) / start.zoom;
const stamps = [];
const t0 = performance.now();
const frame = (t) => {
  stamps.push(t);
  const s = (t - t0) / 1000;
  const zoom = Math.max(0.1, start.zoom * (1 + 0.5 * Math.sin(s * 2)));
  rf.setViewport({ x: cx - fx * zoom + 600 * Math.sin(s * 1.3), y: cy - fy * zoom + 400 * Math.cos(s * 0.9), zoom });
  if (t - t0 < 5000) requestAnimationFrame(frame);
  else { rf.setViewport(start); done({ stamps, drawn: document.querySelectorAll('.react-flow__node').length }); }
};
requestAnimationFrame(frame);
"""


MIDDLE = """
const done = arguments[0];
const rf = window.__ivrCanvas;
const b = rf.getNodesBounds(rf.getNodes());
rf.setCenter(b.x + b.width / 2, b.y + b.height / 2, { zoom: 0.5 }).then(() => setTimeout(done, 1000));
"""


# Before the gestures: every saved gesture the page reports (with its backend round trip) also gets
# the time of the first frame painted after it (a frame, then the next task).
HOOKS = """
const saves = (window.__designerSaves ??= []);
saves.push = function (...items) {
  const at = performance.now();
  for (const it of items) requestAnimationFrame(() => setTimeout(() => { it.paintedMs = it.ms + performance.now() - at; }, 0));
  return Array.prototype.push.apply(this, items);
};
"""


def pct(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


def wait_saved(app, label_prefix, before):
    """(ms to the saved state, ms to the frame painted with it, backend round trip of the save)."""
    app.wait.until(lambda d: len(d.execute_script("return window.__designerSaves || []")) > before and d.execute_script("return document.querySelector('[data-testid=\"designer\"]')?.dataset.busy") == "false")
    app.wait.until(lambda d: all("paintedMs" in s for s in d.execute_script("return window.__designerSaves")[before:]))
    saves = app.driver.execute_script("return window.__designerSaves")
    hits = [s for s in saves[before:] if s["label"].startswith(label_prefix)]
    if not hits:
        return float("nan"), float("nan"), float("nan")
    return hits[-1]["ms"], hits[-1]["paintedMs"], hits[-1].get("backendMs", float("nan"))


def pan_zoom(app):
    stamps = app.driver.execute_async_script(PAN_ZOOM)["stamps"]
    frames = [b - a for a, b in zip(stamps, stamps[1:])]
    return statistics.median(frames), pct(frames, 95), len(frames)


def run_size(launch_app, home: Path, n: int):
    rid, flow_file = prepare(home, n)
    app = launch_app(home)
    app.wait = conftest.WebDriverWait(app.driver, 120)
    # Opening 2,000 segments on a loaded machine can take longer than WebDriver's default 30 s.
    app.driver.set_script_timeout(300)
    app.nav("flows")
    app.visible(f"flow-{rid}")
    opened = app.driver.execute_async_script(OPEN, rid)
    time.sleep(1.0)
    opened_view = pan_zoom(app)
    app.driver.execute_async_script(MIDDLE)
    middle_view = pan_zoom(app)
    app.driver.execute_async_script("const done = arguments[0]; window.__ivrCanvas.fitView().then(() => setTimeout(done, 1000))")
    fitted_view = pan_zoom(app)

    app.click("flow-edit")
    # Read afresh each time (React replaces the badge while the draft opens).
    app.wait.until(lambda d: "draft by" in d.execute_script("return document.querySelector('[data-testid=\"flow-mode\"]')?.textContent ?? ''"))
    app.visible("palette")
    app.wait.until(lambda d: d.execute_script("return document.querySelector('[data-testid=\"designer\"]')?.dataset.busy") == "false")
    app.driver.execute_script(HOOKS)
    # A real pointer drag of the entry segment (in view after opening), then Ctrl+Z.
    app.driver.execute_script("window.__ivrCanvas.fitView({ nodes: [{ id: 'menu_00000' }], maxZoom: 1 })")
    time.sleep(0.5)
    node = app.visible("node-menu_00000").find_element(By.CSS_SELECTOR, ".seg-type")
    before = len(app.driver.execute_script("return window.__designerSaves || []"))
    ActionChains(app.driver, duration=50).move_to_element(node).click_and_hold().move_by_offset(40, 20).move_by_offset(40, 20).release().perform()
    drag = wait_saved(app, "move", before)
    before = len(app.driver.execute_script("return window.__designerSaves"))
    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("z").key_up(Keys.CONTROL).perform()
    undo = wait_saved(app, "undo", before)
    before = len(app.driver.execute_script("return window.__designerSaves"))
    app.driver.execute_script("window.__designerLayoutMs = null")
    app.click("auto-layout")
    app.wait.until(lambda d: d.execute_script("return window.__designerLayoutMs") is not None)
    layout = app.driver.execute_script("return window.__designerLayoutMs")
    layout_options = app.driver.execute_script("return window.__designerLayoutOptions")
    app.driver.quit()
    return {
        "segments": n,
        "open_ms": opened["ms"],
        "drawn_nodes": opened["drawn"],
        "frames": opened_view[2],
        "frame_p50_ms": opened_view[0],
        "frame_p95_ms": opened_view[1],
        "mid_frames": middle_view[2],
        "mid_frame_p50_ms": middle_view[0],
        "mid_frame_p95_ms": middle_view[1],
        "fit_frames": fitted_view[2],
        "fit_frame_p50_ms": fitted_view[0],
        "fit_frame_p95_ms": fitted_view[1],
        "drag_to_saved_ms": drag[0],
        "drag_to_painted_ms": drag[1],
        "drag_backend_ms": drag[2],
        "undo_ms": undo[0],
        "undo_painted_ms": undo[1],
        "undo_backend_ms": undo[2],
        "layout_ms": layout,
        "layout_options": layout_options,
        "elkjs_ms": None if os.environ.get("BENCH_NO_ELK") else elk_ms(flow_file, layout_options),
    }


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [100, 500, 2000]
    drivers = []

    def launch_app(home: Path):
        port = conftest.free_port()
        env = dict(os.environ, IVR_STUDIO_HOME=str(home))
        drv = subprocess.Popen([conftest.TAURI_DRIVER, "--port", str(port), "--native-port", str(conftest.free_port())], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        drivers.append(drv)
        conftest.wait_port(port, drv)
        opts = conftest.ArgOptions()
        opts.set_capability("browserName", "wry")
        opts.set_capability("tauri:options", {"application": str(conftest.APP)})
        for attempt in range(5):
            try:
                driver = conftest.webdriver.Remote(command_executor=f"http://127.0.0.1:{port}", options=opts)
                break
            except Exception:
                if attempt == 4:
                    raise
                time.sleep(1.0)
        driver.set_window_size(1280, 800)
        return conftest.App(driver, home)

    rows = []
    try:
        for n in sizes:
            home = Path(tempfile.mkdtemp(prefix=f"ivr-bench-{n}-"))
            ivr(home, "flow", "list")  # creates and seeds the local database first
            r = run_size(launch_app, home, n)
            rows.append(r)
            print(
                f"{n:>5} segments: open {r['open_ms']:.0f} ms ({r['drawn_nodes']} nodes drawn) · "
                f"pan/zoom frames p50 {r['frame_p50_ms']:.1f} ms, p95 {r['frame_p95_ms']:.1f} ms ({r['frames']} frames in 5 s), "
                f"middle at zoom 0.5 p50 {r['mid_frame_p50_ms']:.1f} ms, p95 {r['mid_frame_p95_ms']:.1f} ms ({r['mid_frames']} frames), "
                f"whole flow in view p50 {r['fit_frame_p50_ms']:.1f} ms, p95 {r['fit_frame_p95_ms']:.1f} ms ({r['fit_frames']} frames) · "
                f"drag→saved {r['drag_to_saved_ms']:.0f} ms, painted {r['drag_to_painted_ms']:.0f} ms (backend round trip {r['drag_backend_ms']:.0f} ms) · "
                f"undo {r['undo_ms']:.0f} ms, painted {r['undo_painted_ms']:.0f} ms · auto-layout {r['layout_ms']:.0f} ms (elkjs {r['elkjs_ms']} ms)",
                flush=True,
            )
            for d in drivers:
                d.terminate()
            drivers.clear()
    finally:
        for d in drivers:
            d.terminate()
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
