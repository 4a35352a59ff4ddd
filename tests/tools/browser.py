#!/usr/bin/env python3
"""Opens a page in headless Chromium and says what a reader's browser saw.

Drives Debian's chromium through the DevTools protocol over a pipe
(--remote-debugging-pipe: requests on fd 3, answers on fd 4, each a JSON
message ending in a NUL byte), so no port is opened and only the Python
standard library is needed.

usage: browser.py PAGE.html [--width W] [--height H] [--mobile]
                  [--eval-file JS] [--screenshot OUT.png] [--full | --clip Y,H] [--print]

Prints one JSON object: "console" (console messages of level error or
warning, uncaught exceptions, and the browser's own log errors such as a
refused Content-Security-Policy), "requests" (every URL the page asked for
other than itself), "scroll_width" and "client_width" of the document, and
"eval" (the value of the expression in JS, when given). Exit status 0, or
2 when the browser could not be driven.
"""
import argparse
import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="nb-chromium-")
        to_child_r, self.to_child = os.pipe()
        self.from_child, from_child_w = os.pipe()
        # fds 3 and 4 in the child: copies above 9 first, so that neither
        # dup2() overwrites the other end.
        hi_r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
        hi_w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)

        def child():
            os.dup2(hi_r, 3)
            os.dup2(hi_w, 4)

        exe = shutil.which("chromium") or "/usr/bin/chromium"
        self.log = open(os.path.join(self.profile, "stderr.txt"), "w")
        self.proc = subprocess.Popen(
            [exe, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "--no-first-run", "--no-default-browser-check",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
             "about:blank"],
            preexec_fn=child, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=self.log)
        for fd in (to_child_r, from_child_w, hi_r, hi_w):
            os.close(fd)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_child, json.dumps(msg).encode() + b"\0")
        return self.next_id

    def recv(self, deadline):
        while b"\0" not in self.buf:
            if time.monotonic() > deadline:
                raise TimeoutError("the browser did not answer")
            r, _, _ = select.select([self.from_child], [], [], 0.5)
            if not r:
                continue
            data = os.read(self.from_child, 1 << 20)
            if not data:
                raise EOFError("the browser went away")
            self.buf += data
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, params=None, session=None, timeout=60):
        i = self.send(method, params, session)
        deadline = time.monotonic() + timeout
        while True:
            m = self.recv(deadline)
            if m.get("id") == i:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def wait_event(self, name, timeout=60):
        deadline = time.monotonic() + timeout
        for k, m in enumerate(self.events):
            if m.get("method") == name:
                return self.events.pop(k)
        while True:
            m = self.recv(deadline)
            if m.get("method") == name:
                return m
            self.events.append(m)

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        try:
            while True:
                self.events.append(self.recv(deadline))
        except TimeoutError:
            pass

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("page")
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--height", type=int, default=900)
    ap.add_argument("--mobile", action="store_true")
    ap.add_argument("--eval-file")
    ap.add_argument("--screenshot")
    ap.add_argument("--full", action="store_true", help="the whole page in the screenshot")
    ap.add_argument("--print", action="store_true", help="as printed: CSS media print")
    ap.add_argument("--clip", help="Y,HEIGHT: that band of the page in the screenshot")
    args = ap.parse_args()

    url = "file://" + os.path.abspath(args.page)
    b = Browser()
    out = {"console": [], "requests": []}
    try:
        target = b.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = b.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.call(domain + ".enable", session=s)
        b.call("Emulation.setDeviceMetricsOverride",
               {"width": args.width, "height": args.height, "deviceScaleFactor": 1,
                "mobile": args.mobile}, session=s)
        if args.print:
            b.call("Emulation.setEmulatedMedia", {"media": "print"}, session=s)
        b.call("Page.navigate", {"url": url}, session=s)
        b.wait_event("Page.loadEventFired")
        b.drain(0.5)
        for m in b.events:
            meth, p = m.get("method"), m.get("params", {})
            if meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                out["console"].append("console.%s: %s" % (p["type"], " ".join(
                    str(a.get("value", a.get("description", ""))) for a in p.get("args", []))))
            elif meth == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out["console"].append("exception: %s" % d.get("exception", {}).get("description", d.get("text")))
            elif meth == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                e = p["entry"]
                out["console"].append("log %s (%s): %s" % (e.get("level"), e.get("source"), e.get("text")))
            elif meth == "Network.requestWillBeSent":
                u = p.get("request", {}).get("url", "")
                if u.split("#")[0] != url:
                    out["requests"].append(u)
        r = b.call("Runtime.evaluate", {"expression":
                   "JSON.stringify([document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                   " document.documentElement.scrollHeight])", "returnByValue": True}, session=s)
        sw, cw, sh = json.loads(r["result"]["value"])
        out["scroll_width"], out["client_width"], out["scroll_height"] = sw, cw, sh
        if args.eval_file:
            with open(args.eval_file) as f:
                js = f.read()
            r = b.call("Runtime.evaluate", {"expression": "JSON.stringify((function(){%s})())" % js,
                                            "returnByValue": True}, session=s)
            if "exceptionDetails" in r:
                raise RuntimeError("eval: %s" % r["exceptionDetails"])
            out["eval"] = json.loads(r["result"]["value"])
        if args.screenshot:
            params = {"format": "png"}
            if args.full:
                b.call("Emulation.setDeviceMetricsOverride",
                       {"width": args.width, "height": min(sh, 16000), "deviceScaleFactor": 1,
                        "mobile": args.mobile}, session=s)
            if args.clip:
                y, hgt = (int(v) for v in args.clip.split(","))
                params.update(captureBeyondViewport=True,
                              clip={"x": 0, "y": y, "width": args.width, "height": hgt, "scale": 1})
            shot = b.call("Page.captureScreenshot", params, session=s)
            with open(args.screenshot, "wb") as f:
                f.write(base64.b64decode(shot["data"]))
    except Exception as e:  # the browser could not be driven
        print("browser.py: %s" % e, file=sys.stderr)
        b.close()
        return 2
    b.close()
    json.dump(out, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
