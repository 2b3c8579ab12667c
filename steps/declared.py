"""Steps at the platform's declared values: the boundary of each number the manuals leave open.

A platform declares its own code lifetime, wrong tries, QR code lifetime, command and
synchronisation time-outs (:mod:`contract.values`); these steps read the world's declaration
and go to the boundary: one try fewer than the limit still works and the limit locks; a code
still works just before its lifetime and not after it.
"""

from __future__ import annotations

from contract.messages import CommandName
from contract.outbound import PushKind
from contract.values import declarable
from core.verdicts import Inconclusive, expect
from steps.account_features import guesses_wrong_pin
from steps.accounts import enters_wrong_code_times
from steps.devices import phones_of
from steps.faults import dead_zone_mid_command, next_late
from steps.outcomes import nothing_arrives
from steps.registry import given, then, when
from steps.support import MESSAGE_WAIT, accepted, app_of
from steps.vehicle import shows_command_state_within
from twins.connection import Refusal
from twins.phone import Phone
from twins.world import World

MARGIN = 5 * 60.0
"""How far past a declared time a step goes to be certainly beyond it (a late message, a clock jump)."""

DEAD_ZONE_BEYOND = 2 * 60.0
"""How much longer than the declared command time-out a dead zone lasts: the command ends
``car_unreachable`` while the car is out of reach, and the car is back soon after."""


def declared_seconds(world: World, name: str) -> float:
    """The platform's declared duration *name* in seconds; not applicable if it declares none.
    The PIN lock time of a PIN that never unlocks is the longest one allowed."""
    values = world.declaration.values
    if name == "pin_lock_seconds" and values.pin_unlock == "never":
        return float(declarable(name).high or 0)
    seconds = getattr(values, name)
    if seconds is None:
        raise Inconclusive(f"not applicable: the platform declares no {name}")
    return float(seconds)


def declared_count(world: World, name: str) -> int:
    """The platform's declared count *name*; not applicable if it declares none."""
    count = getattr(world.declaration.values, name)
    if count is None:
        raise Inconclusive(f"not applicable: the platform declares no {name}")
    return int(count)


@when(
    en="the platform's declared {value:Declared} passes",
    da="platformens erklærede {value:Declared} går",
    no="plattformens erklærte {value:Declared} går",
)
def declared_time_passes(world: World, value: str) -> None:
    world.advance(declared_seconds(world, value))


@when(
    en="the platform's declared {value:Declared} passes, less {margin:Duration}",
    da="platformens erklærede {value:Declared} går, minus {margin:Duration}",
    no="plattformens erklærte {value:Declared} går, minus {margin:Duration}",
)
def declared_time_passes_less(world: World, value: str, margin: float) -> None:
    world.advance(max(0.0, declared_seconds(world, value) - margin))


@when(
    en='{user:User} enters a wrong code as many times as the platform allows and presses "{button}"',
    da='{user:User} indtaster en forkert kode så mange gange som platformen tillader og trykker "{button}"',
    no='{user:User} skriver inn en feil kode så mange ganger som plattformen tillater og trykker "{button}"',
)
def enters_wrong_code_limit(world: World, user: str, button: str) -> None:
    enters_wrong_code_times(world, user, declared_count(world, "code_attempts"), button)


@when(
    en='{user:User} enters a wrong code one time fewer than the platform allows and presses "{button}"',
    da='{user:User} indtaster en forkert kode én gang færre end platformen tillader og trykker "{button}"',
    no='{user:User} skriver inn en feil kode én gang færre enn plattformen tillater og trykker "{button}"',
)
def enters_wrong_code_below_limit(world: World, user: str, button: str) -> None:
    enters_wrong_code_times(world, user, declared_count(world, "code_attempts") - 1, button)


@when(
    en='{user:User} guesses a wrong PIN for "{command:Command}" to {car:Car} as many times as the platform allows',
    da='{user:User} gætter en forkert pinkode til "{command:Command}" til {car:Car} '
    "så mange gange som platformen tillader",
    no='{user:User} gjetter feil PIN-kode for "{command:Command}" til {car:Car} '
    "så mange ganger som plattformen tillater",
)
def guesses_wrong_pin_limit(world: World, user: str, command: CommandName, car: str) -> None:
    guesses_wrong_pin(world, user, command, car, declared_count(world, "pin_attempts"))


@when(
    en='{user:User} guesses a wrong PIN for "{command:Command}" to {car:Car} one time fewer than the platform allows',
    da='{user:User} gætter en forkert pinkode til "{command:Command}" til {car:Car} '
    "én gang færre end platformen tillader",
    no='{user:User} gjetter feil PIN-kode for "{command:Command}" til {car:Car} én gang færre enn plattformen tillater',
)
def guesses_wrong_pin_below_limit(world: World, user: str, command: CommandName, car: str) -> None:
    guesses_wrong_pin(world, user, command, car, declared_count(world, "pin_attempts") - 1)


@given(
    en="the next {message:Message} arrives later than the platform's declared {value:Declared}",
    da="den næste {message:Message} kommer senere end platformens erklærede {value:Declared}",
    no="den neste {message:Message} kommer senere enn plattformens erklærte {value:Declared}",
)
def next_later_than(world: World, message: str, value: str) -> None:
    next_late(world, message, declared_seconds(world, value) + MARGIN)


@then(
    en="no {kind} reaches {user:User} within the platform's declared {value:Declared}",
    da="ingen {kind} når frem til {user:User} inden for platformens erklærede {value:Declared}",
    no="ingen {kind} kommer fram til {user:User} innen plattformens erklærte {value:Declared}",
)
def nothing_arrives_within_declared(world: World, kind: str, user: str, value: str) -> None:
    nothing_arrives(world, kind, user, declared_seconds(world, value))


@when(
    en="the platform's clock jumps beyond the platform's declared {value:Declared}",
    da="platformens ur springer forbi platformens erklærede {value:Declared}",
    no="plattformens klokke hopper forbi plattformens erklærte {value:Declared}",
)
def clock_jumps_beyond(world: World, value: str) -> None:
    world.connection.jump_clock(declared_seconds(world, value) + MARGIN)


@given(
    en="{car:Car} drives into a dead zone for longer than the platform's declared command time-out"
    " while the next command is on its way",
    da="{car:Car} kører ind i et område uden dækning i længere end platformens erklærede kommandotidsfrist,"
    " mens den næste kommando er på vej",
    no="{car:Car} kjører inn i et område uten dekning i lengre enn plattformens erklærte kommandotidsfrist"
    " mens den neste kommandoen er på vei",
)
def dead_zone_beyond_timeout(world: World, car: str) -> None:
    dead_zone_mid_command(world, car, declared_seconds(world, "command_timeout_seconds") + DEAD_ZONE_BEYOND)


@then(
    en='the app of {user:User} shows the command as "{state}" within the platform\'s declared command time-out',
    da='appen hos {user:User} viser kommandoen som "{state}" inden for platformens erklærede kommandotidsfrist',
    no='appen til {user:User} viser kommandoen som "{state}" innen plattformens erklærte kommandotidsfrist',
)
def shows_command_state_within_timeout(world: World, user: str, state: str) -> None:
    shows_command_state_within(world, user, state, declared_seconds(world, "command_timeout_seconds") + 1.0)


def pushed_phones(world: World, user: str) -> list[Phone]:
    """The phones of *user* a push must reach: every one (``push_to`` ``all_devices``), or the
    one they logged in from last (``last_device``)."""
    phones = phones_of(world, user)
    return phones[-1:] if world.declaration.values.push_to == "last_device" else phones


def reaches_declared_phones(world: World, user: str, kind: PushKind, what: str) -> None:
    """*what* (a push of *kind*) reaches the phones of *user* the platform declares it pushes
    to, and no other phone of theirs."""
    wanted = pushed_phones(world, user)

    def reached(phone: Phone) -> bool:
        return any(item.message.kind == kind for item in phone.notifications)

    world.wait_for(lambda: all(reached(phone) for phone in wanted), MESSAGE_WAIT)
    missing = [phone.name for phone in wanted if not reached(phone)]
    expect(not missing, f"{what} did not reach {', '.join(missing)} within {MESSAGE_WAIT:.0f} s")
    others = [phone.name for phone in phones_of(world, user) if phone not in wanted and reached(phone)]
    expect(not others, f"{what} reached {', '.join(others)} too, though the platform declares push_to last_device")


@then(
    en='a push message with "Agree" and "Reject" reaches the phones of {user:User} the platform declares it pushes to',
    da='en push-besked med "Agree" og "Reject" når frem til de telefoner hos {user:User}, '
    "som platformen erklærer den sender til",
    no='en push-melding med "Agree" og "Reject" kommer fram til telefonene til {user:User} '
    "som plattformen erklærer at den sender til",
)
def request_reaches_declared_phones(world: World, user: str) -> None:
    reaches_declared_phones(world, user, "force_unbind_request", "the force unbinding request")


@then(
    en="the message that the unbinding is complete reaches the phones of {user:User} "
    "the platform declares it pushes to",
    da="beskeden om at afbindingen er gennemført når frem til de telefoner hos {user:User}, "
    "som platformen erklærer den sender til",
    no="meldingen om at frakoblingen er fullført kommer fram til telefonene til {user:User} "
    "som plattformen erklærer at den sender til",
)
def completion_reaches_declared_phones(world: World, user: str) -> None:
    reaches_declared_phones(world, user, "force_unbind_completed", "the message that the unbinding is complete")


@then(
    en="the right PIN works again if the platform declares that a locked PIN unlocks, and is refused otherwise",
    da="den rigtige pinkode virker igen, hvis platformen erklærer at en spærret pinkode låses op, og afvises ellers",
    no="den riktige PIN-koden virker igjen hvis plattformen erklærer at en sperret PIN-kode låses opp, "
    "og avvises ellers",
)
def right_pin_after_lock_time(world: World) -> None:
    """The last remote command of the user, sent with the right PIN once the lock time passed:
    accepted where the PIN unlocks (``pin_unlock`` ``after_lock_time``), else ``too_many_attempts``."""
    last = app_of(world, "user").last
    if world.declaration.values.pin_unlock == "after_lock_time":
        accepted(last, "a remote command with the right PIN after the PIN lock time")
    else:
        expect(
            isinstance(last, Refusal) and last.code == "too_many_attempts",
            f"a PIN that never unlocks answered {last!r}, not too_many_attempts",
        )
