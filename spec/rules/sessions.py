"""Logging out: of the app or the web site (a session ends), and of a car's head unit."""

from __future__ import annotations

from contract.messages import HeadUnitLogOut, LogOut
from spec.judge import Judge, Refuse, judges
from spec.model import Owed
from spec.observations import Exchange
from spec.rules.ismart_state import allow_car_event, event_of, ismart_of


@judges("log_out")
def log_out(judge: Judge, exchange: Exchange) -> None:
    """IS-LOGIN-1, MR-ACC-1: logging out ends the session: every later call with its token is
    refused ``not_authenticated`` (the rules of every operation say so for an unknown token)."""
    request = exchange.request
    if not isinstance(request, LogOut):
        return
    session = judge.model.session(request.token)
    refusals = [] if session is not None else [Refuse("D-SEC-1", "the caller is not logged in", ("not_authenticated",))]
    if judge.answer(exchange, refusals, requirement="IS-LOGIN-1", rule="log out") and session is not None:
        judge.model.log_out(request.token)


@judges("head_unit_log_out")
def head_unit_log_out(judge: Judge, exchange: Exchange) -> None:
    """IS-USER-3: "Log out" in the head unit's "User" menu logs out the user logged in to the car;
    a bound user logs out by unbinding, so the platform may refuse while the bound user is the one
    logged in (a new user logged in to a bound car's head unit logs out like anyone). An
    accepted log-out of a user who is not bound is told to the head unit (it shows no user)."""
    request = exchange.request
    if not isinstance(request, HeadUnitLogOut):
        return
    car = ismart_of(judge.model).car(request.vin)
    may = ("already_bound",) if car.bound and car.logged_in in ("", car.bound) else ()
    if judge.answer(exchange, [], requirement="IS-USER-3", rule="head-unit log-out", may_refuse=may):
        model = judge.model
        owed = False
        if car.logged_in and car.logged_in != car.bound:
            # a user who logged in while another was bound, once that binding has ended: whether
            # the log-in outlived the binding is open, so the head unit may have been told already
            owed = not (car.logged_in in car.shadow and not car.bound)
            car.earlier.add(car.logged_in)
            car.logged_in = ""
        if owed:
            model.owe(
                Owed(
                    "car_event",
                    request.vin,
                    model.now + model.bounds.message_within,
                    "IS-USER-3",
                    "head-unit log-out",
                    "the head unit is told that its user logged out",
                    event_of("user_logged_out"),
                )
            )
        allow_car_event(model, request.vin, "user_logged_out")
