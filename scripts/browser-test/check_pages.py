#!/usr/bin/env python3
"""Renders HTML reports in headless Chromium and checks them from the DOM.

For every page and width (1400 and 420 CSS pixels): each chart's SVG has
marks with a non-empty box; at 420 px no element reaches past the viewport
unless it sits inside a horizontal scroll container; nothing failed to load
(the pages are self-contained: no request beyond the page itself). Talks
to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe),
Python standard library only. Screenshots go to --out.

Exit 0 when every check passes, 1 otherwise; prints one line per page and width.
"""
import argparse
import base64
import json
import os
import pathlib
import select
import subprocess
import sys
import tempfile
import time

WIDTHS = (1400, 420)

# Evaluated by the harness (the pages themselves carry no scripts).
CHECK = r"""
(() => {
  const viewport = document.documentElement.clientWidth;
  const charts = [...document.querySelectorAll('svg.chart')].map(svg => {
    const marks = [...svg.querySelectorAll('.mark')];
    const drawn = marks.filter(m => { const b = m.getBBox(); return b.width > 0 || b.height > 0; }).length;
    const box = svg.getBoundingClientRect();
    return {id: svg.id, marks: marks.length, drawn: drawn, width: box.width,
            title: !!svg.querySelector('title'), desc: !!svg.querySelector('desc')};
  });
  const scrolls = el => {
    for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  };
  const hidden = el => el.closest('details:not([open]) > :not(summary)') !== null;
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    if (hidden(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if ((r.right > viewport + 1 || r.left < -1) && !scrolls(el)) {
      overflowing.push(el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + el.className : '') +
                       ' right=' + Math.round(r.right));
    }
  }
  const external = [...document.querySelectorAll('script, img, link[href], iframe, object, embed')].length;
  return {viewport: viewport, pageWidth: document.scrollingElement.scrollWidth, charts: charts,
          overflowing: overflowing.slice(0, 10), overflowCount: overflowing.length, external: external,
          resources: performance.getEntriesByType('resource').length,
          viewportMeta: !!document.querySelector('meta[name=viewport]'),
          sections: document.querySelectorAll('section').length};
})()
"""


class Browser:
    """Chromium with the DevTools protocol on fds 3 (to it) and 4 (from it)."""

    def __init__(self, binary, profile):
        to_read, to_write = os.pipe()      # we write, Chromium reads fd 3
        from_read, from_write = os.pipe()  # Chromium writes fd 4, we read

        def wire():
            # Both ends may already sit on 3 or 4: move them clear first.
            reader, writer = os.dup(to_read), os.dup(from_write)
            os.dup2(reader, 3)
            os.dup2(writer, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
             "--no-first-run", "--no-default-browser-check", "--mute-audio", "--remote-debugging-pipe",
             f"--user-data-dir={profile}", "about:blank"],
            close_fds=False, preexec_fn=wire, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_read)
        os.close(from_write)
        self.out = to_write
        self.inp = from_read
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None, timeout=60):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.out, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self.read(deadline)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def read(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.time()
            if left <= 0:
                raise TimeoutError("no answer from Chromium")
            ready, _, _ = select.select([self.inp], [], [], left)
            if ready:
                chunk = os.read(self.inp, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the pipe")
                self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method, session, timeout=60):
        deadline = time.time() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method and event.get("sessionId") == session:
                    return self.events.pop(index)
            self.events.append(self.read(deadline))

    def close(self):
        try:
            self.send("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def check(browser, page, width, shots, charted):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Network", "Runtime"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600}, session=session)
    browser.events.clear()
    browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
    browser.wait_for("Page.loadEventFired", session)
    result = browser.send("Runtime.evaluate", {"expression": CHECK, "returnByValue": True}, session=session)
    facts = result["result"]["value"]
    failed = [e for e in browser.events if e.get("method") in ("Network.loadingFailed", "Runtime.exceptionThrown")]
    requests = [e["params"]["request"]["url"] for e in browser.events if e.get("method") == "Network.requestWillBeSent"]
    problems = []
    if charted and not facts["charts"]:
        problems.append("no chart on a page that has charts")
    if not facts["viewportMeta"]:
        problems.append("no viewport meta tag")
    for chart in facts["charts"]:
        if chart["drawn"] == 0:
            problems.append(f"chart {chart['id']}: no marks drawn ({chart['marks']} mark elements)")
        if not chart["title"] or not chart["desc"]:
            problems.append(f"chart {chart['id']}: no <title>/<desc>")
        if chart["width"] > facts["viewport"] + 1:
            problems.append(f"chart {chart['id']}: {chart['width']:.0f} px wide in a {facts['viewport']} px viewport")
    if width <= 420 and facts["overflowCount"]:
        problems.append(f"{facts['overflowCount']} elements overflow {facts['viewport']} px outside scroll containers: "
                        + ", ".join(facts["overflowing"]))
    if width <= 420 and facts["pageWidth"] > facts["viewport"] + 1:
        problems.append(f"the page scrolls sideways: {facts['pageWidth']} px in {facts['viewport']} px")
    if failed:
        problems.append(f"{len(failed)} failed loads or errors: {failed[:3]}")
    others = [url for url in requests if url != page.resolve().as_uri()]
    if others or facts["external"] or facts["resources"]:
        problems.append(f"not self-contained: {others[:3]} {facts['external']} external elements")
    if shots:
        shot = browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
        (shots / f"{page.stem}-{width}.png").write_bytes(base64.b64decode(shot["data"]))
    browser.send("Target.closeTarget", {"targetId": target})
    return facts, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=pathlib.Path)
    parser.add_argument("--chromium", default="chromium")
    parser.add_argument("--out", type=pathlib.Path, required=True, help="directory for the screenshots")
    parser.add_argument("--screenshots", default="pack", help="comma-separated page names to screenshot, or all")
    parser.add_argument("--charted", default="", help="comma-separated page names that must show at least one chart")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    wanted = set(arguments.screenshots.split(","))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="crmwh-chromium-") as profile:
        browser = Browser(arguments.chromium, profile)
        try:
            for page in arguments.pages:
                for width in WIDTHS:
                    shots = arguments.out if "all" in wanted or page.stem in wanted else None
                    charted = page.stem in arguments.charted.split(",")
                    facts, problems = check(browser, page, width, shots, charted)
                    status = "ok" if not problems else "FAIL"
                    print(f"{status:4} {page.name:28} {width:5} px  charts {len(facts['charts']):3}  "
                          f"marks {sum(c['drawn'] for c in facts['charts']):5}  page width {facts['pageWidth']}")
                    for problem in problems:
                        print(f"     {problem}")
                    failures += bool(problems)
        finally:
            browser.close()
    print(f"browser test: {failures} failing page renderings" if failures else "browser test: every page passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
