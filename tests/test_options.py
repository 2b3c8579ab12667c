"""The run's options are spelled once (:mod:`core.options`): the README's flags, the command
line, pytest's options, behave's user data and the replay commands all come from one table."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from core.options import OPTIONS, RunOptions, add_arguments

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
EVERY = RunOptions(
    platform="mutant:x",
    seed=7,
    declaration=Path("vendor.json"),
    deadline=2.5,
    real_time=True,
    results=Path("r.json"),
    messages=Path("m.ndjson"),
    select="binding",
    features=(Path("a.feature"), Path("b")),
    junit=Path("j.xml"),
    allure=Path("allure"),
    certificate=Path("cert"),
    certificate_key=Path("k.pem"),
)


def _documented_flags(command: str) -> set[str]:
    row = next(line for line in README.splitlines() if line.startswith(f"| `twinrig {command} "))
    usage = row.split("`")[1]
    return set(re.findall(r"\[(-{1,2}[\w-]+)", usage))


def test_the_readme_documents_every_option_of_twinrig_run_and_no_other() -> None:
    assert _documented_flags("run") == {option.flag for option in OPTIONS}


def test_the_readme_names_every_key_behave_reads() -> None:
    for option in OPTIONS:
        if option.plugin:
            assert f"-D {option.key}=" in README, option.key


def test_the_command_line_parses_what_a_run_writes() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser, [option.field for option in OPTIONS])
    argv = [
        "--platform", "mutant:x", "--seed", "7", "--declaration", "vendor.json", "--deadline", "2.5",
        "--real-time", "--json", "r.json", "--messages", "m.ndjson", "-k", "binding",
        "--features", "a.feature", "--features", "b", "--junit", "j.xml", "--allure", "allure",
        "--certificate", "cert", "--key", "k.pem",
    ]  # fmt: skip
    assert RunOptions.from_namespace(parser.parse_args(argv)) == EVERY


def test_a_replay_names_what_it_needs_and_no_output() -> None:
    assert EVERY.replay_args() == [
        "--seed", "7", "--platform", "mutant:x", "--declaration", "vendor.json", "--deadline", "2.5", "--real-time",
    ]  # fmt: skip
    assert RunOptions().replay_args() == ["--seed", "1", "--platform", "reference"]


def test_behave_reads_back_what_it_is_given() -> None:
    pairs = EVERY.behave_args()
    userdata = dict(pair.split("=", 1) for pair in pairs[1::2])
    plugin_fields = {option.field for option in OPTIONS if option.plugin}
    expected = {field: getattr(EVERY, field) for field in plugin_fields}
    assert {field: getattr(RunOptions.from_behave(userdata), field) for field in plugin_fields} == expected
    assert EVERY.behave_args(replay=True)[:4] == ["-D", "seed=7", "-D", "platform=mutant:x"]


def test_pytest_gets_the_plugin_options_in_its_own_spelling() -> None:
    argv = EVERY.pytest_args()
    assert argv[:4] == ["--seed", "7", "--platform", "mutant:x"]
    assert {"--twinrig-results", "--cucumber-messages", "--twinrig-certificate", "--twinrig-certificate-key"} <= set(
        argv
    )
    assert {"--twinrig-junit", "--twinrig-allure"} <= set(argv)
    assert not {"-k", "--junit", "--features", "--allure", "--alluredir"} & set(
        argv
    )  # the runner makes these pytest's own
