"""Steps that inject the faults real cars and networks meet, on the seeded random stream.

Each Given swaps a fault model of :mod:`twins.faults` into one gateway, or puts a twin into the
state a fault leaves it in; the scenario then shows what the user sees and that they can ask
again (D-REL-1..3). The catalogue of faults is ``docs/fault-catalogue.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contract.outbound import Sms
from contract.reading import codes_of
from core.verdicts import RigError, expect
from steps.accounts import type_code
from steps.registry import given, then, when
from steps.support import MESSAGE_WAIT
from steps.support import car as vehicle_named
from steps.unbinding import answer
from twins.faults import DeadZoneOnNext, DelayNext, DuplicateNext, LoseNext, OvertakenNext
from twins.gateways import DeliveryPolicy, Gateway
from twins.phone import Received
from twins.world import World


def inject(world: World, message: str, fault: Callable[[DeliveryPolicy], DeliveryPolicy]) -> None:
    """Wrap the policy of the gateway that carries *message* ("sms", "email", "push") in *fault*."""
    gateways: dict[str, Gateway[Any]] = {
        "sms": world.sms_gateway,
        "email": world.email_gateway,
        "push": world.push_gateway,
    }
    carrier = gateways[message]
    carrier.policy = fault(carrier.policy)


@given(
    en="the next {message:Message} gets lost",
    da="den næste {message:Message} går tabt",
    no="den neste {message:Message} går tapt",
)
def next_lost(world: World, message: str) -> None:
    inject(world, message, LoseNext)


@given(
    en="the next {message:Message} arrives {duration:Duration} late",
    da="den næste {message:Message} kommer {duration:Duration} for sent",
    no="den neste {message:Message} kommer {duration:Duration} for sent",
)
def next_late(world: World, message: str, duration: float) -> None:
    inject(world, message, lambda policy: DelayNext(policy, duration))


@given(
    en="the next {message:Message} arrives twice",
    da="den næste {message:Message} kommer to gange",
    no="den neste {message:Message} kommer to ganger",
)
def next_duplicated(world: World, message: str) -> None:
    inject(world, message, lambda policy: DuplicateNext(policy, world.stream(f"fault:duplicate:{message}")))


@given(
    en="the next {message:Message} is overtaken by the one after it",
    da="den næste {message:Message} bliver overhalet af den efterfølgende",
    no="den neste {message:Message} blir forbigått av den som kommer etter",
)
def next_overtaken(world: World, message: str) -> None:
    inject(world, message, lambda policy: OvertakenNext(policy, world.stream(f"fault:overtaken:{message}")))


@given(
    en="{car:Car} drives into a dead zone for {duration:Duration} while the next command is on its way",
    da="{car:Car} kører ind i et område uden dækning i {duration:Duration}, mens den næste kommando er på vej",
    no="{car:Car} kjører inn i et område uten dekning i {duration:Duration} mens den neste kommandoen er på vei",
)
def dead_zone_mid_command(world: World, car: str, duration: float) -> None:
    vehicle = vehicle_named(world, car)
    link = world.car_link
    link.policy = DeadZoneOnNext(world.env, link.policy, lambda: vehicle.enter_dead_zone(duration))


@when(
    en="the head unit of {car:Car} restarts",
    da="skærmen i {car:Car} genstarter",
    no="skjermen i {car:Car} starter på nytt",
)
def head_unit_restarts(world: World, car: str) -> None:
    vehicle_named(world, car).head_unit.restart()


@given(
    en="the phone of {user:User} loses its connection before the next answer",
    da="telefonen hos {user:User} mister forbindelsen før det næste svar",
    no="telefonen til {user:User} mister forbindelsen før neste svar",
)
def connection_drops_before_answer(world: World, user: str) -> None:
    world.phone(user).lose_next_reply = True


@when(
    en="the platform's clock jumps {duration:Duration} ahead",
    da="platformens ur springer {duration:Duration} frem",
    no="plattformens klokke hopper {duration:Duration} fram",
)
def clock_jumps(world: World, duration: float) -> None:
    world.connection.jump_clock(duration)


@when(
    en='{user:User} enters the code of the most recently sent SMS and presses "{button}"',
    da='{user:User} indtaster koden fra den senest afsendte SMS og trykker "{button}"',
    no='{user:User} skriver inn koden fra den sist sendte SMS-en og trykker "{button}"',
)
def enters_newest_code(world: World, user: str, button: str) -> None:
    """Type the code of the SMS the phone shows as sent last, whatever order they arrived in."""
    received: list[Received[Sms]] = world.phone(user).sms_inbox
    with_code = [item for item in received if codes_of(item.message)]
    if not with_code:
        raise RigError(f"the {user} user has received no SMS with a code in this scenario")
    newest = max(with_code, key=lambda item: item.message.sent_at)
    code = codes_of(newest.message)[-1]
    world.memory.used_codes[user] = code
    type_code(world, user, button, code)


def force_requests(world: World, user: str) -> list[str]:
    """The request ids of every force-unbinding push on *user*'s phone, copies included."""
    return [
        item.message.request_id
        for item in world.phone(user).notifications
        if item.message.kind == "force_unbind_request"
    ]


@when(
    en='{user:User} presses "{choice}" on every copy of the push message',
    da='{user:User} trykker "{choice}" på hver kopi af push-beskeden',
    no='{user:User} trykker "{choice}" på hver kopi av push-meldingen',
)
def answers_every_copy(world: World, user: str, choice: str) -> None:
    world.wait_for(lambda: len(force_requests(world, user)) > 1, MESSAGE_WAIT)
    copies = force_requests(world, user)
    expect(bool(copies), f"no force unbinding request reached the {user} user within {MESSAGE_WAIT:.0f} s")
    for request_id in copies:
        answer(world, user, choice, request_id)


@then(
    en="{user:User} receives exactly one message that the unbinding is complete",
    da="{user:User} modtager præcis én besked om at afbindingen er gennemført",
    no="{user:User} mottar nøyaktig én melding om at frakoblingen er fullført",
)
def receives_one_completion(world: World, user: str) -> None:
    world.advance(MESSAGE_WAIT)
    kinds = [item.message.kind for item in world.phone(user).notifications]
    count = kinds.count("force_unbind_completed")
    expect(count == 1, f"the {user} user received {count} messages that the unbinding is complete")
