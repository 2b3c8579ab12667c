"""The ``twinrig`` command: run the suite and report on it, prove it with mutants and seeds, certify, serve, load."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from contract.operations import MAX_WORLDS
from core import __version__
from core.features import PROBLEM
from core.hooks import manager
from core.options import RunOptions, add_arguments
from core.results import RunResult
from core.verdicts import RigError
from explore.defaults import DATABASE, EXAMPLES, FINDINGS, MAX_STEPS
from load.run import options as load_options
from load.run import run_load
from mutants import MUTANTS, Mutant
from reports import allure_report, signing, traceability
from reports.catalogue import load_catalogue
from reports.certificate import CONFORMANT, read_certificate
from reports.certificate_check import Verification, check_certificate
from reports.summary import ConsoleSummary
from steps.catalogue import catalogue as step_catalogue
from steps.catalogue import render as render_catalogue
from steps.vocabulary import LANGUAGES
from twinrig import runner
from twinrig.certifying import signing_key
from twinrig.declarations import load_declaration
from twinrig.life import rig_handlers
from twinrig.merging import merged
from twinrig.platforms import resolve, with_command_retention, with_command_timeout
from twinrig.runner import run_suite


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except RigError as error:
        print(f"twinrig: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (``| head``) has gone: nothing more to say
        sys.stderr.close()
        return 0


type Commands = argparse._SubParsersAction[argparse.ArgumentParser]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twinrig", description="Digital-twin conformance rig for car platforms")
    parser.add_argument("--version", action="version", version=f"twinrig {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    _suite_commands(commands)
    _proof_commands(commands)
    _tool_commands(commands)
    return parser


def _suite_commands(commands: Commands) -> None:
    """The commands that run the suite and report on it: run, report, trace."""
    run = commands.add_parser("run", help="run the conformance suite and print a summary")
    run.set_defaults(handler=_run)
    add_arguments(
        run,
        [
            *SUITE,
            "deadline",
            "results",
            "features",
            "junit",
            "messages",
            "allure",
            "certificate",
            "certificate_key",
            "handlers",
            "no_traces",
            "jobs",
            "shard",
        ],
    )

    merge = commands.add_parser("merge", help="merge the results of a run's shards (run --shard K/N) into one run's")
    merge.set_defaults(handler=_merge)
    merge.add_argument("shards", nargs="+", type=Path, metavar="RESULTS", help="each shard's results JSON")
    add_arguments(merge, ["results", "junit", "messages", "no_traces"])

    report = commands.add_parser("report", help="generate the Allure HTML report (one file) of the last run")
    report.set_defaults(handler=_report)
    report.add_argument(
        "--results",
        type=Path,
        action="append",
        help=f"an Allure results folder; may be given more than once (default: {allure_report.RESULTS})",
    )
    report.add_argument("--out", type=Path, default=allure_report.REPORT, help="default: %(default)s")
    report.add_argument(
        "--history",
        type=Path,
        default=allure_report.HISTORY,
        help="the runs' history, kept between runs (default: %(default)s)",
    )
    report.add_argument("--name", default=allure_report.NAME, help="the report's title (default: %(default)s)")

    trace = commands.add_parser("trace", help="print the traceability matrix")
    trace.set_defaults(handler=_trace)
    add_arguments(trace, SUITE)
    trace.add_argument("--results", type=Path, help="use the results JSON of an earlier run instead of running")
    trace.add_argument("--json", action="store_true", help="print the matrix as JSON")
    trace.add_argument(
        "--require",
        default="MR,IS,D",
        help="comma-separated requirement families that must be fully covered (default: all)",
    )


def _mutant_selection(parser: argparse.ArgumentParser, condition: str = "") -> None:
    """``--only``, ``--http`` and ``--jobs``: which mutants, served over HTTP or not, how many at once."""
    prefix = f"{condition}: " if condition else ""
    parser.add_argument("--only", default="", help=f"{prefix}comma-separated mutant names")
    parser.add_argument("--http", action="store_true", help=f"{prefix}serve each mutant over HTTP and test it there")
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, help=f"{prefix}mutants at once (default: cores)"
    )


def _proof_commands(commands: Commands) -> None:
    """The commands that prove the suite and the platform: mutants, flaky, certify, verify."""
    mutants = commands.add_parser("mutants", help="run the suite against every mutant and print the kill table")
    mutants.set_defaults(handler=_mutants)
    mutants.add_argument("--seed", type=int, default=1)
    mutants.add_argument("--json", action="store_true", help="print the kill table as JSON")
    mutants.add_argument(
        "--all-kills",
        action="store_true",
        help="play every scenario that may kill a mutant, not stop at its first kill",
    )
    _mutant_selection(mutants)

    explore = commands.add_parser(
        "explore", help="search sequences of actions for a fault the specification sees; shrink it into a feature"
    )
    explore.set_defaults(handler=_explore)
    add_arguments(explore, EXPLORED)
    explore.add_argument("--examples", type=int, default=EXAMPLES, help="at most this many examples")
    explore.add_argument("--max-steps", type=int, default=MAX_STEPS, help="at most this many actions each")
    explore.add_argument("--budget", type=float, help="stop after this many seconds (a mutant each, with --mutants)")
    explore.add_argument("--brand", choices=["ismart", "myrenault", "both"], default="both")
    explore.add_argument("--json", type=Path, help="also write what was found as JSON to this file")
    explore.add_argument("--language", choices=list(LANGUAGES), default="en", help="of the shrunk feature")
    explore.add_argument("--out", type=Path, default=FINDINGS, help="folder for the shrunk feature (%(default)s)")
    explore.add_argument("--no-database", action="store_true", help="do not replay earlier failures first")
    explore.add_argument(
        "--from-scratch", action="store_true", help="do not start from the suite's scenarios, draw every example"
    )
    explore.add_argument("--mutants", action="store_true", help="explore every mutant and compare with the suite")
    explore.add_argument("--no-suite", action="store_true", help="with --mutants: do not run the kill table too")
    _mutant_selection(explore, "with --mutants")

    flaky = commands.add_parser(
        "flaky", help="run the suite N times with one seed and with N seeds; list scenarios whose verdict changed"
    )
    flaky.set_defaults(handler=_flaky)
    add_arguments(flaky, SUITE)
    flaky.add_argument("--runs", type=int, default=3, help="runs with the one seed, and seeds tried (default: 3)")
    flaky.add_argument("--json", action="store_true", help="print the findings as JSON")
    flaky.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="runs at once (default: cores)")

    certify = commands.add_parser(
        "certify", help="run the suite against a declared platform and write its conformance certificate"
    )
    certify.set_defaults(handler=_certify)
    add_arguments(certify, CERTIFIED)
    certify.add_argument(
        "--out",
        dest="certificate",
        type=Path,
        default=Path("certificate"),
        help="directory for certificate.json and certificate.html (default: %(default)s)",
    )

    verify = commands.add_parser(
        "verify", help="check that a certificate is intact, signed, made by this suite and follows from its results"
    )
    verify.set_defaults(handler=_verify)
    verify.add_argument("certificate", type=Path, help="a certificate.json written by twinrig certify")
    verify.add_argument(
        "--public-key",
        type=Path,
        help="the vendor's Ed25519 public key (PEM): the certificate must be signed with its private key",
    )

    keygen = commands.add_parser("keygen", help="make an Ed25519 key pair to sign certificates with")
    keygen.set_defaults(handler=_keygen)
    keygen.add_argument(
        "--out", type=Path, required=True, help=f"directory for {signing.PRIVATE_KEY} and {signing.PUBLIC_KEY}"
    )


def _tool_commands(commands: Commands) -> None:
    """The tools around the suite: serve, load, steps."""
    serve = commands.add_parser("serve", help="serve the reference platform (or a mutant) over HTTP on 127.0.0.1")
    serve.set_defaults(handler=_serve)
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--platform", default="reference", help="reference (default), mutant:<name> or variant:<name>")
    serve.add_argument("--real-time", action="store_true", help="the platform keeps real time (no test clock)")
    serve.add_argument(
        "--command-timeout", type=float, help="seconds before an unanswered remote command ends car_unreachable"
    )
    serve.add_argument(
        "--command-retention", type=float, help="seconds after its time-out a command is forgotten (default: never)"
    )
    serve.add_argument("--quiet", action="store_true", help="log warnings only, not every request")
    serve.add_argument(
        "--token",
        default=os.environ.get("TWINRIG_SERVE_TOKEN", ""),
        help="every /test/ route needs Authorization: Bearer TOKEN (default: $TWINRIG_SERVE_TOKEN, else open)",
    )
    serve.add_argument(
        "--max-worlds",
        type=int,
        default=MAX_WORLDS,
        help=f"the most test worlds at once (default {MAX_WORLDS}; 0: one at a time, through /test/reset)",
    )

    load = commands.add_parser(
        "load", help="Locust load on remote commands, with a TCU fleet twin; thresholds decide the exit status"
    )
    load.set_defaults(handler=_load)
    load_options(load)

    steps = commands.add_parser("steps", help="print the step catalogue: every phrase in English, Danish, Norwegian")
    steps.set_defaults(handler=_steps)
    steps.add_argument("--language", default="en,da,no", help="comma-separated languages to show (default: all)")
    steps.add_argument("--json", action="store_true", help="print the catalogue as JSON")


def _steps(args: argparse.Namespace) -> int:
    languages = tuple(language.strip() for language in args.language.split(",") if language.strip())
    if unknown := sorted(set(languages) - set(LANGUAGES)):
        raise RigError(f"no steps in {', '.join(unknown)}; languages: {', '.join(LANGUAGES)}")
    entries = step_catalogue()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "kind": entry.kind,
                        "name": entry.definition.name,
                        "phrases": {language: entry.phrases[language] for language in languages},
                        "parameters": [{"name": p.name, "kind": p.kind} for p in entry.parameters],
                        "examples": {language: entry.examples[language] for language in languages},
                    }
                    for entry in entries
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(render_catalogue(entries, languages))
        print(f"\n{len(entries)} steps")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from reference.server import serve  # uvicorn and Starlette: only for serve
    from transport.http_platform import HttpFactory

    factory = resolve(args.platform)
    if isinstance(factory, HttpFactory):
        raise RigError("serve runs an in-process platform: reference or mutant:<name>")
    if args.command_timeout is not None:
        factory = with_command_timeout(factory, args.command_timeout)
    if args.command_retention is not None:
        factory = with_command_retention(factory, args.command_retention)
    clock = " in real time" if args.real_time else ""
    if args.max_worlds < 0:
        raise RigError("--max-worlds must be 0 or more")
    guarded = ", its test side behind a token" if args.token else ""
    print(f"twinrig: serving {factory.name}{clock} on http://127.0.0.1:{args.port}{guarded}", flush=True)
    level = "warning" if args.quiet else "info"
    serve(factory, args.port, real_time=args.real_time, log_level=level, token=args.token, max_worlds=args.max_worlds)
    return 0


def _load(args: argparse.Namespace) -> int:
    try:
        return run_load(args).status
    except (ValueError, RuntimeError) as error:
        raise RigError(str(error)) from error


SUITE = ("platform", "declaration", "real_time", "seed", "select")
"""The options of every command that plays the suite (run, trace, flaky)."""


def _suite_of(args: argparse.Namespace) -> RunOptions:
    """The run options of a command that plays the suite for its own ends (trace, flaky)."""
    return RunOptions.of({field: getattr(args, field) for field in SUITE})


def _run(args: argparse.Namespace) -> int:
    options = RunOptions.from_namespace(args)
    if options.allure is None:
        options = dataclasses.replace(options, allure=allure_report.RESULTS)
    result = runner.run(options, handlers=[ConsoleSummary(sys.stdout, traces=not options.no_traces)])
    print(f"Allure results: {options.allure} (twinrig report makes the HTML report)")
    return 0 if result.ok and result.scenarios else 1


def _merge(args: argparse.Namespace) -> int:
    options = RunOptions.from_namespace(args)
    run = merged(args.shards)
    handlers = manager([*rig_handlers(options), ConsoleSummary(sys.stdout, traces=not options.no_traces)])
    handlers.hook.twinrig_run_started(options=dataclasses.replace(options, seed=run.seed, platform=run.platform))
    handlers.hook.twinrig_run_finished(results=run)
    return 0 if run.ok and run.scenarios else 1


def _report(args: argparse.Namespace) -> int:
    index = allure_report.generate(args.results or [allure_report.RESULTS], args.out, args.history, args.name)
    print(f"Allure report: {index}")
    return 0


def _trace(args: argparse.Namespace) -> int:
    if args.results:
        result = RunResult.from_json(json.loads(args.results.read_text(encoding="utf-8")))
    else:
        result = runner.run(_suite_of(args))
    catalogue = load_catalogue()
    rows = traceability.matrix(catalogue, result)
    if args.json:
        print(json.dumps(traceability.to_json(rows, result), indent=2, ensure_ascii=False))
    else:
        print(traceability.render(rows))
    unknown = traceability.unknown_tags(catalogue, result)
    if unknown:
        print(f"twinrig: scenarios are tagged with unknown requirements: {' '.join(unknown)}", file=sys.stderr)
    problems = [scenario.message for scenario in result.scenarios if scenario.name == PROBLEM]
    for problem in problems:
        print(f"twinrig: feature file problem (its scenarios cover nothing): {problem}", file=sys.stderr)
    families = {family.strip() for family in args.require.split(",") if family.strip()}
    gaps = [
        row.requirement.id
        for row in rows
        if row.verdict == traceability.UNCOVERED and row.requirement.family in families
    ]
    return 1 if gaps or unknown or problems else 0


def _selected_mutants(only: str) -> list[Mutant]:
    """The mutants named in *only* (comma-separated), or all of them when it names none."""
    chosen = [name.strip() for name in only.split(",") if name.strip()]
    known = {mutant.name for mutant in MUTANTS}
    if unknown := sorted(set(chosen) - known):
        raise RigError(f"no mutant called {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return [mutant for mutant in MUTANTS if not chosen or mutant.name in chosen]


def _mutants(args: argparse.Namespace) -> int:
    from twinrig import mutation

    selected = _selected_mutants(args.only)
    run = mutation.run_over_http if args.http else run_suite
    kills = mutation.kill_table(selected, args.seed, run=run, jobs=args.jobs, all_kills=args.all_kills)
    if args.json:
        print(json.dumps({"seed": args.seed, "mutants": [kill.to_json() for kill in kills]}, indent=2))
    else:
        print(mutation.render(kills))
    return 0 if all(kill.killed for kill in kills) else 1


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


EXPLORED = ("platform", "declaration", "seed")
"""The run options exploration shares with a run of the suite."""


def _explore(args: argparse.Namespace) -> int:
    from explore.hunt import hunt  # Hypothesis and the search: only for explore
    from explore.hunt import render as render_hunt
    from explore.session import Options, explore
    from explore.writing import write_finding

    run = RunOptions.of({field: getattr(args, field) for field in EXPLORED})
    args.platform, args.seed, args.declaration = run.platform, run.seed, run.declaration
    options = Options(
        platform=args.platform,
        seed=args.seed,
        examples=args.examples,
        max_steps=args.max_steps,
        budget=args.budget,
        brand=args.brand,
        declaration=load_declaration(args.declaration) if args.declaration else None,
        database=None if args.no_database else DATABASE,
        suite=not args.from_scratch,
    )
    if args.mutants:
        hunts = hunt(
            options, _selected_mutants(args.only), jobs=args.jobs, suite=not args.no_suite, over_http=args.http
        )
        print(render_hunt(hunts))
        if args.json:
            _write_json(args.json, {"seed": args.seed, "mutants": [one.to_json() for one in hunts]})
        return 0 if all(one.killed for one in hunts) else 1
    resolve(args.platform)  # an unknown platform is one clear error before any example
    report = explore(options, lambda progress: print(f"explore: {progress.render()}", file=sys.stderr, flush=True))
    if args.json:
        _write_json(args.json, report.to_json())
    if report.finding is None:
        print(f"explore: nothing found on {args.platform}: {report.progress.render()}")
        return 0
    path = write_finding(report, args.out, args.language)
    print(f"explore: {report.finding.message}")
    print(f"explore: shrunk to {report.finding.at + 1} steps, written to {path}")
    print(path.read_text(encoding="utf-8"))
    print(f"replay: twinrig run --platform {args.platform} --features {path}")
    return 1


def _flaky(args: argparse.Namespace) -> int:
    from twinrig import flakiness

    if args.runs < 2:
        raise RigError(f"--runs must be at least 2 to compare runs, not {args.runs}")
    options = _suite_of(args)
    resolve(options.platform)  # an unknown platform is one clear error before any run
    if options.declaration is not None:
        load_declaration(options.declaration)  # a bad declaration stops before the runs
    found = flakiness.hunt(
        options.platform,
        options.seed,
        args.runs,
        select=options.select,
        declaration=options.declaration,
        real_time=options.real_time,
        jobs=args.jobs,
    )
    if args.json:
        print(json.dumps(found.to_json(), indent=2, ensure_ascii=False))
    else:
        print(flakiness.render(found))
    return 1 if found.changes else 0


CERTIFIED = ("platform", "declaration", "seed", "deadline", "real_time", "certificate_key", "jobs")
"""The run options ``twinrig certify`` takes (and ``--out``, its ``--certificate``)."""


def _certify(args: argparse.Namespace) -> int:
    options = RunOptions.of({field: getattr(args, field) for field in (*CERTIFIED, "certificate")})
    if options.declaration is None:
        raise RigError("certify needs --declaration FILE: the capability declaration the platform is certified for")
    load_declaration(options.declaration)  # a bad declaration stops before the run
    key = signing_key(options)  # so does a key that cannot sign
    runner.run(options)  # the run's certificate handler (twinrig.certifying) writes the files
    folder = options.certificate or Path("certificate")
    json_path, html_path = folder / "certificate.json", folder / "certificate.html"
    certificate = read_certificate(json_path)["certificate"]
    print(f"certificate: {json_path}")
    print(f"page:        {html_path}")
    print(f"signed by {signing.fingerprint(key.public_key())}" if key else "unsigned (give --key FILE to sign it)")
    platform, verdict = certificate["platform"], certificate["verdict"]
    print(f"{platform['name']} {platform['version']}: {verdict}")
    return 0 if verdict == CONFORMANT else 1


def _verify(args: argparse.Namespace) -> int:
    public_key = signing.load_public_key(args.public_key) if args.public_key is not None else None
    try:
        data = read_certificate(args.certificate)
    except json.JSONDecodeError as error:
        checked = Verification([f"not JSON ({error.msg} at line {error.lineno}, column {error.colno})"])
    else:
        checked = check_certificate(data, public_key)
    if checked.ok:
        if checked.trusted:
            print(f"certificate intact, signed by the key of --public-key ({checked.signed_by})")
        elif checked.signed_by:
            print(f"certificate intact, signed by {checked.signed_by} (give --public-key to check whose key it is)")
        else:
            print("certificate intact, unsigned: its SHA-256 shows it unchanged, not who wrote it")
        return 0
    if checked.unsigned:
        print(f"certificate {args.certificate} is unsigned: it carries no signature for --public-key to check")
    print(f"certificate {args.certificate} is not intact:")
    for problem in checked.problems:
        print(f"  - {problem}")
    return 1


def _keygen(args: argparse.Namespace) -> int:
    private_path, public_path = signing.generate(args.out)
    key = signing.load_public_key(public_path)
    print(f"private key: {private_path} (mode 0600: keep it secret; twinrig certify --key {private_path})")
    print(f"public key:  {public_path} (hand it out; twinrig verify --public-key {public_path})")
    print(f"fingerprint: {signing.fingerprint(key)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
