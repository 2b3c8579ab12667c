"""Declared implementation values (the PIXIT): what the manuals leave open, each in a range.

The fast tests: the table matches the contract's fields; a value outside its range, a missing
one the claims need, or one of the wrong type is a declaration error naming the field, the range
and the source; the reference's policy is built from the declared values; the specification
narrows its ranges to them; the certificate lists them. The end-to-end tests play the whole
suite against the reference with every declarable value set to another allowed value, against
the reference whose numbers do not match the declaration it is run with, and against the
mutants whose limits are off by one from what they declare.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from contract.codec import encode
from contract.values import DECLARABLE, DeclaredValues, declarable, declared_as, value_problems
from core.results import RunResult
from core.verdicts import RigError, Verdict
from reference import DECLARATION, DEFAULT_POLICY, ReferenceFactory
from reports.certificate import make_certificate, platform_info, render_html
from reports.certificate_check import check_certificate
from reports.declared_values import NOT_DECLARED, declared_value_rows
from spec.bounds import DEFAULT_BOUNDS, TOLERANCE, declared_bounds
from twinrig.declarations import load_declaration, write_declaration
from twinrig.platforms import resolve
from twinrig.runner import run_suite

OTHER_VALUES = DeclaredValues(
    code_lifetime_seconds=15 * 60,
    code_attempts=6,
    pin_attempts=4,
    pin_unlock="after_lock_time",
    pin_lock_seconds=30 * 60,
    qr_lifetime_seconds=5 * 60,
    command_timeout_seconds=3 * 60,
    sync_timeout_seconds=3 * 60,
    unbind_logs_out_head_unit=False,
    dealer_unbind_without_reject=False,
    push_to="last_device",
)
"""Every declarable value of the reference's declaration changed to another allowed one."""

OTHER_DECLARATION = dataclasses.replace(DECLARATION, values=OTHER_VALUES)


def _file(tmp_path: Path, values: dict[str, Any], **claims: Any) -> Path:
    data = encode(DECLARATION)
    data["values"].update(values)
    data.update(claims)
    path = tmp_path / "declaration.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# --- the table ------------------------------------------------------------------------------


def test_the_table_has_a_row_for_every_field_of_the_declared_values_in_order() -> None:
    assert [row.name for row in DECLARABLE] == [item.name for item in dataclasses.fields(DeclaredValues)]
    for row in DECLARABLE:
        assert row.source, row.name
        assert row.means, row.name
        assert row.choices or row.low is None or (row.high is not None and row.low < row.high), row.name


def test_what_the_manuals_fix_is_not_declarable() -> None:
    names = {row.name for row in DECLARABLE}
    assert not any(word in name for name in names for word in ("length", "digits", "force_unbind", "scans"))


def test_a_few_tries_is_a_range_not_three() -> None:
    assert declarable("code_attempts").allowed == "3..10 tries"
    assert declarable("pin_attempts").allowed == "3..10 tries"
    assert declarable("command_timeout_seconds").allowed == "120..1800 seconds (2 minutes to 30 minutes)"


def test_a_declared_tag_names_one_choice_of_a_declared_value() -> None:
    assert declared_as(OTHER_VALUES, "push_to=last_device") is None
    assert declared_as(OTHER_VALUES, "push_to=all_devices") == "push_to last_device"
    assert declared_as(OTHER_VALUES, "unbind_logs_out_head_unit=false") is None
    assert declared_as(DECLARATION.values, "unbind_logs_out_head_unit=false") == "unbind_logs_out_head_unit true"
    assert declared_as(DECLARATION.values, "no_such_value=1") == "no_such_value None"


def test_the_reference_declares_every_value_its_claims_need_inside_its_range() -> None:
    assert DECLARATION.value_problems() == []
    assert OTHER_DECLARATION.value_problems() == []


# --- which scenarios each choice exercises ----------------------------------------------------

EXERCISED: dict[str, list[str]] = {
    "code_lifetime_seconds": [
        "An expired code creates no account",
        "A code still registers just before its declared lifetime ends",
        "An expired code does not unbind",
        "A code still unbinds just before its declared lifetime ends",
        "An SMS that comes after its code expired: the user asks again and unbinds",
        "The platform's clock jumps while the code is on its way: the user asks again",
    ],
    "code_attempts": [
        "Guessing the code locks it",
        "One wrong code fewer than the platform allows still lets the right code register",
        "One wrong code fewer than the platform allows still lets the right code unbind",
    ],
    "pin_attempts": [
        "Guessing the My Renault PIN locks remote control",
        "One wrong PIN fewer than the platform allows still lets the right PIN command the car",
    ],
    "pin_unlock": ["A locked PIN stays locked until the declared lock time, and unlocks then if the platform says so"],
    "pin_lock_seconds": [
        "A locked PIN stays locked until the declared lock time, and unlocks then if the platform says so"
    ],
    "qr_lifetime_seconds": [
        "A QR code is short-lived",
        "A QR code still logs in just before its declared lifetime ends",
    ],
    "command_timeout_seconds": [
        "A command for a car that never answers ends car_unreachable at the declared time-out, not before",
        "The car drives into a dead zone while a command is on its way",
        "The wake-up SMS gets lost: the command ends clearly and asking again wakes the car",
        "The car drives into a dead zone while horn and lights are on their way",
        "A wake-up SMS that comes too late: the command ends clearly and is not carried out later",
        "A car out of coverage ends with a clear status",
    ],
    "sync_timeout_seconds": [
        "The multimedia screen still synchronises just before the declared time-out",
        "After the declared time-out the multimedia screen no longer synchronises",
    ],
    "unbind_logs_out_head_unit": [
        "Unbinding with the 6-digit code from the SMS",
        "A code unbinds only once",
        "An unbinding SMS that arrives twice unbinds once",
        "The previous user unbinds with the code: the request ends and the new user is told",
    ],
    "dealer_unbind_without_reject": [
        "Every dealer's forced unbinding leaves an audit record",
        "After a dealer's forced unbinding, an answer changes nothing",
        "A command waiting for the sleeping car is cancelled when a dealer unbinds its sender",
        "The audit record names the car, the previous user, the owner and the dealer",
        "Two owners, two dealers: each audit record names its own dealer",
    ],
    "push_to": [
        "The force unbinding request reaches the phones the platform pushes to",
        '"Agree" on one phone; "Reject" on the other phone afterwards changes nothing',
        "The message that the unbinding is complete reaches the phones the platform pushes to",
    ],
}
"""The English scenarios that exercise each declarable value (their da/no translations too):
the boundary at a declared number, or the path a declared choice takes."""


def _english_scenarios() -> set[str]:
    features = Path(__file__).parent.parent / "features"
    names = set()
    for path in features.glob("*/*.feature"):
        names |= set(re.findall(r"^  Scenario(?: Outline)?: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE))
    return names


def test_every_declarable_value_is_exercised_by_scenarios_that_exist() -> None:
    assert set(EXERCISED) == {row.name for row in DECLARABLE}
    missing = {name for names in EXERCISED.values() for name in names} - _english_scenarios()
    assert not missing


# --- declaration errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"code_attempts": 2}, r"values\.code_attempts: 2 is outside 3\.\.10 tries \(source: D-SEC-2"),
        ({"code_attempts": 11}, r"values\.code_attempts: 11 is outside 3\.\.10 tries"),
        ({"pin_attempts": 50}, r"values\.pin_attempts: 50 is outside 3\.\.10 tries \(source: MR-PIN-1"),
        ({"code_lifetime_seconds": 60}, r"values\.code_lifetime_seconds: 60 is outside 600\.\.86400 seconds"),
        ({"qr_lifetime_seconds": 3600}, r"values\.qr_lifetime_seconds: 3600 is outside .*source: D-SEC-3"),
        ({"command_timeout_seconds": 30}, r"values\.command_timeout_seconds: 30 is outside .*source: D-REL-1"),
        ({"sync_timeout_seconds": 7200}, r"values\.sync_timeout_seconds: 7200 is outside .*source: MR-SYNC-3"),
        ({"qr_lifetime_seconds": None}, r"values\.qr_lifetime_seconds is missing: the claims need it"),
        ({"code_attempts": None}, r"values\.code_attempts is missing.*declare 3\.\.10 tries \(source: D-SEC-2"),
        ({"push_to": None}, r"values\.push_to is missing.*declare one of all_devices, last_device"),
        ({"pin_unlock": "after_lock_time"}, r"values\.pin_lock_seconds is missing"),
        ({"unbind_logs_out_head_unit": None}, r"values\.unbind_logs_out_head_unit is missing.*IS-USER-3"),
    ],
)
def test_a_value_outside_its_range_or_missing_is_a_declaration_error(
    tmp_path: Path, values: dict[str, Any], expected: str
) -> None:
    path = _file(tmp_path, values)
    with pytest.raises(RigError, match=expected) as raised:
        load_declaration(path)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code_attempts": "five"}, "declaration.values.code_attempts"),
        ({"code_attempts": True}, "declaration.values.code_attempts"),
        ({"unbind_logs_out_head_unit": "yes"}, "declaration.values.unbind_logs_out_head_unit"),
        ({"push_to": "first_device"}, "declaration.values.push_to"),
        ({"pin_unlock": "by_phone"}, "declaration.values.pin_unlock"),
        ({"code_lifetime": 600}, "declaration.values"),
    ],
)
def test_a_value_of_the_wrong_type_or_name_does_not_fit_the_contract(
    tmp_path: Path, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(RigError, match="does not fit the contract") as raised:
        load_declaration(_file(tmp_path, values))
    assert field in str(raised.value)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    with pytest.raises(RigError) as raised:
        load_declaration(_file(tmp_path, {"code_attempts": 1, "pin_attempts": 1, "qr_lifetime_seconds": None}))
    message = str(raised.value)
    assert all(name in message for name in ("code_attempts", "pin_attempts", "qr_lifetime_seconds"))


def test_a_value_no_claim_needs_may_be_left_out(tmp_path: Path) -> None:
    renault_only = {
        "brands": ["myrenault"],
        "models": [encode(model) for model in DECLARATION.models if model.brand == "myrenault"],
        "features": ["synchronisation"],
        "market_rules": [],
    }
    path = _file(
        tmp_path,
        {"code_attempts": None, "code_lifetime_seconds": None, "qr_lifetime_seconds": None, "push_to": None},
        **renault_only,
    )
    path_data = json.loads(path.read_text(encoding="utf-8"))
    del path_data["values"]["unbind_logs_out_head_unit"]
    del path_data["values"]["dealer_unbind_without_reject"]
    path.write_text(json.dumps(path_data), encoding="utf-8")
    assert load_declaration(path).values.code_attempts is None


def test_a_declaration_without_values_needs_them_for_its_claims() -> None:
    problems = value_problems(DeclaredValues(), ["ismart"], ["qr_binding"])
    assert {problem.split()[0] for problem in problems} == {
        "values.code_lifetime_seconds",
        "values.code_attempts",
        "values.qr_lifetime_seconds",
        "values.command_timeout_seconds",
        "values.unbind_logs_out_head_unit",
    }


def test_the_vendor_guide_lists_every_declarable_value_with_its_range_and_source() -> None:
    guide = (Path(__file__).parent.parent / "docs" / "vendor-guide.md").read_text(encoding="utf-8")
    section = guide.split("## 2b. What your platform may choose")[1].split("\n## ")[0]
    for row in DECLARABLE:
        assert f"| `{row.name}` | {row.means} | {row.allowed} | {row.source} |" in section, row.name


def test_the_example_file_shows_every_declarable_value() -> None:
    example = json.loads((Path(__file__).parent.parent / "docs" / "examples" / "declaration.json").read_text())
    assert list(example["values"]) == [row.name for row in DECLARABLE]


# --- the reference built from a declaration ----------------------------------------------------


def test_the_reference_policy_is_built_from_its_declared_values() -> None:
    values = DECLARATION.values
    assert DEFAULT_POLICY.declaration is DECLARATION
    assert DEFAULT_POLICY.registration_code.max_attempts == values.code_attempts
    assert DEFAULT_POLICY.unbind_code.ttl == timedelta(seconds=values.code_lifetime_seconds or 0)
    assert DEFAULT_POLICY.pin_attempts == values.pin_attempts
    assert DEFAULT_POLICY.qr_ttl == timedelta(seconds=values.qr_lifetime_seconds or 0)
    assert DEFAULT_POLICY.command_timeout == timedelta(seconds=values.command_timeout_seconds or 0)
    assert DEFAULT_POLICY.pin_unlock_after is None


def test_another_declaration_is_one_factory_away() -> None:
    factory = ReferenceFactory.declared(OTHER_DECLARATION)
    policy = factory.policy
    assert factory.name == "reference:declared"
    assert (policy.registration_code.max_attempts, policy.unbind_code.max_attempts) == (6, 6)
    assert policy.registration_code.ttl == timedelta(minutes=15)
    assert (policy.pin_attempts, policy.pin_unlock_after) == (4, timedelta(minutes=30))
    assert (policy.qr_ttl, policy.command_timeout, policy.sync_timeout) == (timedelta(minutes=5),) + (
        timedelta(minutes=3),
    ) * 2
    assert (policy.unbind_logs_out, policy.dealer_needs_reject, policy.push_to_last_device) == (False, True, True)
    assert policy.declaration is OTHER_DECLARATION


def test_reference_declared_needs_a_declaration() -> None:
    with pytest.raises(RigError, match="needs a declaration file"):
        resolve("reference:declared")
    factory = resolve("reference:declared", declaration=OTHER_DECLARATION)
    assert isinstance(factory, ReferenceFactory)
    assert factory.policy.declaration is OTHER_DECLARATION


# --- the specification judges with the declared values ----------------------------------------


def test_the_specification_narrows_its_ranges_to_the_declared_values() -> None:
    bounds = declared_bounds(OTHER_VALUES)
    assert bounds.wrong_attempts == (6, 6)
    assert bounds.pin_attempts == (4, 4)
    assert bounds.pin_unlock_after == timedelta(minutes=30)
    assert bounds.code_lifetime == (timedelta(minutes=15) - TOLERANCE, timedelta(minutes=15))
    assert bounds.qr_lifetime == (timedelta(minutes=5) - TOLERANCE, timedelta(minutes=5) + TOLERANCE)
    assert bounds.unreachable_after == (timedelta(minutes=3) - TOLERANCE, timedelta(minutes=3) + TOLERANCE)
    assert bounds.screen_wait == timedelta(minutes=3) - TOLERANCE
    assert declared_bounds(DeclaredValues()) == DEFAULT_BOUNDS


# --- the certificate lists them ------------------------------------------------------------------


def test_the_certificate_lists_the_declared_values() -> None:
    data = make_certificate(
        RunResult(1, "reference:declared", []),
        OTHER_DECLARATION,
        platform_info("reference:declared", OTHER_DECLARATION),
    )
    rows = {row["name"]: row for row in data["certificate"]["declared_values"]}
    assert rows["code_attempts"]["value"] == "6 tries"
    assert rows["code_attempts"]["allowed"] == "3..10 tries"
    assert rows["command_timeout_seconds"]["value"] == "180 seconds (3 minutes)"
    assert rows["push_to"]["value"] == "last_device"
    assert rows["unbind_logs_out_head_unit"]["value"] == "false"
    assert "D-SEC-2" in rows["code_attempts"]["source"]
    page = render_html(data)
    assert "<h2>Declared values</h2>" in page
    assert "180 seconds (3 minutes)" in page
    assert check_certificate(data).problems == []


def test_a_certificate_whose_declared_values_were_edited_does_not_verify() -> None:
    data = make_certificate(RunResult(1, "reference", []), DECLARATION, platform_info("reference", DECLARATION))
    data["certificate"]["declared_values"][1]["value"] = "10 tries"
    assert any("declared_values" in problem for problem in check_certificate(data).problems)


def test_an_undeclared_value_is_shown_as_not_declared() -> None:
    rows = declared_value_rows({"values": {"code_attempts": 5}})
    assert [row["value"] for row in rows if row["name"] == "code_attempts"] == ["5 tries"]
    assert {row["value"] for row in rows if row["name"] != "code_attempts"} == {NOT_DECLARED}


# --- the suite against other allowed values (end to end) --------------------------------------


def _verdicts(platform: str, declaration: Path | None = None) -> tuple[Counter[Verdict], dict[str, str]]:
    run = run_suite(platform, declaration=declaration)
    counted = Counter(scenario.verdict for scenario in run.scenarios)
    failed = {scenario.name: scenario.message for scenario in run.scenarios if scenario.verdict != Verdict.PASS}
    return counted, failed


@pytest.mark.end_to_end
def test_the_reference_with_every_declarable_value_changed_passes_every_scenario(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    write_declaration(path, OTHER_DECLARATION)
    counted, failed = _verdicts("reference:declared", path)
    not_applicable = {name for name, message in failed.items() if message.startswith("not applicable")}
    assert counted[Verdict.FAIL] == counted[Verdict.ERROR] == 0, failed
    # only the scenario answering from two phones is not applicable to a platform that pushes to the last one
    assert set(failed) == not_applicable
    assert all("declares push_to last_device, not push_to=all_devices" in failed[name] for name in not_applicable)
    assert counted[Verdict.PASS] >= 280


@pytest.mark.end_to_end
def test_the_reference_run_with_a_declaration_it_does_not_follow_fails_at_the_boundaries(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    write_declaration(
        path,
        dataclasses.replace(
            OTHER_DECLARATION,
            values=dataclasses.replace(
                OTHER_VALUES, unbind_logs_out_head_unit=True, dealer_unbind_without_reject=True, push_to="all_devices"
            ),
        ),
    )
    _, failed = _verdicts("reference", path)
    for name in (
        "One wrong code fewer than the platform allows still lets the right code register",
        "One wrong PIN fewer than the platform allows still lets the right PIN command the car",
        "A code still registers just before its declared lifetime ends",
        "A QR code still logs in just before its declared lifetime ends",
        "A command for a car that never answers ends car_unreachable at the declared time-out, not before",
    ):
        assert name in failed, name


@pytest.mark.end_to_end
@pytest.mark.parametrize(
    ("name", "killed_by"),
    [
        ("code_locks_one_try_late", "Guessing the code locks it"),
        (
            "code_locks_one_try_early",
            "One wrong code fewer than the platform allows still lets the right code register",
        ),
        ("pin_locks_one_try_late", "Guessing the My Renault PIN locks remote control"),
    ],
)
def test_the_boundary_scenarios_kill_a_limit_off_by_one_from_its_declared_value(name: str, killed_by: str) -> None:
    counted, failed = _verdicts(f"mutant:{name}")
    assert killed_by in failed, failed
    assert counted[Verdict.FAIL] >= 1
