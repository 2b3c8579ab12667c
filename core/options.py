"""The options of a run, spelled once.

:class:`RunOptions` is what a run of the suite is told: the platform, its declaration, the seed,
the deadline of an HTTP call, real time, which scenarios, and which files to write. Its table of
:class:`Option` rows builds the command line's options (``twinrig run``, ``trace``, ``flaky``),
pytest's (``--platform``...) and reads behave's user data (``-D platform=...``); a run writes its
pytest argv and every replay command from it, so no option is spelled anywhere else.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEADLINE = 5.0
"""Seconds an HTTP platform has to answer a call, unless the run says otherwise."""
MAX_REPLY = 10_000_000
"""The largest reply, in bytes, an HTTP platform may give a call (``--max-reply-bytes``)."""

PLATFORM_TOKEN_VARIABLE = "TWINRIG_PLATFORM_TOKEN"
"""Where a run finds the platform's bearer token when no option gives it (and a replay, always)."""

PLATFORM_DEFAULT = "reference"
"""The platform of a run that names none (``$TWINRIG_PLATFORM`` overrides it)."""


def _flag(value: str) -> bool:
    return value.lower() in ("yes", "true", "1", "on")


def shard(text: str) -> tuple[int, int]:
    """A ``K/N`` shard (the K-th of N shares, 1 ≤ K ≤ N); ValueError if it is not one."""
    share, _, shares = text.partition("/")
    k, n = int(share), int(shares)
    if not 1 <= k <= n:
        raise ValueError(f"not a shard K/N with 1 <= K <= N: {text!r}")
    return k, n


@dataclass(frozen=True, slots=True)
class Option:
    """One option: its :class:`RunOptions` *field*, its command-line *flag* (and pytest's, if
    pytest spells it otherwise), its behave user-data *key*, what it does (*help*), how a text
    becomes its value (*parse*), and whether the replay of one scenario needs it (*replay*)."""

    field: str
    flag: str
    key: str
    help: str
    parse: Callable[[str], Any] = str
    replay: bool = False
    pytest_flag: str = ""
    plugin: bool = True
    """Whether the rig's pytest plugin reads it (False: the runner turns it into pytest's own)."""
    many: bool = False
    """Whether the option may be given more than once (its value a tuple)."""
    secret: bool = False
    """Whether the value is a secret: never in a replay command, nor in behave's argv (its
    environment variable carries it there)."""

    @property
    def in_pytest(self) -> str:
        return self.pytest_flag or self.flag

    @property
    def switch(self) -> bool:
        """Whether the option is on/off, without a value (``--real-time``)."""
        return self.parse is _flag


OPTIONS: tuple[Option, ...] = (
    Option("seed", "--seed", "seed", "the seed that makes the run reproducible", int, replay=True),
    Option(
        "platform",
        "--platform",
        "platform",
        "reference (default), reference:declared (following --declaration), mutant:<name>, variant:<name>, "
        "or the URL of a platform served over HTTP "
        "(default: $TWINRIG_PLATFORM, else reference)",
        replay=True,
    ),
    Option("declaration", "--declaration", "declaration", "the vendor's capability declaration (JSON)", Path, True),
    Option("deadline", "--deadline", "deadline", "seconds an HTTP platform has to answer a call", float, True),
    Option(
        "max_reply", "--max-reply-bytes", "max_reply", "the largest reply an HTTP platform may give a call", int, True
    ),
    Option(
        "platform_token",
        "--platform-token",
        "platform_token",
        "the bearer token of a platform served with twinrig serve --token (default: $TWINRIG_PLATFORM_TOKEN); "
        "a secret: replay commands leave it to $TWINRIG_PLATFORM_TOKEN",
        secret=True,
    ),
    Option("real_time", "--real-time", "real_time", "the platform has no test clock (keeps its own time)", _flag, True),
    Option(
        "results", "--json", "results", "also write the results as JSON to this file", Path, False, "--twinrig-results"
    ),
    Option(
        "messages",
        "--messages",
        "messages",
        "also write the run as Cucumber Messages (NDJSON) to this file",
        Path,
        False,
        "--cucumber-messages",
    ),
    Option(
        "certificate",
        "--certificate",
        "certificate",
        "also write the conformance certificate (certificate.json, certificate.html) into this folder",
        Path,
        False,
        "--twinrig-certificate",
    ),
    Option(
        "certificate_key",
        "--key",
        "certificate_key",
        "sign the certificate with this Ed25519 private key (PEM, made by twinrig keygen)",
        Path,
        False,
        "--twinrig-certificate-key",
    ),
    Option("select", "-k", "select", "only scenarios matching this pytest -k expression", plugin=False),
    Option(
        "features",
        "--features",
        "features",
        "play this feature file (or folder of them) instead of the suite's own; may be repeated",
        Path,
        plugin=False,
        many=True,
    ),
    Option(
        "junit", "--junit", "junit", "also write the run as one JUnit XML file", Path, pytest_flag="--twinrig-junit"
    ),
    Option(
        "allure",
        "--allure",
        "allure",
        "write the Allure results into this folder (emptied first)",
        Path,
        False,
        "--twinrig-allure",
    ),
    Option("no_traces", "--no-traces", "no_traces", "leave message traces out of the summary", _flag, plugin=False),
    Option(
        "jobs",
        "--jobs",
        "jobs",
        "play the scenarios in this many processes at once (pytest-xdist; default 1)",
        int,
        plugin=False,
    ),
    Option(
        "shard",
        "--shard",
        "shard",
        "play only the K-th of N deterministic shares of the scenarios (K/N); merge with twinrig merge",
        shard,
        pytest_flag="--twinrig-shard",
    ),
    Option(
        "handlers",
        "--handler",
        "handler",
        "also tell this handler of the run's events (MODULE:NAME, see core/hooks.py); may be repeated",
        pytest_flag="--twinrig-handler",
        many=True,
    ),
)
"""Every option a run is told, whichever runner plays it."""

BY_FIELD = {option.field: option for option in OPTIONS}
_ALWAYS = ("seed", "platform")
"""The options every argv names, default or not."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What one run of the suite is told (the defaults: the reference, seed 1, nothing written)."""

    platform: str = PLATFORM_DEFAULT
    seed: int = 1
    declaration: Path | None = None
    deadline: float = DEADLINE
    max_reply: int = MAX_REPLY
    platform_token: str = dataclasses.field(default="", repr=False)
    real_time: bool = False
    results: Path | None = None
    messages: Path | None = None
    certificate: Path | None = None
    certificate_key: Path | None = None
    select: str = ""
    features: tuple[Path, ...] = ()
    junit: Path | None = None
    allure: Path | None = None
    no_traces: bool = False
    jobs: int = 1
    shard: tuple[int, int] | None = None
    handlers: tuple[str, ...] = ()

    @classmethod
    def default(cls) -> RunOptions:
        """The options of a run told nothing: the platform from ``$TWINRIG_PLATFORM`` if set, its
        token from ``$TWINRIG_PLATFORM_TOKEN``."""
        platform = os.environ.get("TWINRIG_PLATFORM", PLATFORM_DEFAULT)
        return cls(platform=platform, platform_token=os.environ.get(PLATFORM_TOKEN_VARIABLE, ""))

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> RunOptions:
        """The options whose fields *values* gives (absent or None: the default)."""
        base = cls.default()
        given = {name: value for name, value in values.items() if name in BY_FIELD and value is not None}
        for name in (name for name in given if BY_FIELD[name].many):
            value = given[name]
            given[name] = (value,) if isinstance(value, str | Path) else tuple(value)
        return dataclasses.replace(base, **given)

    @classmethod
    def from_namespace(cls, args: argparse.Namespace) -> RunOptions:
        """The options the command line parsed (into the fields' names)."""
        return cls.of(vars(args))

    @classmethod
    def from_pytest(cls, getoption: Callable[[str], Any]) -> RunOptions:
        """The options pytest parsed; *getoption* is ``config.getoption``."""
        return cls.of({option.field: getoption(option.field) for option in OPTIONS if option.plugin})

    @classmethod
    def from_behave(cls, userdata: Mapping[str, str]) -> RunOptions:
        """The options of behave's user data (``-D seed=7``)."""
        read = [option for option in OPTIONS if option.plugin and option.key in userdata]
        return cls.of({option.field: _read(option, userdata[option.key]) for option in read})

    def changed(self) -> list[tuple[Option, Any]]:
        """The options whose value is not a default one, in the table's order."""
        base = RunOptions()
        return [
            (option, getattr(self, option.field))
            for option in OPTIONS
            if getattr(self, option.field) != getattr(base, option.field) or option.field in _ALWAYS
        ]

    def outputs(self) -> list[Path]:
        """The files and folders a run with these options writes (each claimed: :mod:`core.claims`)."""
        chosen = (self.results, self.messages, self.junit, self.allure, self.certificate)
        return [Path(output) for output in chosen if output is not None]

    def pytest_args(self) -> list[str]:
        """The options the rig's pytest plugin reads, as pytest's argv."""
        return _argv([(option, value) for option, value in self.changed() if option.plugin], pytest=True)

    def replay_args(self) -> list[str]:
        """The options a replay of one scenario needs, as the command line's argv (never a secret)."""
        needed = [(option, value) for option, value in self.changed() if option.replay and not option.secret]
        return _argv(needed, pytest=False)

    def behave_args(self, replay: bool = False) -> list[str]:
        """The options as behave's ``-D key=value`` pairs (with *replay*: only what a replay needs)."""
        pairs = []
        for option, value in self.changed():
            if not option.plugin or option.secret or (replay and not option.replay):
                continue
            text = ("yes" if value else "") if option.switch else _text(option, value)
            if text:
                pairs += ["-D", f"{option.key}={text}"]
        return pairs


def _argv(values: Sequence[tuple[Option, Any]], *, pytest: bool) -> list[str]:
    argv: list[str] = []
    for option, value in values:
        flag = option.in_pytest if pytest else option.flag
        if option.switch:
            argv += [flag] if value else []
        else:
            for one in value if option.many else (value,):
                argv += [flag, "/".join(map(str, one)) if option.parse is shard else str(one)]
    return argv


def _read(option: Option, text: str) -> Any:
    """A behave user-data value: a list of several is comma-separated."""
    return tuple(option.parse(part) for part in text.split(",") if part) if option.many else option.parse(text)


def _text(option: Option, value: Any) -> str:
    if option.parse is shard:
        return "/".join(map(str, value))
    return ",".join(str(one) for one in value) if option.many else str(value)


def add_arguments(parser: argparse.ArgumentParser, fields: Sequence[str]) -> None:
    """Add the command-line options of *fields* to *parser* (defaults None: the run's own)."""
    for field in fields:
        option = BY_FIELD[field]
        if option.switch:
            parser.add_argument(option.flag, dest=field, action="store_true", default=None, help=option.help)
        else:
            action = "append" if option.many else "store"
            parser.add_argument(option.flag, dest=field, type=option.parse, action=action, help=option.help)


def add_pytest_options(group: Any) -> None:
    """Add the options the plugin reads to pytest's option *group* (``parser.getgroup("twinrig")``)."""
    for option in (option for option in OPTIONS if option.plugin):
        if option.switch:
            group.addoption(option.in_pytest, dest=option.field, action="store_true", default=None, help=option.help)
        else:
            action = "append" if option.many else "store"
            group.addoption(option.in_pytest, dest=option.field, type=option.parse, action=action, help=option.help)
