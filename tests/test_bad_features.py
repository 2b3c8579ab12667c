"""Bad feature files are errors naming file and line (or the file, when it cannot be read), and
every other feature of the run still runs and passes (issue 14, the bad-feature-file family).

Each test writes its own bad file next to a good one into a throw-away project (pytester, as
``tests/test_bad_input.py``) and runs the rig over the folder.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rig_project import GOOD, GOOD_NAME, run_rig

from commands.cli import main
from core.features import FEATURES, PROBLEM, REPOSITORY, feature_files, load, walk_problems
from reports.catalogue import load_catalogue

pytest_plugins = ["pytester"]


def _bad(name: str, body: str, language: str = "") -> str:
    """A feature of one scenario *name* with *body* as its steps."""
    head = f"# language: {language}\n" if language else ""
    feature, scenario = {"": ("Feature", "Scenario"), "da": ("Egenskab", "Scenarie"), "no": ("Egenskap", "Scenario")}[
        language
    ]
    return f"{head}@brand:ismart\n{feature}: Bad\n  @req:IS-LOGIN-2\n  {scenario}: {name}\n{body}"


def _one_error(run, file: str, line: int | None, *words: str) -> str:  # type: ignore[no-untyped-def]
    """The one problem of the run: an error naming *file* (at *line*); the good feature passed."""
    [problem] = run.problems()
    assert problem["verdict"] == "error"
    message = str(problem["message"])
    where = run.where(file, line) if line else str(run.features / file)
    assert message.startswith(where + ":"), message
    for word in words:
        assert word in message, message
    assert run.one(GOOD_NAME)["verdict"] == "pass", "the good feature still runs"
    return message


# --- 1. files that cannot be read as UTF-8 text -----------------------------------------------


def _write_bytes(pytester: pytest.Pytester, name: str, data: bytes) -> None:
    folder = pytester.path / "features_under_test"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def test_a_latin_1_file_is_an_error_naming_file_and_line(pytester: pytest.Pytester) -> None:
    _write_bytes(
        pytester, "latin.feature", _bad("Æble", "    Given the user has installed the iSmart app\n").encode("latin-1")
    )
    run = run_rig(pytester, {"good.feature": GOOD})
    _one_error(run, "latin.feature", 4, "not UTF-8", "0xc6")
    assert run.totals == {"pass": 1, "fail": 0, "inconclusive": 0, "error": 1}


def test_trace_names_the_bad_file_and_still_counts_the_good_one(
    pytester: pytest.Pytester, capsys: pytest.CaptureFixture[str]
) -> None:
    _write_bytes(pytester, "latin.feature", _bad("Æble", "    Given x\n").encode("latin-1"))
    run_rig(pytester, {"good.feature": GOOD})
    capsys.readouterr()
    assert main(["trace", "--results", str(pytester.path / "r.json"), "--require", ""]) == 1
    out, err = capsys.readouterr()
    assert "latin.feature:4: not UTF-8" in err
    assert re.search(r"^IS-LOGIN-2\s+pass\s+1\b", out, re.MULTILINE), out


def test_a_binary_file_is_an_error_naming_it(pytester: pytest.Pytester) -> None:
    _write_bytes(pytester, "binary.feature", bytes(range(256)))
    run = run_rig(pytester, {"good.feature": GOOD})
    _one_error(run, "binary.feature", 2, "not UTF-8")  # the first byte past ASCII is on line 2


def test_a_dangling_symlink_is_an_error_naming_the_file(pytester: pytest.Pytester) -> None:
    folder = pytester.path / "features_under_test"
    folder.mkdir(parents=True)
    (folder / "gone.feature").symlink_to(folder / "nowhere.feature")
    run = run_rig(pytester, {"good.feature": GOOD})
    message = _one_error(run, "nowhere.feature", None, "cannot be read", "dangling symlink")
    assert str(folder / "gone.feature") in message, "the link is named too"


def test_an_unreadable_file_is_an_error_naming_it(pytester: pytest.Pytester) -> None:
    folder = pytester.path / "features_under_test"
    folder.mkdir(parents=True)
    if os.geteuid() == 0:  # root reads any file it may not: a file whose read fails for everyone
        (folder / "secret.feature").symlink_to("/proc/self/mem")
    else:
        (folder / "secret.feature").write_text(GOOD, encoding="utf-8")
        (folder / "secret.feature").chmod(0)
    run = run_rig(pytester, {"good.feature": GOOD})
    [problem] = run.problems()
    assert problem["verdict"] == "error"
    assert "cannot be read" in problem["message"]
    assert "secret.feature" in problem["message"]
    assert run.one(GOOD_NAME)["verdict"] == "pass"


# --- 2. a misspelt keyword is not a description -----------------------------------------------


@pytest.mark.parametrize(
    ("language", "first", "then"),
    [
        ("", "Gven the user has an iSmart account with their phone number", "Then"),
        ("", "Giv\u0435n the user has an iSmart account with their phone number", "Then"),
        ("da", "Gviet brugeren har en iSmart konto med sit telefonnummer", "Så"),
        ("no", "Gıtt brukeren har en iSmart-konto med telefonnummeret sitt", "Så"),
    ],
)
def test_a_misspelt_first_step_is_an_error_not_a_description(
    pytester: pytest.Pytester, language: str, first: str, then: str
) -> None:
    body = f'    {first}\n    {then} the user is refused with "terms_not_accepted"\n'
    run = run_rig(pytester, {"typo.feature": _bad("Typo", body, language), "good.feature": GOOD})
    line = 6 if language else 5
    _one_error(run, "typo.feature", line, "reads like the keyword")
    assert run.named("Typo") == [], "the scenario does not run (and pass) without its first step"


# --- 3. undecidable scenarios -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "body", "words"),
    [
        ("", "", ("has no steps",)),
        ("", "    Given the user has an iSmart account with their phone number\n", ("has no Then step",)),
        ("da", "    Givet brugeren har en iSmart konto med sit telefonnummer\n    Og noget\n", ("Så",)),
    ],
)
def test_a_scenario_without_steps_or_then_is_an_error_and_covers_nothing(
    pytester: pytest.Pytester, language: str, body: str, words: tuple[str, ...]
) -> None:
    run = run_rig(pytester, {"undecided.feature": _bad("Undecided", body, language), "good.feature": GOOD})
    _one_error(run, "undecided.feature", 5 if language else 4, *words)
    assert run.named("Undecided") == []
    covering = [scenario for scenario in run.scenarios if "IS-LOGIN-2" in scenario["requirements"]]
    assert [scenario["name"] for scenario in covering] == [GOOD_NAME], "only the good one covers IS-LOGIN-2"


def test_and_after_then_counts_as_then(pytester: pytest.Pytester) -> None:
    body = (
        "    Given the user has an iSmart account with their phone number\n"
        "    When the user logs in without accepting the user agreement\n"
        '    Then the user is refused with "terms_not_accepted"\n'
        '    And the user is refused with "terms_not_accepted"\n'
    )
    run = run_rig(pytester, {"and.feature": _bad("With And", body)})
    assert run.problems() == []
    assert run.one("With And")["verdict"] == "pass"


# --- 4. a requirement outside the catalogue ---------------------------------------------------


def test_an_unknown_requirement_is_an_error_in_run(pytester: pytest.Pytester) -> None:
    run = run_rig(
        pytester,
        {
            "nope.feature": GOOD.replace("IS-LOGIN-2", "NOPE")
            .replace("Feature: Good", "Feature: Nope")
            .replace(GOOD_NAME, "Nope"),
            "good.feature": GOOD,
        },
    )
    _one_error(run, "nope.feature", 3, "@req:NOPE", "requirements.md")
    assert run.named("Nope") == []


# --- 5. outlines, BOM, symlink loops ----------------------------------------------------------

OUTLINE_STEPS = (
    "    Given the user has an iSmart account with their phone number\n"
    "    When the user logs in without accepting the <document>\n"
    '    Then the user is refused with "terms_not_accepted"\n'
)


def test_an_outline_without_examples_is_an_error(pytester: pytest.Pytester) -> None:
    text = _bad("No examples", OUTLINE_STEPS).replace("Scenario:", "Scenario Outline:")
    run = run_rig(pytester, {"outline.feature": text, "good.feature": GOOD})
    _one_error(run, "outline.feature", 4, "has no Examples")
    assert run.named("No examples") == []


def test_an_unknown_placeholder_is_an_error_naming_its_line(pytester: pytest.Pytester) -> None:
    text = _bad("Unknown <x>", OUTLINE_STEPS.replace("<document>", "<x>")).replace("Scenario:", "Scenario Outline:")
    text += "\n    Examples:\n      | document       |\n      | user agreement |\n"
    run = run_rig(pytester, {"outline.feature": text, "good.feature": GOOD})
    _one_error(run, "outline.feature", 6, "<x>", "document")


def test_a_byte_order_mark_is_an_error_naming_it(pytester: pytest.Pytester) -> None:
    """pytest-bdd reads a file itself and takes a BOM for part of its first line (every feature
    of the folder then fails to collect): the rig names the mark instead."""
    _write_bytes(pytester, "bom.feature", b"\xef\xbb\xbf" + GOOD.replace(GOOD_NAME, "With a BOM").encode())
    run = run_rig(pytester, {"good.feature": GOOD})
    _one_error(run, "bom.feature", 1, "byte-order mark")


def test_a_symlink_loop_is_an_error_naming_the_link_and_is_walked_once(pytester: pytest.Pytester) -> None:
    folder = pytester.path / "features_under_test"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "loop").symlink_to(folder, target_is_directory=True)
    run = run_rig(pytester, {"good.feature": GOOD})
    [problem] = run.problems()
    assert problem["verdict"] == "error"
    assert str(folder / "sub" / "loop") in problem["message"]
    assert "symlink loop" in problem["message"]
    assert run.one(GOOD_NAME)["verdict"] == "pass"


# --- the shipped suite ------------------------------------------------------------------------


def test_the_shipped_features_have_no_problems() -> None:
    requirements = frozenset(requirement.id for requirement in load_catalogue())
    problems = [problem for path in feature_files(FEATURES) for problem in load(path, requirements).problems]
    assert problems == []
    assert walk_problems(FEATURES) == []
    assert len(feature_files(FEATURES)) == len(list(Path(FEATURES).rglob("*.feature")))


# --- behave -----------------------------------------------------------------------------------


@pytest.mark.end_to_end
def test_behave_errors_a_scenario_the_checks_stop_and_runs_the_others(tmp_path: Path) -> None:
    """behave parses the files itself; the rig's checks turn a scenario they stop into a hook
    error of behave's and an error result of the rig's, and a file behave cannot parse (not
    UTF-8 here) into an error result of its own (``twinrig.behave_runner``)."""
    features = tmp_path / "features"
    (features / "steps").mkdir(parents=True)
    for name in ("environment.py", "steps/library.py"):
        (features / name).write_text((FEATURES / name).read_text(encoding="utf-8"), encoding="utf-8")
    typo = _bad(
        "Typo",
        '    Gven the user has an iSmart account with their phone number\n    Then the user is refused with "x"\n',
    )
    (features / "typo.feature").write_text(typo, encoding="utf-8")
    (features / "good.feature").write_text(GOOD, encoding="utf-8")
    (features / "latin.feature").write_bytes(GOOD.replace("Good", "Café").encode("latin-1"))
    results = tmp_path / "r.json"
    command = [
        sys.executable,
        "-m",
        "behave",
        "-f",
        "null",
        "--no-capture",
        "--no-snippets",
        "-D",
        f"results={results}",
    ]
    done = subprocess.run(
        [*command, str(features)], cwd=REPOSITORY, check=False, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1, done.stdout + done.stderr
    verdicts = {
        scenario["name"]: (scenario["verdict"], scenario["message"])
        for scenario in json.loads(results.read_text())["scenarios"]
    }
    assert verdicts[GOOD_NAME] == ("pass", "")
    verdict, message = verdicts["Typo"]
    assert verdict == "error"
    assert f"{(features / 'typo.feature').as_posix()}:5: 'Gven' reads like the keyword 'Given'" in message
    assert verdicts[PROBLEM] == (
        "error",
        f"{(features / 'latin.feature').as_posix()}:2: not UTF-8: byte 0xe9 at column 13; save the file as UTF-8",
    )
    assert "latin.feature:2: not UTF-8" in done.stderr
