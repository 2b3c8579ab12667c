"""MG iSmart: unbinding with a 6-digit code (manual section 7).

The bound user presses "Send" and gets a 6-digit code by SMS (IS-UNBIND-2); the code and
"Unbind" end the binding (IS-UNBIND-3). Only the bound user may start it (IS-UNBIND-1); the code
is single-use, expires and allows a few wrong tries (D-SEC-2). An open force-unbinding request
for the car ends with it, and its new user is told (IS-FORCE-7).
"""

from __future__ import annotations

from contract.messages import CodeSent, SendUnbindCode, Unbind, Unbound
from spec.judge import Judge, Refuse, judges
from spec.model import Owed
from spec.observations import Exchange
from spec.rules.accounts import code_refusals, count_attempt
from spec.rules.ismart_force import close_requests
from spec.rules.ismart_state import ISMART, Codes, car_refusals, codes_in_message, end_binding, is_phone, ismart_of
from spec.violations import Expectation

NOT_BOUND = ("not_bound", "not_authorised")
DIGITS = 6


def bound_refusals(judge: Judge, token: str, vin: str) -> tuple[list[Refuse], str]:
    """The refusals of a call only the bound user of car *vin* may make, and the caller's account."""
    model = judge.model
    session = model.session(token)
    refusals = car_refusals(model, session, vin)
    account_id = session.account_id if session is not None else ""
    car = ismart_of(model).cars.get(vin)
    if not refusals and (car is None or car.bound != account_id):
        refusals.append(Refuse("IS-UNBIND-1", "only the car's bound user may unbind it", NOT_BOUND))
    return refusals, account_id


@judges("send_unbind_code")
def send_unbind_code(judge: Judge, exchange: Exchange) -> None:
    """IS-UNBIND-1, IS-UNBIND-2, D-REL-3: "Send" on the unbind screen sends the bound user a
    6-digit code by SMS, every time it is pressed; nobody else's "Send" does anything."""
    request = exchange.request
    if not isinstance(request, SendUnbindCode):
        return
    refusals, account_id = bound_refusals(judge, request.token, request.vin)
    if not judge.answer(exchange, refusals, requirement="IS-UNBIND-2", rule="send unbind code"):
        return
    model = judge.model
    account = model.account(ISMART, account_id)
    if account is None:
        return
    channel = "sms" if is_phone(account.identifier) else "email"
    reply = exchange.reply
    if isinstance(reply, CodeSent) and reply.channel != channel:
        judge.content("IS-UNBIND-2", "send unbind code", exchange, f"the unbinding code goes by {channel}")
    codes = ismart_of(model).unbind_codes.setdefault((account_id, request.vin), Codes())
    sent_at = exchange.at

    def learnt(message: object) -> None:
        numbers = codes_in_message(message)
        if not any(len(number) == DIGITS for number in numbers) or any(len(n) != DIGITS for n in numbers):
            judge.violation(
                "IS-UNBIND-2",
                "unbinding code message",
                f"the unbinding code message carries {numbers}, not one 6-digit code",
                None,
                Expectation("content", detail="a 6-digit verification code"),
            )
        for number in numbers:
            codes.issue(number, sent_at)

    requirement = "D-REL-3" if codes.asked else "IS-UNBIND-2"
    codes.asked += 1
    model.owe(
        Owed(
            channel,
            account.identifier,
            exchange.at + model.bounds.message_within,
            requirement,
            "send unbind code",
            f"a 6-digit unbinding code for car {request.vin}",
            paid=learnt,
        )
    )


@judges("unbind")
def unbind(judge: Judge, exchange: Exchange) -> None:
    """IS-UNBIND-3, D-SEC-2, IS-FORCE-7: the bound user's right code ends the binding, once; a
    wrong, used or expired code does not."""
    request = exchange.request
    if not isinstance(request, Unbind):
        return
    model = judge.model
    refusals, account_id = bound_refusals(judge, request.token, request.vin)
    car = ismart_of(model).cars.get(request.vin)
    if car is not None and not car.bound and car.last_end == ("unbind", account_id, request.code):
        retry = (*NOT_BOUND, "code_used", "code_invalid", "code_expired")
        judge.answer(exchange, [], requirement="D-REL-2", rule="unbind (a retry)", may_refuse=retry)
        return  # D-REL-2: a retry of the unbinding that just happened may answer it again, to no effect
    codes = ismart_of(model).unbind_codes.get((account_id, request.vin))
    found, may, right = code_refusals(judge, codes, request.code, f"unbinding car {request.vin}", "IS-UNBIND-3")
    if not refusals:
        refusals = found
    if not judge.answer(exchange, refusals, requirement="IS-UNBIND-3", rule="unbind", may_refuse=may):
        if not refusals or refusals is found:
            count_attempt(codes, right, exchange)
        return
    reply = exchange.reply
    if isinstance(reply, Unbound) and reply.vin != request.vin:
        judge.content("IS-UNBIND-3", "unbind", exchange, f"unbinding car {request.vin} answered car {reply.vin}")
    if codes is not None:
        issued = codes.find(request.code)
        if issued is not None:
            issued.used = True
    if car is not None and car.bound == account_id:
        # IS-USER-3: the log-out is a second act, which a platform may declare it leaves to the user
        log_out = model.declaration.values.unbind_logs_out_head_unit is not False
        end_binding(model, request.vin, "IS-UNBIND-3", log_out)
        car.last_end = ("unbind", account_id, request.code)
        close_requests(judge, request.vin, "IS-FORCE-7")
