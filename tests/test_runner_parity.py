"""Both runners live one scenario life (:mod:`twinrig.life`): where a run goes wrong, pytest-bdd
and behave still give every scenario the same name, verdict, message, step records and trace.

The whole suite is compared on the reference and on mutants in ``tests/test_behave.py``; here
two feature files are played against a refused connection, a platform that answers 500, an
iSmart-only and an empty declaration, a real-time run, and a feature with an undefined step.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_behave import Played, differences, played

from core.features import FEATURES, REPOSITORY
from core.options import RunOptions
from core.results import RunResult
from twinrig.runner import run

pytestmark = pytest.mark.end_to_end  # every test plays feature files under both runners

SUBSET = (FEATURES / "ismart" / "binding.feature", FEATURES / "myrenault" / "security.feature")


def behave_played(tmp_path: Path, options: RunOptions, paths: tuple[Path, ...]) -> Played:
    results = tmp_path / "behave.json"
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets"]
    command += [*options.behave_args(), "-D", f"results={results}", *map(str, paths)]
    done = subprocess.run(command, cwd=REPOSITORY, check=False, capture_output=True, text=True, timeout=300)
    assert results.is_file(), f"behave wrote no results:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return played(RunResult.from_json(json.loads(results.read_text(encoding="utf-8"))).scenarios)


def both(tmp_path: Path, options: RunOptions, paths: tuple[Path, ...] = SUBSET) -> Played:
    """The scenarios of *paths* played by both runners with *options*: pytest's, once they agree,
    and once their JUnit files agree (but for the replay commands, each runner's own)."""
    pytest_junit, behave_junit = tmp_path / "pytest-junit.xml", tmp_path / "behave-junit.xml"
    by_pytest = played(run(dataclasses.replace(options, features=paths, junit=pytest_junit)).scenarios)
    by_behave = behave_played(tmp_path, dataclasses.replace(options, junit=behave_junit), paths)
    assert len(by_pytest) == len(by_behave) > 0
    assert differences(by_pytest, by_behave) == []
    assert by_pytest == by_behave
    assert junit_cases(pytest_junit) == junit_cases(behave_junit)
    assert [verdict for _, _, verdict, *_ in by_pytest] == [verdict for _, verdict, _ in junit_cases(pytest_junit)]
    return by_pytest


_ELEMENT_VERDICT = {"failure": "fail", "error": "error", "skipped": "inconclusive"}


def junit_cases(path: Path) -> list[tuple[str, str, str]]:
    """Each test case of the JUnit file at *path*: its name, the verdict its element says, and the
    element's text without the replay command."""
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    found = []
    for case in root.iter("testcase"):
        detail = next(iter(case.findall("failure") + case.findall("error") + case.findall("skipped")), None)
        verdict = "pass" if detail is None else _ELEMENT_VERDICT[detail.tag]
        text = "" if detail is None else (detail.text or "")
        found.append((f"{case.get('classname')}: {case.get('name')}", verdict, re.sub(r"reproduce: .*", "", text)))
    return found


def verdicts(scenarios: Played) -> set[str]:
    return {verdict for _, _, verdict, *_ in scenarios}


def messages(scenarios: Played) -> set[str]:
    return {message for _, _, _, message, *_ in scenarios}


class _Answers500(BaseHTTPRequestHandler):
    def _fail(self) -> None:
        body = b'{"error": "internal"}'
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _fail

    def log_message(self, format: str, *args: object) -> None:
        pass


class _DeclaresNothing(_Answers500):
    """Declares no brand and no model, acknowledges every test call, and answers 500 to the rest."""

    def do_GET(self) -> None:
        if self.path != "/test/declaration":
            self._fail()
            return
        declaration = json.loads((REPOSITORY / "docs/examples/declaration.json").read_text(encoding="utf-8"))
        self._answer(json.dumps({**declaration, "brands": [], "models": []}).encode())

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.path.startswith("/test/"):
            self._answer(b"{}")
        else:
            self._fail()

    def _answer(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def broken_platform() -> Iterator[str]:
    yield from _serving(_Answers500)


@pytest.fixture
def empty_platform() -> Iterator[str]:
    yield from _serving(_DeclaresNothing)


def _declaration(tmp_path: Path, brands: list[str]) -> Path:
    declaration = json.loads((REPOSITORY / "docs/examples/declaration.json").read_text(encoding="utf-8"))
    declaration["brands"] = brands
    declaration["models"] = [model for model in declaration["models"] if model["brand"] in brands]
    path = tmp_path / f"declaration-{'-'.join(brands) or 'empty'}.json"
    path.write_text(json.dumps(declaration), encoding="utf-8")
    return path


def test_a_refused_connection_is_the_same_error_under_both_runners(tmp_path: Path) -> None:
    scenarios = both(tmp_path, RunOptions(platform=nobody_listening(), deadline=2.0))
    assert verdicts(scenarios) == {"error"}


def test_a_platform_answering_500_is_the_same_error_under_both_runners(tmp_path: Path, broken_platform: str) -> None:
    scenarios = both(tmp_path, RunOptions(platform=broken_platform, deadline=2.0))
    assert verdicts(scenarios) == {"error"}
    assert all("500" in message for message in messages(scenarios)), messages(scenarios)


def test_an_ismart_only_declaration_leaves_the_same_scenarios_inconclusive(tmp_path: Path) -> None:
    scenarios = both(tmp_path, RunOptions(declaration=_declaration(tmp_path, ["ismart"])))
    assert verdicts(scenarios) == {"pass", "inconclusive"}
    assert "not applicable: the platform does not claim brand 'myrenault'" in messages(scenarios)


def test_an_empty_declaration_is_the_same_error_under_both_runners(tmp_path: Path, empty_platform: str) -> None:
    scenarios = both(tmp_path, RunOptions(platform=empty_platform, deadline=2.0))
    assert verdicts(scenarios) == {"error"}
    assert messages(scenarios) == {"the platform's capability declaration is empty: nothing could be tested"}


def test_a_real_time_run_leaves_the_same_scenarios_inconclusive(tmp_path: Path) -> None:
    scenarios = both(tmp_path, RunOptions(real_time=True))
    assert "inconclusive" in verdicts(scenarios)
    assert "needs the test clock, and the platform runs in real time" in messages(scenarios)


def test_an_undefined_step_is_the_same_error_under_both_runners(tmp_path: Path) -> None:
    features = tmp_path / "features"
    features.mkdir()
    shutil.copytree(FEATURES / "steps", features / "steps")
    shutil.copy(FEATURES / "environment.py", features / "environment.py")
    (features / "typo.feature").write_text(
        "@brand:ismart\nFeature: A typo\n  Scenario: One step nobody defined\n"
        "    Given the user has bound the car\n    When the user presses the wrong button\n"
        "    Then the car is bound to the user\n",
        encoding="utf-8",
    )
    (scenario,) = both(tmp_path, RunOptions(), (features / "typo.feature",))
    _, _, verdict, message, _, _, _, _, steps, *_ = scenario
    assert verdict == "error"
    assert "undefined step 'When the user presses the wrong button'" in message
    assert "Nearest defined steps" in message
    assert [status for _, _, status, *_ in steps] == ["passed", "undefined", "skipped"]


def nobody_listening() -> str:
    """A URL on 127.0.0.1 where nothing listens (a port taken, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"
