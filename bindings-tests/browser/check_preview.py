"""Checks the offline preview in a real browser (headless Chromium, driven over the DevTools
protocol on a pipe; Python standard library only).

For each flow (the product document's three flows, then the corpus when present) it renders
the preview with ``waflows.preview``, loads the page from a file and asserts on the live DOM:

* every screen of the flow is on the page, with its title when the title is static text;
* every static label and text of the flow (outside If/Switch branches and markdown) is
  present in the rendered text of its screen's phone (``innerText``: present *and* visible);
* nothing inside a phone frame extends past the frame's left or right edge;
* the page has no script element, no event-handler attribute and no link.

Then it proves the page's Content-Security-Policy in the browser: a hostile flow renders with
its text shown and nothing executed, and a copy of a real page with a script added by hand
does not run it. Screenshots go to build/browser/.

Usage: python check_preview.py [--corpus DIR] [--out DIR] [--chromium PATH] [--screenshot FLOW PNG]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import waflows

ROOT = Path(__file__).resolve().parents[2]
RELAY = ROOT / "tests" / "fixtures" / "relay"
HERE = Path(__file__).resolve().parent

CANDIDATES = ("chromium-headless-shell", "chromium", "chromium-browser", "chrome-headless-shell", "google-chrome")


def find_chromium(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    # Debian's chromium-headless-shell package installs outside PATH on some releases.
    for path in ("/usr/lib/chromium/chrome-headless-shell", "/usr/lib/chromium/headless_shell"):
        if os.access(path, os.X_OK):
            return path
    return None


class Browser:
    """A headless Chromium driven over --remote-debugging-pipe (fd 3: commands in, fd 4:
    answers out; NUL-separated JSON messages)."""

    def __init__(self, exe: str) -> None:
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()

        def plumb() -> None:
            a, b = os.dup(cmd_r), os.dup(res_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        args = [
            exe,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--remote-debugging-pipe",
            "--user-data-dir=" + str(Path(os.environ.get("TMPDIR", "/tmp")) / f"waflows-preview-{os.getpid()}"),
            "about:blank",
        ]
        self.proc = subprocess.Popen(
            args, pass_fds=(3, 4), preexec_fn=plumb, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        os.close(cmd_r)
        os.close(res_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._cmd_w)
        os.close(self._res_r)

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise TimeoutError("no answer from Chromium")
            chunk = os.read(self._res_r, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self._id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, method: str, session: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            for i, e in enumerate(self.events):
                if e.get("method") == method and e.get("sessionId") == session:
                    del self.events[i]
                    return e
            self.events.append(self._read_message(deadline))

    def open_page(self, width: int = 1400, height: int = 900) -> str:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.send("Page.enable", session=session)
        self.send("Runtime.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
        return session

    def load(self, session: str, path: Path) -> None:
        self.events = [e for e in self.events if e.get("sessionId") != session]
        self.send("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        self.wait_event("Page.loadEventFired", session)

    def evaluate(self, session: str, expression: str) -> Any:
        r = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
        if "exceptionDetails" in r:
            raise RuntimeError(f"evaluate failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def screenshot(self, session: str, png: Path, scale: float = 1.0) -> None:
        size = self.evaluate(session, "JSON.stringify([document.documentElement.scrollWidth, document.documentElement.scrollHeight])")
        w, h = json.loads(size)
        shot = self.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": w, "height": h, "scale": scale},
        }, session=session, timeout=60)
        png.write_bytes(base64.b64decode(shot["data"]))


# What the page looks like, read in the browser.
PROBE = r"""
(() => {
  const out = {screens: [], overflow: [], scripts: document.scripts.length, handlers: 0, links: 0,
               title: document.title, pwned: typeof window.__pwned !== 'undefined'};
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) { if (a.toLowerCase().startsWith('on')) out.handlers++; }
  }
  out.links = document.querySelectorAll('a[href], area[href], [src^="javascript:"], iframe, object, embed').length;
  for (const ph of document.querySelectorAll('section.phone')) {
    const frame = ph.querySelector('.frame');
    const fr = frame.getBoundingClientRect();
    const bar = ph.querySelector('.bar h2');
    out.screens.push({id: ph.dataset.screen, title: bar ? bar.innerText : null, text: frame.innerText,
                      width: fr.width, scrollWidth: frame.scrollWidth, clientWidth: frame.clientWidth});
    for (const el of frame.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < fr.left - 0.5 || r.right > fr.right + 0.5) {
        out.overflow.push({screen: ph.dataset.screen, tag: el.tagName, cls: String(el.className && el.className.baseVal !== undefined ? el.className.baseVal : el.className),
                           left: r.left, right: r.right, frame: [fr.left, fr.right]});
      }
    }
  }
  return JSON.stringify(out);
})()
"""


def norm(s: str) -> str:
    return " ".join(s.split())


def is_static(s: Any) -> bool:
    return isinstance(s, str) and bool(s.strip()) and "${" not in s and not s.startswith("`")


def expected_texts(screen: dict[str, Any]) -> list[str]:
    """Static strings the phone must show, read from the Flow JSON independently of the
    renderer: outside If/Switch (which show one branch) and outside markdown."""
    out: list[str] = []

    def visible(c: dict[str, Any]) -> bool:
        v = c.get("visible", True)
        return v is True

    def walk(items: Any) -> None:
        if not isinstance(items, list):
            return
        for c in items:
            if not isinstance(c, dict) or not visible(c):
                continue
            t = c.get("type")
            if t in ("If", "Switch"):
                continue
            if t == "Form":
                walk(c.get("children"))
                continue
            if t in ("TextHeading", "TextSubheading", "TextBody", "TextCaption", "EmbeddedLink"):
                if not c.get("markdown") and is_static(c.get("text")):
                    out.append(c["text"])
            if t in ("TextInput", "TextArea", "Dropdown", "DatePicker", "OptIn", "Footer", "RadioButtonsGroup",
                     "CheckboxGroup", "ChipsSelector", "PhotoPicker", "DocumentPicker", "NavigationList"):
                if is_static(c.get("label")):
                    out.append(c["label"])
            if t == "CalendarPicker" and is_static(c.get("label")):
                out.append(c["label"])
            for k in ("helper-text", "description", "left-caption", "right-caption", "center-caption"):
                if t not in ("Image",) and is_static(c.get(k)):
                    out.append(c[k])
            if t in ("RadioButtonsGroup", "CheckboxGroup", "ChipsSelector") and isinstance(c.get("data-source"), list):
                for item in c["data-source"]:
                    if isinstance(item, dict) and is_static(item.get("title")):
                        out.append(item["title"])
            if t == "NavigationList" and isinstance(c.get("list-items"), list):
                for item in c["list-items"]:
                    mc = item.get("main-content") if isinstance(item, dict) else None
                    if isinstance(mc, dict) and is_static(mc.get("title")):
                        out.append(mc["title"])

    layout = screen.get("layout")
    if isinstance(layout, dict):
        walk(layout.get("children"))
    return out


def check_flow(b: Browser, session: str, name: str, flow_text: bytes, out_dir: Path, shot: bool) -> list[str]:
    problems: list[str] = []
    html = waflows.preview(flow_text)
    page = out_dir / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    b.load(session, page)
    probe = json.loads(b.evaluate(session, PROBE))
    flow = json.loads(flow_text)
    by_id = {s["id"]: s for s in probe["screens"]}
    for s in flow["screens"]:
        got = by_id.get(s["id"])
        if got is None:
            problems.append(f"{name}: screen {s['id']} is not on the page")
            continue
        if is_static(s.get("title")) and norm(got["title"] or "") != norm(s["title"]):
            problems.append(f"{name}/{s['id']}: title {got['title']!r}, expected {s['title']!r}")
        text = norm(got["text"])
        for t in expected_texts(s):
            if norm(t) not in text:
                problems.append(f"{name}/{s['id']}: {t!r} is not visible")
        if got["scrollWidth"] > got["clientWidth"] + 1:
            problems.append(f"{name}/{s['id']}: content is wider than the phone ({got['scrollWidth']} > {got['clientWidth']})")
    for o in probe["overflow"][:5]:
        problems.append(f"{name}/{o['screen']}: <{o['tag']} class={o['cls']!r}> overflows the frame ({o['left']:.0f}..{o['right']:.0f} outside {o['frame']})")
    if probe["scripts"] or probe["handlers"] or probe["links"]:
        problems.append(f"{name}: scripts={probe['scripts']} handlers={probe['handlers']} links={probe['links']}")
    if shot:
        b.screenshot(session, out_dir / f"{name}.png")
    return problems


def check_csp(b: Browser, session: str, out_dir: Path) -> list[str]:
    problems: list[str] = []
    hostile = (HERE / "hostile.flow.json").read_bytes()
    html = waflows.preview(hostile)
    page = out_dir / "hostile.html"
    page.write_text(html, encoding="utf-8")
    b.load(session, page)
    probe = json.loads(b.evaluate(session, PROBE))
    if probe["pwned"] or probe["title"] == "pwned":
        problems.append("hostile flow: a script ran")
    if probe["scripts"] or probe["handlers"] or probe["links"]:
        problems.append(f"hostile flow: scripts={probe['scripts']} handlers={probe['handlers']} links={probe['links']}")
    shown = " ".join(s["text"] for s in probe["screens"])
    if "<script>" not in shown:
        problems.append("hostile flow: the hostile text is not shown as text")
    # The policy itself: a real page with a script added by hand must not run it.
    tampered = html.replace("</body>", "<script>window.__pwned = 1; document.title = 'pwned';</script>"
                            "<img src=x onerror=\"window.__pwned = 2\"></body>")
    page = out_dir / "csp.html"
    page.write_text(tampered, encoding="utf-8")
    b.load(session, page)
    time.sleep(0.2)
    probe = json.loads(b.evaluate(session, PROBE))
    if probe["pwned"] or probe["title"] == "pwned":
        problems.append("Content-Security-Policy did not stop an inline script")
    if probe["scripts"] != 1:
        problems.append("the tampered page should hold exactly the one blocked script")
    return problems


def check_trace(b: Browser, session: str, out_dir: Path) -> list[str]:
    """A simulator trace page: the hotel-feedback flow run from a script, every screen the user
    saw drawn in order with the inputs given, nothing overflowing, nothing active."""
    problems: list[str] = []
    flow = (RELAY / "hotel_feedback.flow.json").read_bytes()
    comment = "Room was spotless <script>alert(1)</script>"
    trace = waflows.simulate(flow, {"now": 1764000000, "steps": [
        {"fill": {"recommend": "0_Yes", "comment": comment}}, {"tap": "footer"},
        {"select": {"Stay_Experience_f2b4e8": "0_★★★★★_•_Excellent_(5/5)",
                    "Food_Experience_bf1842": "1_★★★★☆_•_Good_(4/5)", "Customer_service": "0_Excellent"}},
        {"tap": "footer"}]})
    b.load(session, _write(out_dir / "trace-hotel_feedback.html", waflows.preview_trace(flow, trace)))
    probe = json.loads(b.evaluate(session, PROBE))
    shown = [s["id"] for s in probe["screens"]]
    if shown != trace["screens"]:
        problems.append(f"trace page: screens {shown}, expected {trace['screens']}")
    elif norm(comment) not in norm(probe["screens"][0]["text"]):
        problems.append("trace page: the comment the user typed is not shown on RECOMMEND")
    for o in probe["overflow"][:5]:
        problems.append(f"trace page/{o['screen']}: <{o['tag']}> overflows the frame")
    if probe["pwned"] or probe["scripts"] or probe["handlers"] or probe["links"]:
        problems.append(f"trace page: scripts={probe['scripts']} handlers={probe['handlers']} links={probe['links']}")
    b.screenshot(session, out_dir / "trace-hotel_feedback.png")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "valid"))
    ap.add_argument("--out", default=str(ROOT / "build" / "browser"))
    ap.add_argument("--chromium")
    ap.add_argument("--screenshot", nargs=2, metavar=("FLOW", "PNG"),
                    help="only write the storyboard screenshot of FLOW to PNG")
    args = ap.parse_args()
    exe = find_chromium(args.chromium)
    if exe is None:
        print("test-browser: no Chromium found (install Debian's chromium-headless-shell)", file=sys.stderr)
        return 2
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    b = Browser(exe)
    try:
        session = b.open_page()
        if args.screenshot:
            flow, png = args.screenshot
            b.load(session, _write(out_dir / "shot.html", waflows.preview(Path(flow).read_bytes())))
            b.screenshot(session, Path(png))
            print(f"wrote {png}")
            return 0
        problems: list[str] = []
        flows = sorted(RELAY.glob("*.flow.json"))
        for f in flows:
            problems += check_flow(b, session, f.name.removesuffix(".flow.json"), f.read_bytes(), out_dir, shot=True)
        corpus = Path(args.corpus)
        n_corpus = 0
        if corpus.is_dir():
            for f in sorted(corpus.glob("*.json")):
                problems += check_flow(b, session, "corpus-" + f.stem, f.read_bytes(), out_dir, shot=False)
                n_corpus += 1
        else:
            print(f"test-browser: corpus {corpus} is absent; checked the product flows only")
        problems += check_csp(b, session, out_dir)
        problems += check_trace(b, session, out_dir)
    finally:
        b.close()
    for p in problems:
        print("FAIL", p)
    took = time.monotonic() - started
    print(f"test-browser: {len(flows)} product flows, {n_corpus} corpus flows, CSP check, trace page; "
          f"{len(problems)} problem(s) in {took:.1f}s (screenshots in {out_dir})")
    return 1 if problems else 0


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
