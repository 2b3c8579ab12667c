"""Who may use a function of a My Renault car, and when: the gate every car function passes.

The manual's conditions, in the order a violation names them: the caller is logged in (D-SEC-1)
with the My Renault app or web site (D-SEC-7); the function exists on the web site or only in
the app (MR-FEAT-3); the car is in the account (D-SEC-1) and synchronised with it (MR-SYNC-1,
MR-SYNC-4 for contracts); the car offers the service by its equipment and its country's law
(MR-FEAT-2, MR-EV-2, MR-EV-3); the services are activated (MR-FEAT-4: for a synchronised
account only — activating is interacting with the car, so an account not synchronised has
nothing to activate yet, and only ``not_synchronised`` applies); the contract that
covers the service has not expired (MR-SVC-1); the right My Renault PIN, with only a few wrong
tries (MR-PIN-1, D-SEC-2). Every condition that fails adds its refusal; the platform may answer
with the code of any of them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from spec.judge import Judge, Refuse
from spec.model import Session
from spec.observations import Exchange
from spec.rules.myrenault_state import BRAND, CONTRACT_COVERS, covering_contracts, is_web, state, unlock_if_due

Need = Literal["required", "may", "no"]


class Answer(Protocol):
    """What judges an answer: :meth:`spec.judge.Judge.answer`, or a shared helper that also follows it."""

    def __call__(
        self,
        exchange: Exchange,
        refusals: Sequence[Refuse],
        *,
        requirement: str,
        rule: str,
        may_refuse: Collection[str] = (),
    ) -> bool: ...


SERVICE_REQUIREMENTS = {
    "charge_scheduling": "MR-EV-2",
    "climate_scheduling": "MR-EV-3",
    "climate": "MR-EV-3",
    "battery_status": "MR-EV-1",
    "charge_pass": "MR-EV-4",
    "charging_stations": "MR-EV-4",
    "route_planning": "MR-EV-4",
}
"""The requirement that says a model has a service only on some models; others: MR-FEAT-2."""


@dataclass(slots=True)
class Gate:
    """The refusals that apply to one call, the refusals the manual leaves open, and the session."""

    exchange: Exchange
    session: Session | None
    refusals: list[Refuse] = field(default_factory=list)
    may: set[str] = field(default_factory=set)
    pin_typed: str | None = None
    vin: str = ""

    @property
    def account_id(self) -> str:
        return self.session.account_id if self.session is not None else ""

    def answer(self, judge: Judge, *, requirement: str, rule: str, by: Answer | None = None) -> bool:
        """Judge the answer; count a PIN the platform judged wrong. Whether it was accepted.

        A link that survived a restart of the multimedia system refused as ``not_synchronised``
        breaks MR-SYNC-5 rather than *requirement*; the right PIN refused breaks MR-PIN-1; a service
        the car offers refused as not available breaks MR-FEAT-2."""
        if self.exchange.refusal == "not_synchronised" and state(judge.model).synchronised.get(
            (self.account_id, self.vin)
        ):
            requirement = "MR-SYNC-5"
        if self.exchange.refusal in ("pin_invalid", "too_many_attempts", "pin_required") and self.pin_typed:
            requirement = "MR-PIN-1"  # the right PIN refused: it no longer gives access
        if self.exchange.refusal == "service_not_available":
            requirement = "MR-FEAT-2"  # a service the car's model and country offer, withheld
        refusals = list(self.refusals)
        if refusals and self.may:
            refusals.append(
                Refuse(refusals[0].requirement, "the manual leaves this refusal open", tuple(sorted(self.may)))
            )
        accepted = (by or judge.answer)(
            self.exchange, refusals, requirement=requirement, rule=rule, may_refuse=self.may
        )
        if self.pin_typed is not None and self.session is not None:
            pin = state(judge.model).pin_of(self.account_id)
            refusal = self.exchange.refusal
            if refusal in ("pin_invalid", "too_many_attempts") and self.pin_typed != pin.pin:
                pin.wrong_total += 1
                pin.wrong_in_a_row[self.vin] = pin.wrong_in_a_row.get(self.vin, 0) + 1
            if refusal == "too_many_attempts":
                pin.locked_seen = True
                pin.locked_at = pin.locked_at or self.exchange.at
            if accepted and self.pin_typed == pin.pin:
                pin.wrong_in_a_row.clear()  # a right PIN ends the wrong ones in a row, on every car
        return accepted


def session_gate(
    judge: Judge, exchange: Exchange, token: str, *, web: Need = "no", web_requirement: str = "MR-FEAT-3"
) -> Gate:
    """The gate of a function of the account (no car): logged in with My Renault (D-SEC-1, D-SEC-7)."""
    session = judge.model.session(token)
    gate = Gate(exchange, session)
    if session is None:
        gate.refusals.append(Refuse("D-SEC-1", "the caller is not logged in", ("not_authenticated",)))
        return gate
    if session.brand != BRAND:
        gate.refusals.append(Refuse("D-SEC-7", "the session is of another brand's app"))
        return gate
    if is_web(session):
        if web == "required":
            gate.refusals.append(Refuse(web_requirement, "the function exists only in the app", ("app_only",)))
        elif web == "may":
            gate.may.add("app_only")
    return gate


def car_gate(
    judge: Judge,
    exchange: Exchange,
    token: str,
    vin: str,
    *,
    service: str = "",
    web: Need = "no",
    web_requirement: str = "MR-FEAT-3",
    sync: Need = "required",
    sync_requirement: str = "MR-SYNC-1",
    activation: Need = "no",
    pin: str | None = None,
) -> Gate:
    """The gate of a function of car *vin* (see the module docstring); *pin* is the PIN typed
    for a function that needs one (None: it needs none)."""
    gate = session_gate(judge, exchange, token, web=web, web_requirement=web_requirement)
    gate.vin = vin
    if gate.session is None or gate.session.brand != BRAND:
        return gate
    model = judge.model
    record = model.cars.get(vin)
    if record is None:
        gate.refusals.append(Refuse("MR-VEH-1", "no car has this VIN", ("unknown_vehicle", "not_authorised")))
        return gate
    if record.brand != BRAND:
        gate.refusals.append(Refuse("D-SEC-7", "the car is of another brand"))
        return gate
    part, key = state(model), (gate.account_id, vin)
    if key not in part.added and key not in part.synchronised:
        gate.refusals.append(
            Refuse("D-SEC-1", "the car is not in the caller's account", ("not_authorised", "vehicle_not_added"))
        )
    elif key not in part.synchronised:
        if sync == "required":
            gate.refusals.append(
                Refuse(sync_requirement, "the app is not synchronised with the car", ("not_synchronised",))
            )
        elif sync == "may":
            gate.may.add("not_synchronised")
    if service:
        _service(judge, gate, vin, service)
    if activation != "no" and key in part.synchronised and key not in part.activated:
        if activation == "required" and not any(v == vin for _, v in part.activated):
            gate.refusals.append(Refuse("MR-FEAT-4", "the services were not activated", ("services_not_activated",)))
        else:
            gate.may.add("services_not_activated")
    if pin is not None:
        _pin(judge, gate, vin, pin)
    return gate


def _service(judge: Judge, gate: Gate, vin: str, service: str) -> None:
    model = judge.model
    record = model.cars[vin]
    declared = [m for m in model.declaration.models if (m.brand, m.name) == (record.brand, record.model)]
    if not any(record.market in m.markets for m in declared):
        gate.may.add("service_not_available")  # a car of a market its model is not declared for
        return
    if service not in model.services_of(vin):
        excluded = service in model.declaration.excluded_in(record.market)
        requirement = "MR-FEAT-2" if excluded else SERVICE_REQUIREMENTS.get(service, "MR-FEAT-2")
        why = f"the law of {record.market} excludes {service}" if excluded else f"the {record.model} has no {service}"
        gate.refusals.append(Refuse(requirement, why, ("service_not_available",)))
        return
    covering = covering_contracts(model, vin, service)
    if not covering:
        if any(service in covered for covered in CONTRACT_COVERS.values()):
            gate.may.update({"service_expired", "service_not_available"})
        return
    now = model.now
    if all(end < now for _, end in covering):
        names = ", ".join(name for name, _ in covering)
        gate.refusals.append(
            Refuse("MR-SVC-1", f"the contract ({names}) covering {service} has expired", ("service_expired",))
        )
    elif all(end <= now for _, end in covering):
        gate.may.add("service_expired")


def _pin(judge: Judge, gate: Gate, vin: str, typed: str) -> None:
    low, high = judge.model.bounds.pin_attempts
    pin = state(judge.model).pin_of(gate.account_id)
    unlock_if_due(judge.model, pin)
    gate.pin_typed = typed
    in_a_row = pin.wrong_in_a_row.get(vin, 0)
    if not pin.pin:
        gate.refusals.append(Refuse("MR-PIN-1", "no My Renault PIN was created", ("pin_required",)))
    elif not typed:
        gate.refusals.append(Refuse("MR-PIN-1", "no My Renault PIN was typed", ("pin_required", "pin_invalid")))
    elif in_a_row >= high:
        gate.refusals.append(
            Refuse("D-SEC-2", f"{in_a_row} wrong PINs in a row must lock remote control", ("too_many_attempts",))
        )
    elif typed != pin.pin:
        codes = (
            ("pin_invalid", "too_many_attempts") if pin.wrong_total + 1 >= low or pin.locked_seen else ("pin_invalid",)
        )
        if low == high and in_a_row + 1 >= high:
            codes = ("too_many_attempts",)  # a declared limit: the wrong PIN that reaches it locks
        gate.refusals.append(Refuse("MR-PIN-1", "the PIN typed is not the account's", codes))
    elif pin.wrong_total >= low or pin.locked_seen:
        gate.may.add("too_many_attempts")
