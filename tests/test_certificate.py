"""The conformance certificate: its verdict rules, its seal, its check, its HTML page, and the
``verify`` command on unsigned certificates (signatures, ``keygen`` and ``certify`` end to end:
``tests/test_certificate_signing.py``)."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from commands.cli import main
from contract.codec import encode
from core import __version__
from core.features import REPOSITORY
from core.results import RunResult, ScenarioResult
from core.verdicts import RigError, Verdict
from reference import DECLARATION
from reports.catalogue import Requirement, load_catalogue
from reports.certificate import (
    CONFORMANT,
    IN_PROCESS,
    NOT_APPLICABLE,
    NOT_CONFORMANT,
    PlatformInfo,
    claimed_families,
    digest,
    make_certificate,
    platform_info,
)
from reports.certificate_check import verify_certificate
from reports.certificate_html import render_html
from reports.suite_digest import suite_digest
from twinrig.runner import run_suite

EXAMPLE_DECLARATION = REPOSITORY / "docs" / "examples" / "declaration.json"
REFERENCE = PlatformInfo("twinrig reference platform", "0.1.0")
ISSUED = "2026-12-02T18:00:00Z"
OTHER = {"pass": "fail", "fail": "pass", "error": "pass", "inconclusive": "pass"}


# --- the verdict rules, on hand-made runs -------------------------------------------------------

CATALOGUE = [
    Requirement("IS-BIND-1", "Binding needs two QR scans."),
    Requirement("MR-SYNC-1", "Synchronisation needs the user in the cabin."),
    Requirement("D-SEC-1", "Only the bound user may command the car."),
]


def _scenario(name: str, verdict: Verdict, *requirements: str, tags: tuple[str, ...] = ()) -> ScenarioResult:
    return ScenarioResult(name, f"features/{name}.feature", list(requirements), verdict, seed=7, tags=list(tags))


def _verdicts(certificate: dict[str, Any]) -> dict[str, str]:
    return {row["id"]: row["verdict"] for row in certificate["certificate"]["requirements"]}


def _certify(brands: list[str], *scenarios: ScenarioResult) -> dict[str, Any]:
    declaration = dataclasses.replace(DECLARATION, brands=brands)
    return make_certificate(
        RunResult(7, "reference", list(scenarios)), declaration, REFERENCE, CATALOGUE, issued=ISSUED
    )


def test_everything_claimed_and_passed_is_conformant() -> None:
    data = _certify(
        ["ismart", "myrenault"],
        _scenario("bind", Verdict.PASS, "IS-BIND-1", "D-SEC-1"),
        _scenario("sync", Verdict.PASS, "MR-SYNC-1"),
    )
    certificate = data["certificate"]
    assert certificate["verdict"] == CONFORMANT
    assert certificate["families"] == ["D", "IS", "MR"]
    assert _verdicts(data) == {"IS-BIND-1": "pass", "MR-SYNC-1": "pass", "D-SEC-1": "pass"}
    assert certificate["totals"]["scenarios"] == {"pass": 2, "fail": 0, "inconclusive": 0, "error": 0}
    assert certificate["totals"]["requirements"]["pass"] == 3


def test_an_unclaimed_brand_is_not_applicable_and_does_not_count() -> None:
    data = _certify(
        ["ismart"],
        _scenario("bind", Verdict.PASS, "IS-BIND-1", "D-SEC-1"),
        _scenario("sync", Verdict.INCONCLUSIVE, "MR-SYNC-1"),
    )
    assert data["certificate"]["verdict"] == CONFORMANT
    assert data["certificate"]["families"] == ["D", "IS"]
    assert _verdicts(data)["MR-SYNC-1"] == NOT_APPLICABLE
    assert data["certificate"]["totals"]["requirements"][NOT_APPLICABLE] == 1
    uncovered_too = _certify(["ismart"], _scenario("bind", Verdict.PASS, "IS-BIND-1", "D-SEC-1"))
    assert _verdicts(uncovered_too)["MR-SYNC-1"] == NOT_APPLICABLE
    assert uncovered_too["certificate"]["verdict"] == CONFORMANT


@pytest.mark.parametrize("verdict", [Verdict.FAIL, Verdict.ERROR])
def test_a_claimed_requirement_that_fails_or_errs_is_not_conformant(verdict: Verdict) -> None:
    data = _certify(
        ["myrenault"],
        _scenario("sync", verdict, "MR-SYNC-1"),
        _scenario("sync again", Verdict.PASS, "MR-SYNC-1", "D-SEC-1"),
    )
    assert _verdicts(data)["MR-SYNC-1"] == verdict.value
    assert data["certificate"]["verdict"] == NOT_CONFORMANT


def test_a_claimed_requirement_no_scenario_covers_is_not_conformant() -> None:
    data = _certify(["ismart"], _scenario("bind", Verdict.PASS, "IS-BIND-1"))
    assert _verdicts(data)["D-SEC-1"] == "uncovered"
    assert data["certificate"]["verdict"] == NOT_CONFORMANT


def test_a_claimed_requirement_whose_scenarios_are_all_inconclusive_is_not_conformant() -> None:
    data = _certify(
        ["ismart"],
        _scenario("bind", Verdict.PASS, "IS-BIND-1"),
        _scenario("x", Verdict.INCONCLUSIVE, "D-SEC-1"),
        _scenario("y", Verdict.INCONCLUSIVE, "D-SEC-1"),
    )
    assert _verdicts(data)["D-SEC-1"] == "inconclusive"
    assert data["certificate"]["verdict"] == NOT_CONFORMANT
    assert "Keeping it from conformance: D-SEC-1 (inconclusive)." in render_html(data)


def test_a_claimed_requirement_with_one_pass_among_inconclusive_scenarios_passes() -> None:
    data = _certify(
        ["ismart"],
        _scenario("bind", Verdict.PASS, "IS-BIND-1", "D-SEC-1"),
        _scenario("x", Verdict.INCONCLUSIVE, "D-SEC-1"),
    )
    assert _verdicts(data)["D-SEC-1"] == "pass"
    assert data["certificate"]["verdict"] == CONFORMANT


def test_not_applicable_comes_from_the_declaration_not_from_an_inconclusive_verdict() -> None:
    """A scenario of a capability the declaration does not claim is not applicable; the same
    scenario inconclusive for any other reason, with the capability claimed, blocks."""
    unclaimed = _scenario("remote", Verdict.INCONCLUSIVE, "D-SEC-1", tags=("capability:remote-horn",))
    data = _certify(["ismart"], _scenario("bind", Verdict.PASS, "IS-BIND-1"), unclaimed)
    assert "remote-horn" not in DECLARATION.features
    rows = {row["id"]: row for row in data["certificate"]["requirements"]}
    assert rows["D-SEC-1"]["verdict"] == NOT_APPLICABLE
    assert rows["D-SEC-1"]["claimed"] is False
    assert data["certificate"]["verdict"] == CONFORMANT
    claimed = dataclasses.replace(DECLARATION, brands=["ismart"], features=[*DECLARATION.features, "remote-horn"])
    run = RunResult(7, "reference", [_scenario("bind", Verdict.PASS, "IS-BIND-1"), unclaimed])
    again = make_certificate(run, claimed, REFERENCE, CATALOGUE, issued=ISSUED)
    assert _verdicts(again)["D-SEC-1"] == "inconclusive"
    assert again["certificate"]["verdict"] == NOT_CONFORMANT
    of_an_unclaimed_brand = _scenario("sync", Verdict.INCONCLUSIVE, "D-SEC-1", tags=("brand:myrenault",))
    mixed = _certify(["ismart"], _scenario("bind", Verdict.PASS, "IS-BIND-1"), of_an_unclaimed_brand)
    assert _verdicts(mixed)["D-SEC-1"] == NOT_APPLICABLE


def test_a_failure_in_an_unclaimed_family_is_listed_but_does_not_block() -> None:
    data = _certify(
        ["ismart"],
        _scenario("bind", Verdict.PASS, "IS-BIND-1", "D-SEC-1"),
        _scenario("sync", Verdict.FAIL, "MR-SYNC-1"),
    )
    rows = {row["id"]: row for row in data["certificate"]["requirements"]}
    assert rows["MR-SYNC-1"]["verdict"] == "fail"
    assert rows["MR-SYNC-1"]["claimed"] is False
    assert data["certificate"]["verdict"] == CONFORMANT


def test_an_empty_run_is_not_conformant() -> None:
    data = _certify(["ismart", "myrenault"])
    assert set(_verdicts(data).values()) == {"uncovered"}
    assert data["certificate"]["verdict"] == NOT_CONFORMANT


def test_a_declaration_of_brands_the_suite_does_not_know_claims_nothing_and_is_not_conformant() -> None:
    data = _certify(["tesla"], _scenario("bind", Verdict.INCONCLUSIVE, "IS-BIND-1"))
    assert data["certificate"]["families"] == []
    assert set(_verdicts(data).values()) == {NOT_APPLICABLE}
    assert data["certificate"]["verdict"] == NOT_CONFORMANT


def test_claimed_families_follow_the_brands() -> None:
    assert claimed_families(DECLARATION) == ["D", "IS", "MR"]
    assert claimed_families(dataclasses.replace(DECLARATION, brands=["myrenault"])) == ["D", "MR"]
    assert claimed_families(dataclasses.replace(DECLARATION, brands=["ismart", "unknown"])) == ["D", "IS"]


def test_platform_info_is_the_declarations_and_knows_urls() -> None:
    assert platform_info("reference", DECLARATION) == PlatformInfo(
        DECLARATION.platform, DECLARATION.version, IN_PROCESS, "reference"
    )
    assert platform_info("mutant:x", DECLARATION).to_json() == {
        "name": DECLARATION.platform,
        "version": DECLARATION.version,
        "url": IN_PROCESS,
        "spec": "mutant:x",
    }
    assert platform_info("https://cars.example:8443/api", DECLARATION).url == "https://cars.example:8443/api"


def test_a_certificate_of_another_name_platform_or_declaration_than_the_runs_is_refused() -> None:
    run = RunResult(7, "reference", [_scenario("bind", Verdict.PASS, "IS-BIND-1")])
    with pytest.raises(RigError, match="not the one the declaration names"):
        make_certificate(run, DECLARATION, PlatformInfo("Acme", "2.1"), CATALOGUE)
    with pytest.raises(RigError, match="played platform 'reference', not 'mutant:x'"):
        make_certificate(run, DECLARATION, platform_info("mutant:x", DECLARATION), CATALOGUE)
    run.declaration = encode(DECLARATION)
    with pytest.raises(RigError, match="another capability declaration"):
        make_certificate(run, dataclasses.replace(DECLARATION, brands=["ismart"]), REFERENCE, CATALOGUE)


# --- a certificate of a real (small) reference run ---------------------------------------------


@pytest.fixture(scope="module")
def login_run() -> RunResult:
    run = run_suite("reference", 1, select="login")
    assert run.scenarios, "the selection played no scenario"
    return run


@pytest.fixture
def sealed(login_run: RunResult) -> dict[str, Any]:
    """A fresh certificate of the login run, read back from its JSON as ``verify`` would read it."""
    data = make_certificate(login_run, DECLARATION, REFERENCE, issued=ISSUED)
    read_back: dict[str, Any] = json.loads(json.dumps(data, ensure_ascii=False))
    return read_back


def test_the_certificate_has_the_documented_shape(sealed: dict[str, Any], login_run: RunResult) -> None:
    assert set(sealed) == {"certificate", "results", "sha256"}
    certificate = sealed["certificate"]
    assert certificate["suite"] == "twinrig"
    assert certificate["suite_version"] == __version__
    assert certificate["suite_digest"] == suite_digest()
    assert certificate["issued"] == ISSUED
    assert certificate["platform"] == {
        "name": "twinrig reference platform",
        "version": "0.1.0",
        "url": IN_PROCESS,
        "spec": "reference",
    }
    assert certificate["seed"] == 1
    assert [row["id"] for row in certificate["requirements"]] == [r.id for r in load_catalogue()]
    assert sealed["results"] == login_run.to_json()
    assert len(sealed["sha256"]) == 64
    assert int(sealed["sha256"], 16) >= 0
    covered = [row for row in certificate["requirements"] if row["scenarios"]]
    assert covered
    assert all(row["verdict"] == "pass" for row in covered)
    assert all(set(s) == {"name", "feature", "verdict"} for row in covered for s in row["scenarios"])
    # a login-only run leaves most claimed requirements uncovered: it certifies nothing
    assert certificate["verdict"] == NOT_CONFORMANT


def test_the_sha256_is_over_the_canonical_json(sealed: dict[str, Any]) -> None:
    canonical = json.dumps(
        {"certificate": sealed["certificate"], "results": sealed["results"]},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode("utf-8")
    assert sealed["sha256"] == hashlib.sha256(canonical).hexdigest()


def test_a_certificate_of_a_reference_run_verifies(sealed: dict[str, Any]) -> None:
    assert verify_certificate(sealed) == []


def test_the_same_run_gives_the_same_certificate(login_run: RunResult, sealed: dict[str, Any]) -> None:
    again = make_certificate(RunResult.from_json(login_run.to_json()), DECLARATION, REFERENCE, issued=ISSUED)
    assert again["sha256"] == sealed["sha256"]


Tamper = Callable[[dict[str, Any]], None]


def _setter(path: tuple[Any, ...], value: Callable[[Any], Any]) -> Tamper:
    def tamper(data: dict[str, Any]) -> None:
        *parents, last = path
        target = data
        for key in parents:
            target = target[key]
        target[last] = value(target[last])

    return tamper


def _tamperings(data: dict[str, Any]) -> Iterator[tuple[str, Tamper]]:
    """Every verdict, every scenario name and the seed of *data*, each with a change to it."""
    certificate = data["certificate"]
    for i, scenario in enumerate(data["results"]["scenarios"]):
        yield f"results scenario {i} verdict", _setter(("results", "scenarios", i, "verdict"), OTHER.__getitem__)
        yield f"results scenario {i} name", _setter(("results", "scenarios", i, "name"), lambda n: n + " (edited)")
        assert scenario["name"]
    for i, row in enumerate(certificate["requirements"]):
        yield (
            f"{row['id']} verdict",
            _setter(("certificate", "requirements", i, "verdict"), lambda v: "fail" if v != "fail" else "pass"),
        )
        for j in range(len(row["scenarios"])):
            place = ("certificate", "requirements", i, "scenarios", j)
            yield f"{row['id']} scenario {j} verdict", _setter((*place, "verdict"), OTHER.__getitem__)
            yield f"{row['id']} scenario {j} name", _setter((*place, "name"), lambda n: n.upper() + "!")
    yield "overall verdict", _setter(("certificate", "verdict"), lambda v: CONFORMANT if v != CONFORMANT else "x")
    for verdict in ("pass", "fail", "inconclusive", "error"):
        yield f"scenario total {verdict}", _setter(("certificate", "totals", "scenarios", verdict), lambda n: n + 1)
        yield f"results total {verdict}", _setter(("results", "totals", verdict), lambda n: n + 1)
    yield "requirement total pass", _setter(("certificate", "totals", "requirements", "pass"), lambda n: n - 1)
    yield "certificate seed", _setter(("certificate", "seed"), lambda s: s + 1)
    yield "results seed", _setter(("results", "seed"), lambda s: s + 1)
    yield "families", _setter(("certificate", "families"), lambda f: ["D"])


def test_any_change_breaks_the_seal(sealed: dict[str, Any]) -> None:
    changes = list(_tamperings(sealed))
    assert len(changes) > 20
    for what, tamper in changes:
        data = copy.deepcopy(sealed)
        tamper(data)
        assert data != sealed, what
        problems = verify_certificate(data)
        assert any("sha256" in problem for problem in problems), what


def test_any_change_is_found_even_when_resealed(sealed: dict[str, Any]) -> None:
    """Anyone can recompute the digest: verify must also recompute the verdicts from the results."""
    for what, tamper in _tamperings(sealed):
        data = copy.deepcopy(sealed)
        tamper(data)
        data["sha256"] = digest(data)
        assert verify_certificate(data), f"resealed change to the {what} went unnoticed"


def test_a_changed_sha256_is_reported(sealed: dict[str, Any]) -> None:
    last = sealed["sha256"][-1]
    sealed["sha256"] = sealed["sha256"][:-1] + ("0" if last != "0" else "1")
    (problem,) = verify_certificate(sealed)
    assert "sha256 does not match" in problem


def test_a_dropped_requirement_is_found_even_when_resealed(sealed: dict[str, Any]) -> None:
    dropped = sealed["certificate"]["requirements"].pop()
    sealed["certificate"]["totals"]["requirements"][dropped["verdict"]] -= 1
    sealed["sha256"] = digest(sealed)
    problems = verify_certificate(sealed)
    assert any(dropped["id"] in problem for problem in problems), problems


@pytest.mark.parametrize("key", ["certificate", "results", "sha256"])
def test_a_missing_top_level_key_is_reported(sealed: dict[str, Any], key: str) -> None:
    del sealed[key]
    assert f"missing key {key!r}" in verify_certificate(sealed)


@pytest.mark.parametrize(
    "key",
    [
        "suite",
        "suite_version",
        "suite_digest",
        "issued",
        "platform",
        "declaration",
        "declared_values",
        "seed",
        "families",
        "requirements",
        "totals",
        "verdict",
    ],
)
def test_a_missing_certificate_key_is_reported(sealed: dict[str, Any], key: str) -> None:
    del sealed["certificate"][key]
    sealed["sha256"] = digest(sealed)
    assert verify_certificate(sealed) == [f"missing key 'certificate.{key}'"]


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        pytest.param(lambda d: d["results"]["scenarios"][0].pop("verdict"), "results cannot be read", id="no-verdict"),
        pytest.param(
            lambda d: d["results"]["scenarios"][0].update(verdict="passed"), "results cannot be read", id="bad-verdict"
        ),
        pytest.param(lambda d: d["results"].update(scenarios="none"), "results cannot be read", id="scenarios-text"),
        pytest.param(lambda d: d.update(results=[]), "results cannot be read", id="results-list"),
        pytest.param(
            lambda d: d["certificate"]["declaration"].pop("brands"),
            "declaration does not fit the contract",
            id="declaration-without-brands",
        ),
        pytest.param(
            lambda d: d["certificate"].update(requirements={"IS-LOGIN-1": "pass"}),
            "not a list of objects",
            id="requirements-mapping",
        ),
        pytest.param(
            lambda d: d["certificate"].update(suite="twinrig-lite"), "the suite is 'twinrig-lite'", id="other-suite"
        ),
        pytest.param(
            lambda d: d["certificate"]["declaration"].update(brands=["ismart"]),
            "'certificate.families'",
            id="declaration-edited",
        ),
    ],
)
def test_malformed_contents_are_reported(sealed: dict[str, Any], tamper: Tamper, expected: str) -> None:
    tamper(sealed)
    sealed["sha256"] = digest(sealed)
    problems = verify_certificate(sealed)
    assert any(expected in problem for problem in problems), problems


@pytest.mark.parametrize("data", [[], "certificate", None])
def test_a_certificate_that_is_not_an_object_is_reported(data: Any) -> None:
    assert verify_certificate(data) != []


# --- the HTML page -----------------------------------------------------------------------------


def test_the_page_shows_platform_requirements_and_digest(sealed: dict[str, Any]) -> None:
    page = render_html(sealed)
    assert page.startswith("<!DOCTYPE html>")
    assert "twinrig reference platform" in page
    assert __version__ in page
    assert sealed["sha256"] in page
    for row in sealed["certificate"]["requirements"]:
        assert f">{row['id']}<" in page, row["id"]
    for brand in DECLARATION.brands:
        assert brand in page
    for model in DECLARATION.models:
        assert model.name in page
    assert NOT_CONFORMANT in page


def test_the_page_is_self_contained_and_runs_nothing(sealed: dict[str, Any]) -> None:
    page = render_html(sealed).lower()
    assert "<script" not in page
    assert "<style>" in page
    for external in ("<link", "src=", "url(", "@import", "http://", "https://"):
        assert external not in page, external


def test_the_page_escapes_what_the_vendor_wrote() -> None:
    declaration = dataclasses.replace(
        DECLARATION,
        platform='<script>alert("x")</script>',
        version='1.0"><img src=x onerror=alert(1)>',
        features=["<b>bold</b>", "a & b"],
    )
    run = RunResult(7, "reference", [_scenario("bind", Verdict.FAIL, "IS-BIND-1")])
    run.scenarios[0].message = "<img src=y> & more"
    page = render_html(make_certificate(run, declaration, platform_info("reference", declaration), CATALOGUE))
    assert "<script" not in page.lower()
    assert "<img" not in page
    assert "&lt;img src=y&gt; &amp; more" in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "a &amp; b" in page


def test_the_page_colours_each_verdict() -> None:
    data = _certify(
        ["ismart"],
        _scenario("bind", Verdict.FAIL, "IS-BIND-1"),
        _scenario("sync", Verdict.INCONCLUSIVE, "MR-SYNC-1"),
    )
    page = render_html(data)
    assert 'class="badge v-fail">fail<' in page
    assert 'class="badge v-uncovered">uncovered<' in page
    assert 'class="badge v-na">not applicable<' in page
    assert 'class="verdict v-fail">not conformant<' in page
    assert (
        "0 of 2 claimed requirements pass. Keeping it from conformance: IS-BIND-1 (fail), D-SEC-1 (uncovered)." in page
    )


# --- the commands ------------------------------------------------------------------------------


def test_verify_exits_1_on_a_file_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "certificate.json"
    broken.write_text('{"certificate": ', encoding="utf-8")
    assert main(["verify", str(broken)]) == 1
    assert "not JSON" in capsys.readouterr().out


def test_verify_exits_2_on_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", str(tmp_path / "absent.json")]) == 2
    assert "absent.json" in capsys.readouterr().err


@pytest.mark.parametrize("content", [None, "{", '{"platform": "p", "version": "1", "brands": [], "models": []}'])
def test_certify_with_a_bad_declaration_exits_2_before_running(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, content: str | None
) -> None:
    def no_run(*args: object, **kwargs: object) -> RunResult:
        raise AssertionError("the suite ran against a bad declaration")

    monkeypatch.setattr("twinrig.runner.run", no_run)
    declaration = tmp_path / "vendor.json"
    if content is not None:
        declaration.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["certify", "--declaration", str(declaration), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert str(declaration) in captured.err
    assert not out.exists()
