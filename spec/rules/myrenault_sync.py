"""Adding a car to a My Renault account, and synchronising the account with it.

The manual: "Add a vehicle" with the VIN or the registration number, typed in or scanned
(MR-VEH-1). To interact with the car the app must be synchronised with it (MR-SYNC-1): the user
sits in the cabin, the car is parked where there is coverage, the multimedia system is on
(MR-SYNC-2); "Synchronise vehicle", confirmed by pressing again, then the instructions on the
multimedia screen (MR-SYNC-3); once linked, later synchronisation is automatic (MR-SYNC-5).

What the specification sees of the car: the car reports its conditions when the platform asks it
(a reply at all means it had coverage), and the multimedia screen reports that someone in the
cabin followed the instructions. A synchronisation may link only when the car reported all
conditions holding and the screen was followed for that very synchronisation (D-SEC-1: an
account anywhere must not link while someone else sits in the car).
"""

from __future__ import annotations

from contract.messages import ListVehicles, Vehicles
from contract.myrenault import (
    AddVehicle,
    CarConditions,
    MultimediaStarted,
    StartSync,
    SyncConfirmedOnScreen,
    SyncQuery,
    SyncStarted,
    SyncStatus,
    VehicleAdded,
)
from contract.outbound import CarEvent
from contract.vin import is_valid_vin
from spec.judge import Judge, Refuse, judges
from spec.model import Allowed, Owed
from spec.observations import Exchange
from spec.rules.myrenault_access import car_gate, session_gate
from spec.rules.myrenault_state import BRAND, Sync, same_plate, state

RE_ADDING = ("invalid_request", "already_bound", "not_authorised")
"""Codes a platform may answer when a car already in the account is added again (the manual is silent)."""


@judges("add_vehicle", brand=BRAND)
def add_vehicle(judge: Judge, exchange: Exchange) -> None:
    """MR-VEH-1: a car is added by its VIN or its registration number; a VIN that is no VIN (not 17
    allowed characters, a wrong check digit) is ``invalid_vin``; a VIN or number of no car is
    ``unknown_vehicle``. D-SEC-7: a car of the other brand, or an account of its app, is refused."""
    request = exchange.request
    if not isinstance(request, AddVehicle):
        return
    model = judge.model
    gate = session_gate(judge, exchange, request.token)
    candidates: list[str] = []
    if not gate.refusals:
        if request.vin:
            known = request.vin in model.cars
            if not is_valid_vin(request.vin):
                if not known:  # a car the factory made is the car, whatever its check digit says
                    gate.refusals.append(Refuse("MR-VEH-1", "the VIN typed is no VIN", ("invalid_vin",)))
                gate.may.add("invalid_vin")
            if gate.refusals:
                pass
            elif not known:
                gate.refusals.append(Refuse("MR-VEH-1", "no car has this VIN", ("unknown_vehicle",)))
            elif model.cars[request.vin].brand != BRAND:
                gate.refusals.append(Refuse("D-SEC-7", "the car is of another brand"))
            else:
                candidates = [request.vin]
        elif request.plate:
            plated = [record for record in model.cars.values() if same_plate(record.plate, request.plate)]
            candidates = [record.vin for record in plated if record.brand == BRAND]
            if not plated:
                gate.refusals.append(
                    Refuse("MR-VEH-1", "no car has this registration number", ("unknown_vehicle", "invalid_request"))
                )
            elif not candidates:
                gate.refusals.append(Refuse("D-SEC-7", "the car is of another brand"))
        else:
            gate.refusals.append(Refuse("MR-VEH-1", "neither a VIN nor a registration number was given"))
    part = state(model)
    if len(candidates) == 1 and (gate.account_id, candidates[0]) in part.added:
        gate.may.update(RE_ADDING)
    if not gate.answer(judge, requirement="MR-VEH-1", rule="add a vehicle") or gate.refusals:
        return
    reply = exchange.reply
    if not isinstance(reply, VehicleAdded) or reply.vin not in candidates:
        judge.content("MR-VEH-1", "add a vehicle", exchange, f"the car added is not the one asked for ({candidates})")
        return
    if reply.model != model.cars[reply.vin].model:
        judge.content("MR-VEH-1", "add a vehicle", exchange, f"the car added is shown as a {reply.model}")
    part.added.add((gate.account_id, reply.vin))


@judges("start_sync", brand=BRAND)
def start_sync(judge: Judge, exchange: Exchange) -> None:
    """MR-SYNC-3: "Synchronise vehicle", in the app ("Fra My Renault-appen": from the web site
    ``app_only``), must be confirmed by pressing again (else ``confirmation_required``); the car
    must be in the account (D-SEC-1). The platform then asks the car (a ``sync_request`` car event
    for this synchronisation)."""
    request = exchange.request
    if not isinstance(request, StartSync):
        return
    gate = car_gate(judge, exchange, request.token, request.vin, sync="no", web="required", web_requirement="MR-SYNC-3")
    if not gate.refusals and not request.confirmed:
        gate.refusals.append(Refuse("MR-SYNC-3", "the press was not confirmed", ("confirmation_required",)))
    if not gate.answer(judge, requirement="MR-SYNC-3", rule="synchronise vehicle") or gate.refusals:
        return
    reply = exchange.reply
    if not isinstance(reply, SyncStarted):
        return
    model, part = judge.model, state(judge.model)
    auto = (gate.account_id, request.vin) in part.synchronised
    part.syncs[reply.sync_id] = Sync(gate.account_id, request.vin, exchange.at, auto=auto)
    sync_id = reply.sync_id

    def asks_the_car(message: object) -> bool:
        return isinstance(message, CarEvent) and message.kind == "sync_request" and message.sync_id == sync_id

    due = exchange.at + model.bounds.message_within
    if auto:
        model.allow(Allowed("car_event", request.vin, due, asks_the_car))
    else:
        model.owe(
            Owed(
                "car_event",
                request.vin,
                due,
                "MR-SYNC-3",
                "synchronise vehicle",
                "the request to the car",
                asks_the_car,
            )
        )


def _link_if_due(judge: Judge, sync: Sync) -> None:
    if sync.must_link:
        state(judge.model).synchronised[sync.account_id, sync.vin] = False


@judges("car_conditions", brand=BRAND)
def car_conditions(judge: Judge, exchange: Exchange) -> None:
    """MR-SYNC-2: what the car reports of the four conditions when asked to synchronise."""
    request = exchange.request
    if not isinstance(request, CarConditions) or not exchange.accepted:
        return
    sync = state(judge.model).syncs.get(request.sync_id)
    if sync is not None and sync.vin == request.vin:
        reported = (request.parked, request.multimedia_on, request.occupant_present)
        if sync.conditions is None:
            sync.conditions = reported
        elif all(reported):
            sync.later_all_held = True
        _link_if_due(judge, sync)


@judges("sync_confirmed_on_screen", brand=BRAND)
def sync_confirmed_on_screen(judge: Judge, exchange: Exchange) -> None:
    """MR-SYNC-3: someone in the cabin followed the instructions on the multimedia screen."""
    request = exchange.request
    if not isinstance(request, SyncConfirmedOnScreen) or not exchange.accepted:
        return
    sync = state(judge.model).syncs.get(request.sync_id)
    if sync is not None and sync.vin == request.vin and not sync.on_screen:
        sync.on_screen = True
        sync.in_time = not sync.failed and exchange.at - sync.started_at <= judge.model.bounds.screen_wait
        _link_if_due(judge, sync)


@judges("multimedia_started", brand=BRAND)
def multimedia_started(judge: Judge, exchange: Exchange) -> None:
    """MR-SYNC-5: the multimedia system restarted; every account linked with it stays linked
    (later synchronisation is automatic), and the platform may ask the car again."""
    request = exchange.request
    if not isinstance(request, MultimediaStarted):
        return
    part, model = state(judge.model), judge.model
    for account_id, vin in list(part.synchronised):
        if vin == request.vin:
            part.synchronised[account_id, vin] = True
    model.allow(Allowed("car_event", request.vin, exchange.at + model.bounds.message_within, _is_sync_request))


def _is_sync_request(message: object) -> bool:
    return isinstance(message, CarEvent) and message.kind == "sync_request"


@judges("sync_status", brand=BRAND)
def sync_status(judge: Judge, exchange: Exchange) -> None:
    """MR-SYNC-2, MR-SYNC-3, D-SEC-1: a synchronisation is linked exactly when the car reported all
    four conditions and the screen was followed; one whose car reported a condition missing has
    failed, with that reason; one the car never answered may wait or fail (``no_coverage``)."""
    request = exchange.request
    if not isinstance(request, SyncQuery):
        return
    gate = session_gate(judge, exchange, request.token)
    sync = state(judge.model).syncs.get(request.sync_id)
    if not gate.refusals and (sync is None or sync.account_id != gate.account_id):
        gate.refusals.append(Refuse("D-SEC-1", "the synchronisation is not the caller's"))
    if not gate.answer(judge, requirement="MR-SYNC-3", rule="synchronisation status") or gate.refusals:
        return
    reply = exchange.reply
    if sync is None or not isinstance(reply, SyncStatus):
        return
    judge_sync_state(judge, exchange, sync, reply)


def unearned_link(sync: Sync | None) -> tuple[str, str]:
    """Why a link the platform made for *sync* breaks the manual: the requirement and the detail."""
    if sync is None:
        return "MR-SYNC-3", 'linked, but the account never pressed "Synchronise vehicle" for the car'
    if sync.conditions is None:
        return "MR-SYNC-2", "linked, but the car never answered with its conditions"
    if sync.missing:
        return "MR-SYNC-2", f"linked, though the car reported {', '.join(sorted(sync.missing))}"
    return "D-SEC-1", "linked without anyone following the instructions on the screen"


def judge_sync_state(judge: Judge, exchange: Exchange, sync: Sync, reply: SyncStatus) -> None:
    """Judge what the platform says of *sync*, and learn a failure from it."""
    rule = "synchronisation status"
    if reply.state == "failed" and not sync.must_link:
        sync.failed = True
    missing = sorted(sync.missing)
    if reply.state == "linked":
        if sync.auto or sync.may_link:
            if not sync.must_link:
                state(judge.model).synchronised[sync.account_id, sync.vin] = False
            return
        requirement, why = unearned_link(sync)
        judge.content(requirement, rule, exchange, why)
    elif sync.must_link:
        judge.content(
            "MR-SYNC-3", rule, exchange, f"{reply.state}, though all four conditions held and the screen was followed"
        )
    elif reply.state == "failed" and sync.on_screen and not sync.in_time:
        pass  # given up waiting for the screen: a platform may
    elif missing and reply.state != "failed":
        judge.content("MR-SYNC-2", rule, exchange, f"still {reply.state}, though the car reported {', '.join(missing)}")
    elif missing and reply.reason not in missing:
        judge.content(
            "MR-SYNC-2", rule, exchange, f"failed with {reply.reason!r}, but the car reported {', '.join(missing)}"
        )


@judges("list_vehicles", brand=BRAND)
def list_vehicles(judge: Judge, exchange: Exchange) -> None:
    """MR-VEH-1, MR-SYNC-1, MR-SYNC-5, D-SEC-1: the account's cars are exactly those added to it,
    each shown ``synchronised`` once linked (and still after a restart of its multimedia system),
    else ``added``."""
    request = exchange.request
    if not isinstance(request, ListVehicles):
        return
    gate = session_gate(judge, exchange, request.token)
    if not gate.answer(judge, requirement="MR-VEH-1", rule="the account's cars") or gate.refusals:
        return
    if not isinstance(exchange.reply, Vehicles):
        return
    part, rule = state(judge.model), "the account's cars"
    shown = {summary.vin: summary.role for summary in exchange.reply.vehicles}
    mine = {vin for account, vin in part.added | set(part.synchronised) if account == gate.account_id}
    for vin in sorted(set(shown) - mine):
        judge.content("D-SEC-1", rule, exchange, f"lists the car {vin}, which is not in the account")
    for vin in sorted(mine):
        restarted = part.synchronised.get((gate.account_id, vin))
        expected = "added" if restarted is None else "synchronised"
        if vin not in shown:
            judge.content("MR-VEH-1", rule, exchange, f"leaves out the car {vin}, added to the account")
        elif shown[vin] == "synchronised" and expected == "added":
            syncs = [sync for sync in part.syncs.values() if (sync.account_id, sync.vin) == (gate.account_id, vin)]
            requirement, why = unearned_link(syncs[-1] if syncs else None)
            judge.content(requirement, rule, exchange, f"shows the car {vin} as synchronised: {why}")
        elif shown[vin] != expected:
            requirement = "MR-SYNC-5" if restarted else "MR-SYNC-3"
            judge.content(requirement, rule, exchange, f"shows the car {vin} as {shown[vin]!r}, not {expected!r}")
