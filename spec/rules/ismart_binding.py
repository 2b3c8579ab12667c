"""MG iSmart: logging in to the car and binding it (manual section 4), and what the app lists.

The head unit shows a QR code; the first scan logs the user in to the car, the second binds it
(IS-BIND-2, IS-BIND-3); instead of the first scan the user may type the credentials on the head
unit (IS-BIND-4). A bound car takes no second user (IS-USER-2), but a new user may log in to its
head unit, and only from there ask for a force unbinding (D-SEC-6). A QR code is short-lived,
single-use and only for its own car (D-SEC-3).

These operations are iSmart's alone; they are registered for every brand, so that a My Renault
account or car coming to them is refused (D-SEC-7).
"""

from __future__ import annotations

from contract.messages import HeadUnitLogIn, HeadUnitSession, ListVehicles, QrScanned, QrShown, ScanQr, ShowQr, Vehicles
from spec.judge import Judge, Refuse, judges
from spec.model import Model
from spec.observations import Exchange
from spec.rules.ismart_state import ISMART, Qr, allow_car_event, ismart_of

QR_CODES = ("qr_invalid", "qr_expired", "qr_used")


@judges("show_qr")
def show_qr(judge: Judge, exchange: Exchange) -> None:
    """D-SEC-3, IS-BIND-2: the head unit of a known iSmart car gets a QR code that lives for a
    short while (``bounds.qr_lifetime``)."""
    request = exchange.request
    if not isinstance(request, ShowQr):
        return
    model = judge.model
    refusals: list[Refuse] = []
    if request.vin not in model.cars:
        refusals.append(Refuse("IS-BIND-2", f"no car {request.vin} was made", ("unknown_vehicle", "invalid_request")))
    may = ("not_authorised", "invalid_request", "unknown_vehicle") if model.brand_of_car(request.vin) != ISMART else ()
    if not judge.answer(exchange, refusals, requirement="IS-BIND-2", rule="show QR", may_refuse=may):
        return
    reply = exchange.reply
    if not isinstance(reply, QrShown):
        return
    low, high = model.bounds.qr_lifetime
    life = reply.expires_at - exchange.at
    if not low <= life <= high:
        judge.content(
            "D-SEC-3", "show QR", exchange, f"a QR code that lives {life} is not short-lived ({low} to {high})"
        )
    part = ismart_of(model)
    earlier = part.qrs.get(reply.qr)
    if earlier is not None and (earlier.used or earlier.vin != request.vin):
        judge.content(
            "D-SEC-3", "show QR", exchange, f"the head unit was shown QR code {reply.qr!r} again, used already"
        )
        return
    if earlier is not None:
        earlier.expires_at = min(reply.expires_at, exchange.at + high)
        return
    for older in part.qrs.values():
        older.superseded = older.superseded or older.vin == request.vin
    part.qrs[reply.qr] = Qr(request.vin, exchange.at, min(reply.expires_at, exchange.at + high))
    part.car(request.vin)


def log_in_to_car(model: Model, vin: str, account_id: str, how: str) -> None:
    """*account_id* is now the user logged in to car *vin*'s head unit (*how*: IS-BIND-2 or IS-BIND-4)."""
    car = ismart_of(model).car(vin)
    if car.logged_in and car.logged_in != account_id:
        car.earlier.add(car.logged_in)
    car.logged_in = account_id
    car.earlier.discard(account_id)
    if car.bound and car.bound != account_id:
        car.shadow.add(account_id)
    else:
        car.shadow.discard(account_id)
    car.how[account_id] = how
    allow_car_event(model, vin, "user_logged_in")


def qr_refusals(model: Model, qr: Qr | None, code: str, exchange: Exchange) -> list[Refuse]:
    """D-SEC-3, D-SEC-7: a QR code no head unit showed, one scanned already, an expired one, or
    one of another brand's car is refused."""
    refusals: list[Refuse] = []
    if qr is None:
        refusals.append(Refuse("D-SEC-3", f"{code!r} is no QR code a head unit showed", ("qr_invalid",)))
    else:
        if model.brand_of_car(qr.vin) != ISMART:
            refusals.append(Refuse("D-SEC-7", "the iSmart app may not log in to a car of another brand"))
        if qr.used:
            ended = ("qr_expired",) if qr.superseded else ()  # replaced by a newer code as well
            refusals.append(Refuse("D-SEC-3", "the QR code was scanned already", ("qr_used", "qr_invalid", *ended)))
        if exchange.at >= qr.expires_at:
            refusals.append(Refuse("D-SEC-3", "the QR code has expired", ("qr_expired", "qr_invalid")))
    return refusals


@judges("scan_qr")
def scan_qr(judge: Judge, exchange: Exchange) -> None:
    """IS-BIND-2, IS-BIND-3, IS-USER-2, D-SEC-3, D-SEC-6, D-SEC-7: the first scan of a car's QR
    code logs the user in to that car; the second, by the user logged in, binds it, unless
    another user is bound; each QR code works once, until it expires, for its own car."""
    request = exchange.request
    if not isinstance(request, ScanQr):
        return
    model = judge.model
    part = ismart_of(model)
    session = model.session(request.token)
    qr = part.qrs.get(request.qr)
    if qr is not None and session is not None and session.brand == model.brand_of_car(qr.vin) != ISMART:
        for kind in ("user_logged_in", "user_bound"):  # the manuals know QR binding of MG cars only:
            allow_car_event(model, qr.vin, kind)  # a brand's own QR log-in elsewhere is not judged
        return
    refusals: list[Refuse] = []
    # D-SEC-3: a code the head unit replaced (a newer code, a restart) may end early
    may: tuple[str, ...] = ("qr_expired", "qr_invalid") if qr is not None and qr.superseded else ()
    if session is None:
        refusals.append(Refuse("D-SEC-1", "the caller is not logged in", ("not_authenticated",)))
    elif session.brand != ISMART:
        refusals.append(Refuse("D-SEC-7", "an account of another brand's app may not log in to an MG car"))
    refusals += qr_refusals(model, qr, request.qr, exchange)
    account_id = session.account_id if session is not None else ""
    car = part.car(qr.vin) if qr is not None else None
    second = car is not None and car.logged_in == account_id and bool(account_id)
    if car is not None and second and car.bound and car.bound != account_id:
        refusals.append(Refuse("IS-USER-2", "another user is bound to the car", ("already_bound",)))
    if car is not None and second and car.bound == account_id:
        may += ("already_bound",)
    requirement = "IS-BIND-3" if second else "IS-BIND-2"
    if not judge.answer(exchange, refusals, requirement=requirement, rule="scan QR", may_refuse=may):
        if qr is not None and exchange.refusal in QR_CODES:
            qr.used = qr.used or exchange.refusal == "qr_used"
        return
    if qr is None or car is None:
        return
    qr.used = True
    reply = exchange.reply
    stage = "bound" if second else "logged_in"
    if second and account_id in car.shadow and not car.bound and isinstance(reply, QrScanned):
        stage = reply.stage
        second = stage == "bound"
        car.shadow.discard(account_id)
    if isinstance(reply, QrScanned):
        if reply.vin != qr.vin:
            judge.content("D-SEC-3", "scan QR", exchange, f"the QR code of car {qr.vin} was taken for car {reply.vin}")
        elif reply.stage != stage:
            judge.content(
                "IS-BIND-3",
                "scan QR",
                exchange,
                f"this scan {'binds' if second else 'logs in to'} the car ({stage}), not {reply.stage}",
            )
    if second:
        if not car.bound:
            car.bound = account_id
            car.reason = "IS-BIND-3"
            car.binding += 1
            car.last_end = ()
            allow_car_event(model, qr.vin, "user_bound")
    else:
        log_in_to_car(model, qr.vin, account_id, "IS-BIND-2")


@judges("head_unit_log_in")
def head_unit_log_in(judge: Judge, exchange: Exchange) -> None:
    """IS-BIND-4, D-SEC-6, D-SEC-7: the credentials of an iSmart account typed on the head unit
    log that account in to the car, bound car or not."""
    request = exchange.request
    if not isinstance(request, HeadUnitLogIn):
        return
    model = judge.model
    refusals: list[Refuse] = []
    account = model.accounts.get((ISMART, request.identifier))
    if request.vin not in model.cars:
        refusals.append(Refuse("IS-BIND-4", f"no car {request.vin} was made", ("unknown_vehicle", "invalid_request")))
    elif model.brand_of_car(request.vin) != ISMART:
        refusals.append(Refuse("D-SEC-7", "only an MG head unit takes iSmart credentials"))
    if account is None and any(key[1] == request.identifier for key in model.accounts):
        refusals.append(Refuse("D-SEC-7", f"{request.identifier}'s account belongs to another brand's app"))
    elif account is None or account.password != request.password:
        refusals.append(Refuse("IS-BIND-4", "the credentials are wrong", ("bad_credentials",)))
    if not judge.answer(exchange, refusals, requirement="IS-BIND-4", rule="head unit log-in"):
        return
    if account is None:
        return
    reply = exchange.reply
    if isinstance(reply, HeadUnitSession) and account.account_id and reply.account_id != account.account_id:
        judge.content(
            "IS-BIND-4",
            "head unit log-in",
            exchange,
            f"the head unit logged in {reply.account_id}, not {account.account_id}",
        )
    log_in_to_car(model, request.vin, account.account_id, "IS-BIND-4")


@judges("list_vehicles", brand=ISMART)
def list_vehicles(judge: Judge, exchange: Exchange) -> None:
    """IS-BIND-2..4, IS-USER-2, IS-UNBIND-3, IS-FORCE-3..6: the app lists the cars the account is
    logged in to or bound to, each with the role the manuals' steps left it in."""
    request = exchange.request
    if not isinstance(request, ListVehicles):
        return
    model = judge.model
    session = model.session(request.token)
    refusals = [] if session is not None else [Refuse("D-SEC-1", "the caller is not logged in", ("not_authenticated",))]
    if not judge.answer(exchange, refusals, requirement="IS-BIND-2", rule="list vehicles") or session is None:
        return
    reply = exchange.reply
    if not isinstance(reply, Vehicles):
        return
    account_id = session.account_id
    shown = {summary.vin: summary.role for summary in reply.vehicles}
    for vin, car in ismart_of(model).cars.items():
        role = shown.pop(vin, "")
        if car.bound == account_id:
            if role != "bound":
                judge.content(
                    car.reason,
                    "list vehicles",
                    exchange,
                    f"car {vin} is bound to this user, but shown as {role or 'absent'}",
                )
        elif car.logged_in == account_id and account_id not in car.shadow:
            if role != "logged_in":
                requirement = car.how.get(account_id, "IS-BIND-2")
                judge.content(
                    requirement,
                    "list vehicles",
                    exchange,
                    f"this user is logged in to car {vin}, but it is shown as {role or 'absent'}",
                )
        elif account_id in car.earlier or account_id in car.how or account_id in car.shadow:
            if role not in ("", "logged_in"):
                judge.content(
                    car.reason, "list vehicles", exchange, f"car {vin} is not bound to this user, but shown as {role}"
                )
        elif role:
            judge.content(
                car.reason,
                "list vehicles",
                exchange,
                f"this user has nothing to do with car {vin}, but it is shown as {role}",
            )
    for vin, role in shown.items():
        brand = model.brand_of_car(vin)
        requirement = "D-SEC-7" if brand and brand != ISMART else "IS-USER-2"
        judge.content(
            requirement,
            "list vehicles",
            exchange,
            f"this user has nothing to do with car {vin}, but it is shown as {role}",
        )


@judges("multimedia_started", brand=ISMART)
def head_unit_started(judge: Judge, exchange: Exchange) -> None:
    """IS-BIND-2, IS-BIND-3: an MG head unit that restarted may be told its user again (logged in
    or bound); the manuals say nothing of the QR codes it showed before: the platform may end
    them (D-SEC-3), and one scanned already stays used."""
    vin = getattr(exchange.request, "vin", "")
    for kind in ("user_logged_in", "user_bound"):
        allow_car_event(judge.model, vin, kind)
    for qr in ismart_of(judge.model).qrs.values():
        qr.superseded = qr.superseded or qr.vin == vin
