"""D-SEC-7 for the functions only My Renault has: named for an MG iSmart car, they are refused.

An account of one brand's app cannot add, synchronise with, read or command a car of the other
brand, nor see its contracts, information, E-guide, appointments or battery. The My Renault
rules judge these operations for a My Renault account naming an MG car too (their gate refuses
it, with any code); registering them here for ``ismart`` cars keeps that in one place. An MG
iSmart account asking them of an MG is not judged here.
"""

from __future__ import annotations

from spec.judge import Judge, Rule, judges
from spec.observations import Exchange
from spec.rules import myrenault_dealers, myrenault_ev, myrenault_sync, myrenault_vehicle
from spec.rules.myrenault_state import BRAND

OTHER_BRAND = "ismart"


def for_my_renault_accounts(rule: Rule) -> Rule:
    """*rule*, for a My Renault account (or none) naming an MG car; an MG iSmart account's own
    calls about its own brand's car are the MG iSmart rules' to judge."""

    def judge_it(judge: Judge, exchange: Exchange) -> None:
        session = judge.model.session(getattr(exchange.request, "token", ""))
        if session is None or session.brand == BRAND:
            rule(judge, exchange)

    judge_it.__doc__ = rule.__doc__
    return judge_it


for operation, rule in {
    "add_vehicle": myrenault_sync.add_vehicle,
    "start_sync": myrenault_sync.start_sync,
    "vehicle_info": myrenault_vehicle.vehicle_info,
    "e_guide": myrenault_vehicle.e_guide,
    "list_contracts": myrenault_vehicle.list_contracts,
    "renew_service": myrenault_vehicle.renew_service,
    "activate_services": myrenault_vehicle.activate_services,
    "book_appointment": myrenault_dealers.book_appointment,
    "appointments": myrenault_dealers.appointments,
    "ev_status": myrenault_ev.ev_status,
    "schedule_charging": myrenault_ev.schedule_charging,
    "schedule_climate": myrenault_ev.schedule_climate,
    "plan_route": myrenault_ev.plan_route,
}.items():
    judges(operation, brand=OTHER_BRAND)(for_my_renault_accounts(rule))
