"""Headless Chromium driven over the DevTools protocol: open a page, wait for it, read it, take a screenshot.

The Allure report is a JavaScript app that loads its data after the page has loaded, so a test
waits for what it expects to appear (``--dump-dom`` and ``--screenshot`` take a fixed moment
instead). The protocol is spoken over a WebSocket with ``websockets`` (uvicorn's, already a
dependency); Chromium is Debian's ``/usr/bin/chromium``.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

from websockets.sync.client import ClientConnection, connect

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class Page:
    """One browser tab, spoken to over its DevTools WebSocket."""

    def __init__(self, socket: ClientConnection) -> None:
        self._socket = socket
        self._ids = count(1)

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one DevTools command and return its result (events in between are skipped)."""
        ident = next(self._ids)
        self._socket.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv(timeout=30))
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return dict(message.get("result", {}))

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        """The value of the JavaScript *expression*; with *wait*, of the promise it returns."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=wait)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression} threw: {result['exceptionDetails'].get('exception', result)}")
        return result["result"].get("value")

    def open(self, url: str, showing: str, timeout: float = 30) -> None:
        """Open *url* and wait until the JavaScript *showing* holds; reload once if it does not
        (seen once on a busy machine: the Allure app drew its frame, never its data)."""
        self.call("Page.navigate", url=url)
        try:
            self.wait_for(showing, timeout=timeout / 2)
        except AssertionError:
            print(f"\nbrowser: {url} did not show {showing} in {timeout / 2:.0f} s; reloading")
            self.call("Page.reload", ignoreCache=True)
            self.wait_for(showing, timeout=timeout / 2)

    def wait_for(self, expression: str, timeout: float = 30) -> Any:
        """Poll the JavaScript *expression* until it is truthy; its value (AssertionError on timeout).

        The value comes back as JSON: a DOM node arrives as ``{}``, so test for one with ``!!``.
        """
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(expression)
            except AssertionError:  # the page is still loading
                value = None
            if value:
                return value
            time.sleep(0.2)
        raise AssertionError(f"the page never showed {expression}; it shows:\n{self.text()[:2000]}")

    def click_until(self, element: str, expression: str, tries: int = 4) -> Any:
        """Click the *element* (a JavaScript expression) until *expression* holds: an app may render
        a moment after its text shows, and drop a click made before."""
        for _ in range(tries - 1):
            self.evaluate(f"({element}).click()")
            try:
                return self.wait_for(expression, timeout=3)
            except AssertionError:
                continue
        self.evaluate(f"({element}).click()")
        return self.wait_for(expression, timeout=10)

    def text(self) -> str:
        return str(self.evaluate("document.body ? document.body.innerText : ''"))

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=False)["data"]
        path.write_bytes(base64.b64decode(data))
        return path


@contextmanager
def chromium(profile: Path, width: int = 1400, height: int = 1100) -> Iterator[Page]:
    """A headless Chromium with its profile in *profile*, and its first tab; closed at the end."""
    process = subprocess.Popen(
        [
            str(CHROMIUM),
            *FLAGS,
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        port = _devtools_port(process.stderr)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            tabs = [tab for tab in json.load(answer) if tab["type"] == "page"]
        with connect(tabs[0]["webSocketDebuggerUrl"], max_size=None, open_timeout=10) as socket:
            yield Page(socket)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _devtools_port(stderr: Any) -> int:
    """The port Chromium prints in its ``DevTools listening on ws://127.0.0.1:PORT/...`` line."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = stderr.readline()
        if not line:
            break
        if found := re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line):
            return int(found[1])
    raise AssertionError("Chromium did not start its DevTools server")
