"""A tiny headless-Chromium driver: the DevTools protocol over a pipe.

Chromium started with --remote-debugging-pipe reads protocol commands on its
file descriptor 3 and writes replies and events on 4, each a JSON text ended
by a NUL byte: no port, no WebSocket, standard library only (POSIX).
`Browser.load(url, ...)` opens the URL in a new tab, waits for it to be
ready, and returns what a script evaluated in it and every console error
the page raised (uncaught exceptions, console.error/assert, failed loads and
other browser-logged errors). Used by scripts/check_pages_in_browser.py.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--no-default-browser-check", "--mute-audio", "--hide-scrollbars",
         "--window-size=1400,1000"]
CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser"]
# Events after which a page will not render any more (a failed resource load,
# e.g. a favicon, is an error too, but the page may still render).
FATAL_EVENTS = {"Runtime.exceptionThrown", "Page.javascriptDialogOpening", "Inspector.targetCrashed"}


class BrowserError(Exception):
    """Chromium did not start, answer or load a page."""


def find_chromium() -> tuple[str | None, str]:
    """(path of a Chromium that runs, "") or (None, why there is none)."""
    wanted = os.environ.get("CHROMIUM")
    names = [wanted] if wanted else CANDIDATES
    for name in names:
        path = shutil.which(name)
        if not path:
            continue
        try:
            probe = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired) as error:
            return None, f"{path} does not run ({error})"
        if probe.returncode != 0:
            return None, f"`{path} --version` failed: {(probe.stderr or probe.stdout).strip()[:200]}"
        return path, ""
    where = f"$CHROMIUM={wanted} is not an executable" if wanted else \
        "no /usr/bin/chromium and no chromium or chromium-browser on PATH"
    return None, (f"no Chromium: {where}; install it (Debian: `apt-get install chromium`; "
                  "`make test` does so when run as root with apt-get)")


@dataclass
class PageResult:
    value: object = None
    ready: bool = False
    errors: list[str] = field(default_factory=list)


def console_error(event: dict) -> str | None:
    """The console error an event reports, as one line, else None."""
    method, params = event.get("method"), event.get("params", {})
    if method == "Runtime.exceptionThrown":
        details = params.get("exceptionDetails", {})
        text = (details.get("exception", {}).get("description") or details.get("text") or "").splitlines()
        where = f" ({details.get('url', '')}:{details.get('lineNumber', 0) + 1})" if details.get("url") else ""
        return (text[0] if text else "exception") + where
    if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
        args = params.get("args", [])
        return "console." + params["type"] + ": " + " ".join(
            str(a.get("value", a.get("description", ""))) for a in args)[:300]
    if method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
        entry = params["entry"]
        return f"{entry.get('text', '')}" + (f" ({entry['url']})" if entry.get("url") else "")
    if method == "Inspector.targetCrashed":
        return "the page crashed"
    if method == "Page.javascriptDialogOpening":  # e.g. a script injected by the page's text
        return f"the page opened a JavaScript {params.get('type')} dialog: {params.get('message', '')[:200]!r}"
    return None


class Browser:
    def __init__(self, binary: str, timeout: float = 60.0):
        self.binary, self.timeout = binary, timeout
        self.next_id, self.events, self.buffer = 0, [], b""

    def __enter__(self) -> "Browser":
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self.log = tempfile.TemporaryFile()  # Chromium's own output, quoted if it exits
        to_r, to_w = os.pipe()
        from_r, from_w = os.pipe()
        # The child's ends above 10, so that putting them on 3 and 4 overwrites nothing.
        child_r, child_w = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_r, from_w))
        os.close(to_r), os.close(from_w)

        def on_3_and_4() -> None:  # in the child, before exec
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        try:
            self.proc = subprocess.Popen(
                [self.binary, *FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe",
                 "about:blank"], stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                close_fds=False, preexec_fn=on_3_and_4, start_new_session=True)
        except OSError:
            os.close(to_w), os.close(from_r)
            self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)
            raise BrowserError(f"cannot start {self.binary}") from None
        finally:
            os.close(child_r), os.close(child_w)
        self.write_fd, self.read_fd = to_w, from_r
        try:
            self.send("Target.getTargets")  # the browser answers: the pipe works
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.send("Browser.close", wait=False)
            self.proc.wait(timeout=15)
        except (BrowserError, OSError, subprocess.TimeoutExpired):
            try:  # Chromium and its helper processes: the session it was started in
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        finally:
            os.close(self.write_fd), os.close(self.read_fd)
            self.log.close()
            shutil.rmtree(self.profile, ignore_errors=True)

    def tail_of_log(self) -> str:
        self.log.flush()
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
        return " | ".join(lines[-5:])

    def pump(self, seconds: float) -> dict | None:
        """Read one message (waiting up to `seconds`); events are kept."""
        deadline = time.monotonic() + seconds
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.read_fd], [], [], left)
            if ready:
                chunk = os.read(self.read_fd, 1 << 20)
                if not chunk:
                    raise BrowserError(f"Chromium exited (log: {self.tail_of_log()})")
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message:
            self.events.append(message)
            if message["method"] == "Page.javascriptDialogOpening":  # it would block the page
                self.send("Page.handleJavaScriptDialog", {"accept": False}, message.get("sessionId"), wait=False)
        return message

    def send(self, method: str, params: dict | None = None, session: str | None = None,
             wait: bool = True) -> dict:
        self.next_id += 1
        number = self.next_id
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self.write_fd, data):]
        deadline = time.monotonic() + self.timeout
        while wait:
            reply = self.pump(max(deadline - time.monotonic(), 0))
            if reply is None:
                raise BrowserError(f"no answer to {method} in {self.timeout:.0f} s")
            if reply.get("id") == number:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
        return {}

    def evaluate(self, expression: str, session: str) -> object:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session)
        if "exceptionDetails" in result:
            raise BrowserError(f"evaluating in the page: {result['exceptionDetails'].get('text')}")
        return result.get("result", {}).get("value")

    def load(self, url: str, ready_js: str, collect_js: str, screenshot: Path | None = None) -> PageResult:
        """Open url in a new tab; wait for load and ready_js (truthy) or the timeout; collect."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Runtime.enable", "Log.enable", "Page.enable", "Inspector.enable"):
            self.send(method, session=session)
        first_event = len(self.events)
        navigation = self.send("Page.navigate", {"url": url}, session)
        result = PageResult()
        if navigation.get("errorText"):
            result.errors.append(f"cannot open {url}: {navigation['errorText']}")
        deadline = time.monotonic() + self.timeout
        loaded = lambda: any(e.get("sessionId") == session and e["method"] == "Page.loadEventFired"
                             for e in self.events[first_event:])
        while not loaded() and time.monotonic() < deadline:
            self.pump(deadline - time.monotonic())
        failed = lambda: any(e["method"] in FATAL_EVENTS for e in self.events[first_event:]
                             if e.get("sessionId") == session)
        while time.monotonic() < deadline and not result.ready:
            result.ready = bool(self.evaluate(ready_js, session))
            self.pump(0.25)
            if failed():  # a script failed already: a few seconds more, not the whole timeout
                deadline = min(deadline, time.monotonic() + 3)
        end = time.monotonic() + 0.5  # late errors, e.g. from a deferred script
        while time.monotonic() < end:
            self.pump(end - time.monotonic())
        result.value = self.evaluate(collect_js, session)
        if screenshot is not None:
            data = self.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
            screenshot.write_bytes(base64.b64decode(data))
        for event in self.events[first_event:]:
            error = console_error(event) if event.get("sessionId") == session else None
            if error and error not in result.errors:
                result.errors.append(error)
        self.send("Target.closeTarget", {"targetId": target})
        return result
