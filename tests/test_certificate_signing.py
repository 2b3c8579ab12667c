"""Signed certificates: every forgery is caught, resealed or re-signed with another key; the
certificate is a handler of the run's events under both runners; ``twinrig keygen``, ``certify
--key`` and ``verify --public-key`` end to end; and the page explains what did not pass."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import html
import io
import json
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from commands.cli import main
from contract.capabilities import CapabilityDeclaration
from contract.codec import decode
from core.features import REPOSITORY
from core.options import RunOptions
from core.results import RunResult
from core.verdicts import RigError, Verdict
from reference import DECLARATION
from reports import signing
from reports.catalogue import load_catalogue
from reports.certificate import CONFORMANT, NOT_CONFORMANT, canonical, certificate_part, digest
from reports.certificate_check import UNSIGNED, check_certificate, verify_certificate
from reports.certificate_html import render_html
from reports.suite_digest import combined, suite_digest
from twinrig.runner import run

EXAMPLE_DECLARATION = REPOSITORY / "docs" / "examples" / "declaration.json"
LOGIN = REPOSITORY / "features" / "ismart" / "login.feature"

Data = dict[str, Any]


@dataclasses.dataclass(frozen=True, slots=True)
class Keys:
    """A key pair's files, and its private key read back."""

    private: Path
    public: Path

    @property
    def key(self) -> Ed25519PrivateKey:
        return signing.load_private_key(self.private)


@pytest.fixture(scope="module")
def vendor(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(*signing.generate(tmp_path_factory.mktemp("vendor")))


@pytest.fixture(scope="module")
def forger(tmp_path_factory: pytest.TempPathFactory) -> Keys:
    return Keys(*signing.generate(tmp_path_factory.mktemp("forger")))


def _read(path: Path) -> Data:
    data: Data = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def signed_run(tmp_path_factory: pytest.TempPathFactory, vendor: Keys) -> tuple[RunResult, Data]:
    """A small run (the login scenarios) whose certificate the pytest plugin's handler wrote and
    signed (``--twinrig-certificate``, ``--twinrig-certificate-key``)."""
    folder = tmp_path_factory.mktemp("signed")
    options = RunOptions(select="login", certificate=folder, certificate_key=vendor.private)
    result = run(options)
    assert result.scenarios, "the selection played no scenario"
    return result, _read(folder / "certificate.json")


@pytest.fixture(scope="module")
def other_run() -> RunResult:
    """Another run of the same scenarios, with another seed."""
    return run(RunOptions(select="login", seed=2))


@pytest.fixture
def signed(signed_run: tuple[RunResult, Data]) -> Data:
    return copy.deepcopy(signed_run[1])


def _public(keys: Keys) -> Any:
    return signing.load_public_key(keys.public)


# --- the handler's certificate -------------------------------------------------------------------


def test_the_plugin_writes_a_signed_certificate_of_the_run(signed_run: tuple[RunResult, Data], vendor: Keys) -> None:
    result, data = signed_run
    assert set(data) == {"certificate", "results", "sha256", "signature"}
    assert data["results"] == json.loads(json.dumps(result.to_json()))
    certificate = data["certificate"]
    assert certificate["platform"] == {
        "name": DECLARATION.platform,
        "version": DECLARATION.version,
        "url": "in-process",
        "spec": "reference",
    }
    assert certificate["seed"] == 1
    assert certificate["suite_digest"] == suite_digest()
    issued = datetime.fromisoformat(certificate["issued"])
    assert timedelta(0) <= datetime.now(UTC) - issued < timedelta(hours=1)
    assert data["signature"]["fingerprint"] == signing.fingerprint(_public(vendor))
    checked = check_certificate(data, _public(vendor))
    assert checked.problems == []
    assert checked.trusted
    assert checked.signed_by == data["signature"]["fingerprint"]


def test_the_suite_digest_covers_features_steps_and_contract_in_sorted_order() -> None:
    files = suite_digest()["files"]
    assert list(files) == sorted(files)
    assert "features/ismart/login.feature" in files
    assert "steps/binding.py" in files
    assert {"contract/openapi.json", "contract/operations.py"} <= files.keys()
    assert not [path for path in files if path.startswith(("reference/", "twinrig/", "tests/"))]
    assert suite_digest() == suite_digest()
    assert suite_digest([LOGIN])["files"].keys() == {"features/ismart/login.feature"} | {
        path for path in files if not path.startswith("features/")
    }


def test_a_changed_line_ending_is_the_same_file_and_a_changed_byte_is_not(tmp_path: Path) -> None:
    unix, windows, edited = tmp_path / "a.feature", tmp_path / "b.feature", tmp_path / "c.feature"
    unix.write_bytes(b"Feature: x\n  Scenario: y\n")
    windows.write_bytes(b"Feature: x\r\n  Scenario: y\r\n")
    edited.write_bytes(b"Feature: x\n  Scenario: z\n")
    ((_, first),) = [(p, d) for p, d in suite_digest([unix])["files"].items() if p.endswith("a.feature")]
    ((_, second),) = [(p, d) for p, d in suite_digest([windows])["files"].items() if p.endswith("b.feature")]
    ((_, third),) = [(p, d) for p, d in suite_digest([edited])["files"].items() if p.endswith("c.feature")]
    assert first == second != third


# --- forgeries ---------------------------------------------------------------------------------

Forge = Callable[[Data], None]


def _recomputed(data: Data, run_result: RunResult | None = None, **declared: str) -> None:
    """Make *data*'s certificate part follow from its (edited) results, as a forger who knows the
    rules would: every check of the contents then passes."""
    results = RunResult.from_json(data["results"]) if run_result is None else run_result
    declaration_data = {**data["certificate"]["declaration"], **declared}
    declaration = decode(CapabilityDeclaration, declaration_data, "declaration")
    results.declaration = declaration_data
    data["results"] = json.loads(json.dumps(results.to_json()))
    old = data["certificate"]
    platform = {**old["platform"], "name": declaration.platform, "version": declaration.version}
    data["certificate"] = certificate_part(
        load_catalogue(),
        results,
        declaration,
        platform=platform,
        suite_version=old["suite_version"],
        suite_digest=old["suite_digest"],
        issued=old["issued"],
    )


def _verdict_changed(data: Data) -> None:
    data["results"]["scenarios"][0]["verdict"] = "fail"


def _consistently_failed(data: Data) -> None:
    """A vendor's rival: every scenario failed, the certificate recomputed to say so."""
    for scenario in data["results"]["scenarios"]:
        scenario["verdict"] = "fail"
    data["results"]["totals"] = RunResult.from_json(data["results"]).totals()
    _recomputed(data)


def _name_changed(data: Data) -> None:
    data["certificate"]["platform"]["name"] = "ACME Connect"


def _name_changed_everywhere(data: Data) -> None:
    _recomputed(data, platform="ACME Connect")


def _version_changed_everywhere(data: Data) -> None:
    _recomputed(data, version="9.9")


def _requirement_removed(data: Data) -> None:
    removed = data["certificate"]["requirements"].pop(0)
    data["certificate"]["totals"]["requirements"][removed["verdict"]] -= 1


def _seed_changed(data: Data) -> None:
    data["certificate"]["seed"] += 1
    data["results"]["seed"] += 1


def _issue_time_changed(data: Data) -> None:
    data["certificate"]["issued"] = "2020-01-01T00:00:00Z"


def _suite_digest_changed(data: Data) -> None:
    files = dict(data["certificate"]["suite_digest"]["files"])
    files["features/ismart/login.feature"] = "0" * 64
    data["certificate"]["suite_digest"] = combined(files)


FORGERIES: dict[str, tuple[Forge, str | None]] = {
    # what is changed: (the change, what the contents check says without any key; None: only the signature can tell)
    "a verdict": (_verdict_changed, "the results give 'fail'"),
    "verdicts and results, consistently failed": (_consistently_failed, None),
    "the platform name": (_name_changed, "the declaration names"),
    "the platform name, everywhere": (_name_changed_everywhere, None),
    "the platform version, everywhere": (_version_changed_everywhere, None),
    "a requirement removed": (_requirement_removed, "left out"),
    "the seed": (_seed_changed, None),
    "the issue time": (_issue_time_changed, None),
    "the suite digest": (_suite_digest_changed, "another suite than this installation's"),
}


def _reseal(data: Data) -> None:
    data["sha256"] = digest(data)


def _resign(data: Data, key: Ed25519PrivateKey) -> None:
    _reseal(data)
    data["signature"] = signing.sign(canonical(data), key)


@pytest.mark.parametrize("what", list(FORGERIES))
def test_a_forgery_resealed_breaks_the_signature(signed: Data, vendor: Keys, what: str) -> None:
    forge, _ = FORGERIES[what]
    forge(signed)
    _reseal(signed)
    for trusted in (_public(vendor), None):
        problems = verify_certificate(signed, trusted)
        assert any("the signature does not match the contents" in problem for problem in problems), (what, problems)


@pytest.mark.parametrize("what", list(FORGERIES))
def test_a_forgery_re_signed_with_another_key_is_not_the_vendors(
    signed: Data, vendor: Keys, forger: Keys, what: str
) -> None:
    forge, _ = FORGERIES[what]
    forge(signed)
    _resign(signed, forger.key)
    problems = verify_certificate(signed, _public(vendor))
    assert any("signed by another key" in problem for problem in problems), (what, problems)
    assert signing.fingerprint(_public(forger)) in " ".join(problems)


@pytest.mark.parametrize("what", [what for what, (_, found) in FORGERIES.items() if found])
def test_a_forgery_the_contents_contradict_is_named_even_without_a_key(signed: Data, forger: Keys, what: str) -> None:
    forge, found = FORGERIES[what]
    assert found is not None
    forge(signed)
    _resign(signed, forger.key)
    problems = verify_certificate(signed)
    assert any(found in problem for problem in problems), (what, problems)


def test_the_consistent_forgeries_fool_every_check_but_the_signature(signed: Data, forger: Keys) -> None:
    """Proof that the forgeries above are real ones: with a key of the forger's own and no trusted
    key to check against, nothing else in the certificate betrays them."""
    for what, (forge, found) in FORGERIES.items():
        if found is not None:
            continue
        forged = copy.deepcopy(signed)
        forge(forged)
        _resign(forged, forger.key)
        assert forged["certificate"] != signed["certificate"] or forged["results"] != signed["results"], what
        assert verify_certificate(forged) == [], what


def test_another_runs_results_swapped_in_are_caught(signed: Data, other_run: RunResult, vendor: Keys) -> None:
    swapped = copy.deepcopy(signed)
    swapped["results"] = json.loads(json.dumps(other_run.to_json()))
    _reseal(swapped)
    problems = verify_certificate(swapped)
    assert any("seed" in problem for problem in problems), problems
    assert any("signature does not match" in problem for problem in problems), problems
    consistent = copy.deepcopy(signed)
    _recomputed(consistent, other_run)
    _reseal(consistent)
    assert consistent["certificate"]["seed"] == 2
    assert any("signature does not match" in problem for problem in verify_certificate(consistent, _public(vendor)))


def test_the_signature_of_another_key_over_the_same_certificate_is_not_the_vendors(
    signed: Data, vendor: Keys, forger: Keys
) -> None:
    _resign(signed, forger.key)
    assert verify_certificate(signed) == []  # intact: the forger's key did sign exactly this
    (problem,) = verify_certificate(signed, _public(vendor))
    assert problem.startswith("signed by another key")


def test_a_signature_naming_the_vendors_key_but_made_by_another_is_caught(
    signed: Data, vendor: Keys, forger: Keys
) -> None:
    forged = signing.sign(canonical(signed), forger.key)
    signed["signature"]["value"] = forged["value"]
    for trusted in (_public(vendor), None):
        (problem,) = verify_certificate(signed, trusted)
        assert "the signature does not match the contents" in problem


def test_a_certificate_without_a_signature_is_unsigned_for_a_public_key(signed: Data, vendor: Keys) -> None:
    del signed["signature"]
    assert verify_certificate(signed) == []  # the SHA-256 still shows it intact
    checked = check_certificate(signed, _public(vendor))
    assert checked.unsigned
    assert checked.problems == [UNSIGNED]
    del signed["sha256"]
    assert "missing key 'sha256'" in verify_certificate(signed)
    assert check_certificate(signed, _public(vendor)).unsigned


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        pytest.param(lambda s: s.update(algorithm="RSA"), "algorithm is 'RSA'", id="algorithm"),
        pytest.param(lambda s: s.update(value="not base64!"), "cannot be read", id="value"),
        pytest.param(lambda s: s.pop("public_key"), "not an object", id="no-key"),
        pytest.param(lambda s: s.update(fingerprint="SHA256:00"), "is not its key's", id="fingerprint"),
    ],
)
def test_a_malformed_signature_is_reported(
    signed: Data, vendor: Keys, tamper: Callable[[dict[str, str]], None], expected: str
) -> None:
    tamper(signed["signature"])
    problems = verify_certificate(signed, _public(vendor))
    assert any(expected in problem for problem in problems), problems


def test_results_of_feature_files_outside_the_suite_digest_are_caught(signed: Data, forger: Keys) -> None:
    signed["results"]["scenarios"][0]["feature"] = "my/easy.feature"
    _recomputed(signed)
    _resign(signed, forger.key)
    problems = verify_certificate(signed)
    assert any("outside the certificate's suite digest: my/easy.feature" in problem for problem in problems)


def test_a_run_of_other_feature_files_is_not_a_certificate_of_this_suite(signed: Data) -> None:
    mine = suite_digest([LOGIN])
    problems = verify_certificate(signed, suite=mine)
    (problem,) = [problem for problem in problems if "another suite" in problem]
    assert "; files this installation lacks: features/ismart/app_installation.feature, " in problem
    assert "and 24 more" in problem  # 34 feature files besides login.feature: ten are named


# --- "conformant" and the page, on a mutant's results ------------------------------------------


def test_a_platform_that_breaks_the_confirmation_email_is_not_conformant(
    tmp_path: Path, vendor: Keys, forger: Keys
) -> None:
    """Issue 13, item 3: the mutant that sends no confirmation e-mail; its certificate lists the
    requirements it breaks with their scenarios, the failing step's message and the replay."""
    options = RunOptions(
        platform="mutant:no_confirmation_email",
        select="registration or login",
        certificate=tmp_path,
        certificate_key=vendor.private,
    )
    result = run(options)
    data = _read(tmp_path / "certificate.json")
    assert data["certificate"]["verdict"] == NOT_CONFORMANT
    assert verify_certificate(data, _public(vendor)) == []
    forged = copy.deepcopy(data)  # the vendor's wish: every scenario passed
    for scenario in forged["results"]["scenarios"]:
        scenario["verdict"] = "pass"
    _recomputed(forged)
    _resign(forged, forger.key)
    assert forged["certificate"]["requirements"] != data["certificate"]["requirements"]
    assert verify_certificate(forged) == []  # consistent, and signed: by the forger
    assert any("signed by another key" in problem for problem in verify_certificate(forged, _public(vendor)))
    unresolved = [scenario for scenario in result.scenarios if scenario.verdict is not Verdict.PASS]
    assert unresolved, "the mutant survived the login and registration scenarios"
    page = (tmp_path / "certificate.html").read_text(encoding="utf-8")
    assert page == render_html(data)
    section = page.split("<h2>What did not pass</h2>", 1)[1].split("</section>", 1)[0]
    for scenario in unresolved:
        assert scenario.reproduce, scenario.name
        assert render_html_text(scenario.reproduce) in section, scenario.name
        ended = next(step for step in scenario.steps if step.status not in ("passed", "skipped"))
        assert render_html_text(ended.message or scenario.message) in section, scenario.name
        assert render_html_text(f"{ended.keyword} {ended.text} (line {ended.line})") in section
        for requirement in scenario.requirements:
            assert f'<span class="id">{requirement}</span>' in section
    passed = {row["id"] for row in data["certificate"]["requirements"] if row["verdict"] == "pass"}
    assert passed, "some requirement passes"
    assert not [requirement for requirement in passed if f'<span class="id">{requirement}</span>' in section]


def render_html_text(text: str) -> str:
    return html.escape(text, quote=True)


def test_the_page_says_when_everything_passed_and_who_signed(signed: Data) -> None:
    signed["certificate"]["requirements"] = [
        {**row, "verdict": "pass"} for row in signed["certificate"]["requirements"]
    ]
    page = render_html(signed)
    assert "Every requirement passed or is not applicable." in page
    assert signed["signature"]["fingerprint"] in page
    assert signed["certificate"]["suite_digest"]["sha256"] in page
    assert signed["certificate"]["issued"] in page
    del signed["signature"]
    assert "Unsigned" in render_html(signed)


def test_a_key_without_a_folder_or_that_is_no_key_stops_the_run_before_it_starts(tmp_path: Path, vendor: Keys) -> None:
    with pytest.raises(RigError, match="--certificate DIR"):
        run(RunOptions(select="login", certificate_key=vendor.private))
    not_a_key = tmp_path / "key.pem"
    not_a_key.write_text("hello", encoding="utf-8")
    with pytest.raises(RigError, match="not a PEM file"):
        signing.load_private_key(not_a_key)
    with pytest.raises(RigError, match="cannot be read as a PEM public key"):
        signing.load_public_key(vendor.private)


# --- behave ------------------------------------------------------------------------------------


@pytest.mark.end_to_end
def test_behave_writes_the_signed_certificate_too(
    tmp_path: Path, vendor: Keys, signed_run: tuple[RunResult, Data]
) -> None:
    folder = tmp_path / "cert"
    command = [sys.executable, "-m", "behave", "-f", "null", "--no-capture", "--no-snippets"]
    command += ["-D", f"certificate={folder}", "-D", f"certificate_key={vendor.private}", str(LOGIN)]
    done = subprocess.run(command, cwd=REPOSITORY, check=False, capture_output=True, text=True, timeout=300)
    assert (folder / "certificate.json").is_file(), f"{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    data = _read(folder / "certificate.json")
    assert data["signature"]["fingerprint"] == signing.fingerprint(_public(vendor))
    assert {scenario["feature"] for scenario in data["results"]["scenarios"]} == {"features/ismart/login.feature"}
    assert data["certificate"]["suite_digest"] == suite_digest([LOGIN])
    problems = verify_certificate(data, _public(vendor))
    (problem,) = problems  # signed, consistent: only not the installation's whole suite
    assert "another suite than this installation's" in problem
    assert verify_certificate(data, _public(vendor), suite=suite_digest([LOGIN])) == []
    # both runners record the tags that applicability is judged by alike
    by_pytest = {s.name: s.tags for s in signed_run[0].scenarios if s.feature == "features/ismart/login.feature"}
    by_behave = {s["name"]: s["tags"] for s in data["results"]["scenarios"]}
    assert by_behave == by_pytest
    assert all(any(tag.startswith("req:") for tag in tags) for tags in by_behave.values())


# --- keygen, certify --key, verify --public-key: the commands, once end to end -----------------


@dataclasses.dataclass(frozen=True, slots=True)
class Certified:
    keys: Keys
    code: int
    out: Path
    printed: str
    keygen_printed: str


def _main(argv: list[str]) -> tuple[int, str]:
    printed = io.StringIO()  # capsys is function-scoped: capture by hand
    with contextlib.redirect_stdout(printed):
        code = main(argv)
    return code, printed.getvalue()


@pytest.fixture(scope="module")
def certified(tmp_path_factory: pytest.TempPathFactory) -> Certified:
    """``twinrig keygen``, then ``twinrig certify --key`` of the reference (the whole suite, once)."""
    folder = tmp_path_factory.mktemp("certify")
    keygen_code, keygen_printed = _main(["keygen", "--out", str(folder / "keys")])
    assert keygen_code == 0
    keys = Keys(folder / "keys" / signing.PRIVATE_KEY, folder / "keys" / signing.PUBLIC_KEY)
    out = folder / "cert"
    args = ["certify", "--declaration", str(EXAMPLE_DECLARATION), "--seed", "5", "--key", str(keys.private)]
    code, printed = _main([*args, "--out", str(out)])
    return Certified(keys, code, out, printed, keygen_printed)


@pytest.mark.end_to_end
def test_keygen_writes_a_private_key_only_its_owner_reads_and_a_public_key(certified: Certified) -> None:
    private, public = certified.keys.private, certified.keys.public
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text(encoding="ascii").startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text(encoding="ascii").startswith("-----BEGIN PUBLIC KEY-----")
    fingerprint = signing.fingerprint(_public(certified.keys))
    assert fingerprint in certified.keygen_printed
    assert certified.keys.key.public_key().public_bytes_raw() == _public(certified.keys).public_bytes_raw()
    code, _ = _main(["keygen", "--out", str(private.parent)])
    assert code == 2, "keygen must not overwrite a key"
    assert stat.S_IMODE(private.stat().st_mode) == 0o600


@pytest.mark.end_to_end
def test_certify_writes_a_signed_conformant_certificate_of_the_reference(certified: Certified) -> None:
    assert certified.code == 0, certified.printed
    data = _read(certified.out / "certificate.json")
    assert (certified.out / "certificate.html").read_text(encoding="utf-8") == render_html(data)
    certificate = data["certificate"]
    assert certificate["verdict"] == CONFORMANT
    assert certificate["seed"] == 5
    assert certificate["declaration"] == _read(EXAMPLE_DECLARATION)
    assert certificate["platform"]["spec"] == "reference"
    assert certificate["suite_digest"] == suite_digest()
    assert certificate["totals"]["scenarios"]["pass"] > 100
    assert all(row["verdict"] == "pass" for row in certificate["requirements"] if row["claimed"])
    fingerprint = signing.fingerprint(_public(certified.keys))
    assert data["signature"]["fingerprint"] == fingerprint
    assert f"signed by {fingerprint}" in certified.printed
    assert f"{DECLARATION.platform} {DECLARATION.version}: conformant" in certified.printed
    assert "Every requirement passed or is not applicable." in render_html(data)


@pytest.mark.end_to_end
def test_verify_with_the_vendors_public_key_accepts_it(certified: Certified) -> None:
    path = str(certified.out / "certificate.json")
    code, printed = _main(["verify", path, "--public-key", str(certified.keys.public)])
    assert code == 0, printed
    assert printed.startswith("certificate intact, signed by the key of --public-key (SHA256:")
    code, printed = _main(["verify", path])
    assert code == 0
    assert "give --public-key" in printed


@pytest.mark.end_to_end
def test_verify_rejects_another_key_a_forgery_and_an_unsigned_copy(
    certified: Certified, forger: Keys, tmp_path: Path
) -> None:
    path = certified.out / "certificate.json"
    code, printed = _main(["verify", str(path), "--public-key", str(forger.public)])
    assert code == 1
    assert "signed by another key" in printed
    data = _read(path)
    _consistently_failed(data)
    _resign(data, forger.key)
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code, printed = _main(["verify", str(forged), "--public-key", str(certified.keys.public)])
    assert code == 1
    assert "not intact" in printed
    assert "signed by another key" in printed
    unsigned = _read(path)
    del unsigned["signature"]
    copy_path = tmp_path / "unsigned.json"
    copy_path.write_text(json.dumps(unsigned, indent=2), encoding="utf-8")
    code, printed = _main(["verify", str(copy_path), "--public-key", str(certified.keys.public)])
    assert code == 1
    assert f"certificate {copy_path} is unsigned" in printed
    code, printed = _main(["verify", str(copy_path)])
    assert code == 0
    assert "unsigned" in printed


def test_certify_without_a_declaration_or_with_a_bad_key_exits_2_before_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_run(*args: object, **kwargs: object) -> RunResult:
        raise AssertionError("the suite ran")

    monkeypatch.setattr("twinrig.runner.run", no_run)
    assert main(["certify", "--out", str(tmp_path / "out")]) == 2
    assert "certify needs --declaration" in capsys.readouterr().err
    key = tmp_path / "key.pem"
    key.write_text("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", encoding="ascii")
    args = ["certify", "--declaration", str(EXAMPLE_DECLARATION), "--key", str(key), "--out", str(tmp_path / "out")]
    assert main(args) == 2
    assert str(key) in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
