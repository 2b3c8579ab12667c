"""Sound verdicts: a platform that refuses, or answers wrongly, a request the manuals say must
succeed fails the requirement that request carries, in a Given as anywhere else; *inconclusive*
stays for what the rig could not decide (issue 13, item 3).

Each platform below is the reference with one precondition broken; each control plays the same
steps against the reference, so every assertion could fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rig_project import Run, run_rig
from world_kit import play

from contract import platform as platform_module
from contract.capabilities import CapabilityDeclaration
from contract.codec import decode
from contract.errors import ErrorCode, PlatformError
from contract.messages import (
    AccountCreated,
    AppIdentity,
    CodeSent,
    CommandAccepted,
    LogIn,
    QrScanned,
    Register,
    RemoteCommand,
    ScanQr,
    SendRegistrationCode,
    SessionOpened,
    VehicleQuery,
)
from contract.myrenault import Contracts
from contract.operations import PARTS, operations
from core.results import RunResult, ScenarioResult
from core.verdicts import Inconclusive, RequirementViolation, Verdict, verdict_of, violated
from reference import ReferenceFactory, ReferencePlatform
from reference.records import Sync
from reports import traceability
from reports.catalogue import Requirement, load_catalogue
from reports.certificate import CONFORMANT, NOT_CONFORMANT, make_certificate, platform_info
from steps import obligations
from twinrig import life
from twins.connection import Refusal
from twins.world import World

pytest_plugins = ["pytester"]

# --- platforms with one precondition broken ---------------------------------------------------


class RegistrationRefused(ReferencePlatform):
    """The reference, except that "Register" is refused although the code is the one sent."""

    def register(self, request: Register) -> AccountCreated:
        raise PlatformError(ErrorCode.CODE_INVALID, "that code is not valid")


class LogInRefused(ReferencePlatform):
    """The reference, except that the right identifier and password are refused."""

    def log_in(self, request: LogIn) -> SessionOpened:
        raise PlatformError(ErrorCode.BAD_CREDENTIALS, "wrong identifier or password")


class BindingRefused(ReferencePlatform):
    """The reference, except that the second scan (the binding) of a free car is refused."""

    def scan_qr(self, request: ScanQr) -> QrScanned:
        scanned = super().scan_qr(request)
        if scanned.stage == "bound":
            raise PlatformError(ErrorCode.ALREADY_BOUND, "the car has a bound user")
        return scanned


class NoRegistrationCode(ReferencePlatform):
    """The reference, except that "Send" says a code is on its way, and none is sent."""

    def send_registration_code(self, request: SendRegistrationCode) -> CodeSent:
        return CodeSent("sms")


class CommandsRefused(ReferencePlatform):
    """The reference, except that the bound user's remote commands are refused as not available."""

    def remote_command(self, request: RemoteCommand) -> CommandAccepted:
        raise PlatformError(ErrorCode.SERVICE_NOT_AVAILABLE, "not today")


class NoContractsShown(ReferencePlatform):
    """The reference, except that "My services" shows no contract, though the car has one."""

    def list_contracts(self, request: VehicleQuery) -> Contracts:
        super().list_contracts(request)
        return Contracts([])


class NeverLinks(ReferencePlatform):
    """The reference, except that a synchronisation whose conditions all hold never links."""

    def _link(self, sync: Sync) -> None:
        self._fail(sync, "no_coverage")


def world_of(platform: type[ReferencePlatform], brand: str = "ismart") -> World:
    return World(ReferenceFactory(platform.__name__, platform), seed=3, brand=brand)


def refused_in_given(platform: type[ReferencePlatform], *steps: str, brand: str = "ismart") -> RequirementViolation:
    world = world_of(platform, brand)
    with pytest.raises(RequirementViolation) as raised:
        play(world, *steps)
    assert verdict_of(raised.value) is Verdict.FAIL
    return raised.value


BOUND = ("the user has bound the car",)
LOGGED_IN = ("the user is logged in to the iSmart app",)
ACCOUNT = ("the user has an iSmart account with their phone number",)
SYNCHRONISED = ("the user has synchronised the car",)


@pytest.mark.parametrize("steps", [ACCOUNT, LOGGED_IN, BOUND], ids=["account", "log-in", "binding"])
def test_the_reference_sets_up_every_precondition(steps: tuple[str, ...]) -> None:
    """The control: the same Givens against the reference raise nothing."""
    play(world_of(ReferencePlatform), *steps)


def test_a_refused_registration_in_a_given_fails_is_reg_3() -> None:
    failure = refused_in_given(RegistrationRefused, *ACCOUNT)
    assert failure.requirements == ("IS-REG-3",)
    assert str(failure).startswith("IS-REG-3: register was refused with 'code_invalid'")
    assert "an account for the user" in str(failure)


def test_a_refused_log_in_in_a_given_fails_is_login_1() -> None:
    failure = refused_in_given(LogInRefused, *LOGGED_IN)
    assert failure.requirements == ("IS-LOGIN-1",)
    assert "log_in was refused with 'bad_credentials'" in str(failure)


def test_a_refused_binding_in_a_given_fails_the_binding_requirements() -> None:
    failure = refused_in_given(BindingRefused, *BOUND)
    assert failure.requirements == ("IS-BIND-2", "IS-BIND-3")
    assert "scan_qr was refused with 'already_bound'" in str(failure)
    assert "the car bound to the user" in str(failure)


def test_a_my_renault_log_in_refused_in_a_given_fails_mr_acc_1() -> None:
    failure = refused_in_given(LogInRefused, "the user is logged in to the My Renault app", brand="myrenault")
    assert failure.requirements == ("MR-ACC-1",)


def test_a_registration_code_that_never_comes_fails_is_reg_2() -> None:
    failure = refused_in_given(NoRegistrationCode, *ACCOUNT)
    assert failure.requirements == ("IS-REG-2",)
    assert "no verification code reached the user" in str(failure)


def test_a_synchronisation_that_never_links_with_every_condition_met_fails() -> None:
    failure = refused_in_given(NeverLinks, *SYNCHRONISED, brand="myrenault")
    assert failure.requirements == ("MR-SYNC-2", "MR-SYNC-3")
    assert "ended failed (no_coverage) with all four conditions met" in str(failure)


COMMAND = (*BOUND, 'the user sends the remote command "horn and lights" to the car')


def test_a_step_that_needs_an_accepted_command_fails_when_the_platform_refused_it() -> None:
    """Refused, the command is a fail of the command's requirement, not a bad scenario (error)."""
    play(world_of(ReferencePlatform), *COMMAND, "the user looks at the command in the app")
    failure = refused_in_given(CommandsRefused, *COMMAND, "the user looks at the command in the app")
    assert failure.requirements == ("IS-SVC-1",)
    assert "remote_command was refused with 'service_not_available'" in str(failure)


RENEWAL = (
    'the "connected services" of the car end in 30 days',
    'the user controls the car remotely with the PIN "2580"',
    'the user renews "connected services" of the car for 12 months before it expires',
)


def test_a_renewal_that_finds_no_active_contract_in_its_term_fails_mr_feat_1() -> None:
    play(world_of(ReferencePlatform, "myrenault"), *RENEWAL)
    failure = refused_in_given(NoContractsShown, *RENEWAL, brand="myrenault")
    assert failure.requirements == ("MR-FEAT-1",)
    assert '"My services" shows None, though its term as sold has not ended' in str(failure)


def test_the_reference_synchronises_in_a_given() -> None:
    play(world_of(ReferencePlatform, "myrenault"), *SYNCHRONISED)


# --- what stays inconclusive: the rig kept the situation from being ---------------------------


def test_a_refusal_that_no_call_of_the_platform_made_stays_inconclusive() -> None:
    """The phone has no internet: the app refuses itself; the platform never heard the call."""
    world = world_of(LogInRefused)
    with pytest.raises(Inconclusive, match="no internet"):
        play(world, "the phone of the user has no internet connection", *LOGGED_IN)


def test_a_code_the_rig_lost_stays_inconclusive() -> None:
    """A fault model on the SMS gateway may have lost the code: the rig cannot blame the platform."""
    world = world_of(ReferencePlatform)
    with pytest.raises(Inconclusive, match="SMS gateway has the scenario's faults"):
        play(world, "the next SMS gets lost", *ACCOUNT)


def test_a_synchronisation_the_scenario_made_impossible_stays_inconclusive() -> None:
    """The car is driving (the scenario took a condition away, and put it back too late)."""
    world = world_of(ReferencePlatform, "myrenault")
    world.add_car("the car", "myrenault", world.declaration.models_offering("myrenault")[0])
    world.car("the car").parked = False
    with pytest.raises(Inconclusive, match="a condition of synchronising is missing"):
        play(world, *SYNCHRONISED)


def test_a_refusal_of_a_client_no_brand_published_stays_inconclusive() -> None:
    refusal = Refusal("app_not_genuine", "", "log_in", AppIdentity("Fake", "Nobody Ltd"))
    assert isinstance(obligations.refused(refusal, "a log-in"), Inconclusive)


# --- the table of what each operation carries -------------------------------------------------


def client_operations() -> list[str]:
    """The operations the twins' clients call: every part of the contract but the car's and the test side's."""
    parts = [part for part in PARTS if part not in (platform_module.CarSide, platform_module.TestSide)]
    return [name for name, op in operations().items() if any(op.part == part.__name__ for part in parts)]


def test_every_client_operation_carries_requirements_of_the_catalogue() -> None:
    known = {requirement.id for requirement in load_catalogue()}
    missing = [name for name in client_operations() if not obligations.requirements_of(name)]
    assert not missing, f"operations with no requirement in steps.obligations.REQUIREMENTS: {missing}"
    unknown = {
        requirement
        for by_brand in obligations.REQUIREMENTS.values()
        for ids in by_brand.values()
        for requirement in ids
        if requirement not in known
    }
    assert not unknown
    assert set(obligations.REQUIREMENTS) <= set(operations())
    assert {brand for by_brand in obligations.REQUIREMENTS.values() for brand in by_brand} == {"ismart", "myrenault"}


def test_a_brand_picks_its_own_requirements() -> None:
    assert obligations.requirements_of("log_in", "ismart") == ("IS-LOGIN-1",)
    assert obligations.requirements_of("log_in", "myrenault") == ("MR-ACC-1",)
    assert obligations.requirements_of("log_in") == ("IS-LOGIN-1", "MR-ACC-1")


def test_the_refused_operation_and_client_come_with_the_refusal() -> None:
    world = world_of(LogInRefused)
    with pytest.raises(RequirementViolation):
        play(world, *LOGGED_IN)
    refusal = world.phone("user").app.last  # type: ignore[union-attr]
    assert isinstance(refusal, Refusal)
    assert refusal.operation == "log_in"
    assert refusal.client is not None
    assert refusal.client.publisher == "SAIC Motor international Co. Ltd"


# --- the violation names its requirements, and results attribute them ------------------------


def test_a_copy_of_a_violation_keeps_its_requirements_and_message() -> None:
    """SimPy re-raises a process's exception as ``type(error)(*error.args)``."""
    original = RequirementViolation("IS-BIND-3: scan_qr was refused", ("IS-BIND-3",))
    copy = type(original)(*original.args)
    assert copy.requirements == ("IS-BIND-3",)
    assert str(copy) == "IS-BIND-3: scan_qr was refused"
    assert violated(copy) == ("IS-BIND-3",)
    assert violated(RequirementViolation("no requirement named")) == ()
    assert violated(Inconclusive("x")) == ()


def result(name: str, verdict: Verdict, tags: list[str], broken: list[str] | None = None) -> ScenarioResult:
    return ScenarioResult(name, f"features/{name}.feature", tags, verdict, violated=broken or [])


CATALOGUE = [Requirement("MR-ACC-1", "same credentials"), Requirement("MR-ACC-3", "confirmation e-mail")]
DECLARATION = CapabilityDeclaration(platform="p", version="1", brands=["myrenault"], models=[])


def certificate_of(*results: ScenarioResult) -> dict[str, object]:
    run = RunResult(seed=1, platform="p", scenarios=list(results))
    return make_certificate(run, DECLARATION, platform_info(run.platform, DECLARATION), CATALOGUE)["certificate"]  # type: ignore[no-any-return]


def test_the_matrix_attributes_a_fail_to_the_requirement_it_names() -> None:
    run = RunResult(
        seed=1,
        platform="p",
        scenarios=[
            result("login", Verdict.FAIL, ["MR-ACC-1"], ["MR-ACC-3"]),
            result("unconfirmed", Verdict.PASS, ["MR-ACC-3"]),
        ],
    )
    rows = {row.requirement.id: row for row in traceability.matrix(CATALOGUE, run)}
    assert rows["MR-ACC-1"].verdict == "fail"
    assert rows["MR-ACC-3"].verdict == "fail", "the fail names MR-ACC-3, though no tag does"
    assert [item.name for item in rows["MR-ACC-3"].results] == ["login", "unconfirmed"]


def test_a_certificate_attributes_a_refused_precondition_and_is_not_conformant() -> None:
    passing = certificate_of(
        result("login", Verdict.PASS, ["MR-ACC-1"]), result("unconfirmed", Verdict.PASS, ["MR-ACC-3"])
    )
    assert passing["verdict"] == CONFORMANT
    failing = certificate_of(
        result("login", Verdict.FAIL, ["MR-ACC-1"], ["MR-ACC-3"]), result("unconfirmed", Verdict.PASS, ["MR-ACC-3"])
    )
    rows = {row["id"]: row["verdict"] for row in failing["requirements"]}  # type: ignore[attr-defined]
    assert rows == {"MR-ACC-1": "fail", "MR-ACC-3": "fail"}
    assert failing["verdict"] == NOT_CONFORMANT


def test_results_read_back_keep_what_a_fail_names(tmp_path: Path) -> None:
    run = RunResult(seed=1, platform="p", scenarios=[result("login", Verdict.FAIL, ["MR-ACC-1"], ["MR-ACC-3"])])
    path = tmp_path / "r.json"
    run.write(path)
    back = RunResult.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert back.scenarios[0].violated == ["MR-ACC-3"]


# --- through the runner: results, the matrix and the certificate ------------------------------

ACCOUNTS = """\
@brand:myrenault
Feature: The My Renault account

  @req:MR-ACC-1
  Scenario: The same user name and password work on the web site and in the app
    Given the user has a confirmed My Renault account
    When the user logs in to My Renault from the web site
    Then the user is logged in on the web site
    When the user logs in to My Renault from the app
    Then the user is logged in to the app

  @req:MR-ACC-3
  Scenario: An unconfirmed account cannot use the features
    Given the user has created a My Renault account without confirming it
    When the user logs in to My Renault from the app
    Then the user is refused with "account_not_confirmed"

  @req:MR-VEH-1
  Scenario: A car is added by its VIN
    Given the user is logged in to the My Renault app
    When the user adds the car by its VIN, typed in
    Then the car is in the app of the user
"""
BINDING = """\
@brand:ismart
Feature: Force unbinding

  @req:IS-FORCE-1
  Scenario: A new user asks for force unbinding
    Given the previous user has bound the car
    When the user sits in the car with the infotainment system on
    Then the car is bound to the previous user
"""
CLAIMED = ("MR-ACC-1", "MR-ACC-3", "MR-VEH-1")


def certify(run: Run) -> dict[str, object]:
    """The certificate of *run*, judged against the requirements its scenarios are tagged with."""
    results = RunResult.from_json(run.results)
    declaration = decode(CapabilityDeclaration, run.results["declaration"], "declaration")
    catalogue = [requirement for requirement in load_catalogue() if requirement.id in CLAIMED]
    info = platform_info(results.platform, declaration)
    return make_certificate(results, declaration, info, catalogue)["certificate"]  # type: ignore[no-any-return]


def test_the_reference_is_conformant_on_these_scenarios(pytester: pytest.Pytester) -> None:
    """The control for the test below: same scenarios, same catalogue, the reference."""
    run = run_rig(pytester, {"accounts.feature": ACCOUNTS})
    assert {scenario["verdict"] for scenario in run.scenarios} == {"pass"}
    assert certify(run)["verdict"] == CONFORMANT


def test_a_platform_that_breaks_the_confirmation_email_cannot_be_conformant(pytester: pytest.Pytester) -> None:
    """No confirmation e-mail: every scenario whose Given needs a confirmed account fails MR-ACC-3
    (it was inconclusive, and the certificate said "conformant")."""
    run = run_rig(pytester, {"accounts.feature": ACCOUNTS}, "--platform", "mutant:no_confirmation_email")
    verdicts = {scenario["name"]: (scenario["verdict"], scenario["violated"]) for scenario in run.scenarios}
    assert verdicts == {
        "The same user name and password work on the web site and in the app": ("fail", ["MR-ACC-3"]),
        "An unconfirmed account cannot use the features": ("pass", []),
        "A car is added by its VIN": ("fail", ["MR-ACC-3"]),
    }
    failed = run.one("A car is added by its VIN")
    assert failed["message"].startswith("MR-ACC-3: no confirmation e-mail with a link reached the user")
    assert [step["status"] for step in failed["steps"]] == ["failed", "skipped", "skipped"]
    assert failed["steps"][0]["keyword"] == "Given"
    certificate = certify(run)
    rows = {row["id"]: row["verdict"] for row in certificate["requirements"]}  # type: ignore[attr-defined]
    assert rows == {"MR-ACC-1": "fail", "MR-ACC-3": "fail", "MR-VEH-1": "fail"}
    assert certificate["verdict"] == NOT_CONFORMANT


@pytest.fixture
def binding_refused(monkeypatch: pytest.MonkeyPatch) -> str:
    """A ``--platform`` spec the scenario life resolves to :class:`BindingRefused`."""
    real = life.resolve

    def resolve(spec: str, *args: Any, **kwargs: Any) -> Any:
        return (
            ReferenceFactory("binding-refused", BindingRefused)
            if spec == "binding-refused"
            else real(spec, *args, **kwargs)
        )

    monkeypatch.setattr(life, "resolve", resolve)
    return "binding-refused"


def test_a_binding_refused_in_a_given_is_a_fail_of_the_binding_through_the_runner(
    pytester: pytest.Pytester, binding_refused: str
) -> None:
    control = run_rig(pytester, {"force.feature": BINDING})
    assert control.one("A new user asks for force unbinding")["verdict"] == "pass"
    run = run_rig(pytester, {"force.feature": BINDING}, "--platform", binding_refused)
    scenario = run.one("A new user asks for force unbinding")
    assert scenario["verdict"] == "fail"
    assert scenario["requirements"] == ["IS-FORCE-1"]
    assert scenario["violated"] == ["IS-BIND-2", "IS-BIND-3"]
    assert "scan_qr was refused with 'already_bound'" in scenario["message"]
    rows = {
        row.requirement.id: row.verdict
        for row in traceability.matrix(load_catalogue(), RunResult.from_json(run.results))
    }
    assert rows["IS-BIND-3"] == "fail"
    assert rows["IS-FORCE-1"] == "fail"
