"""Steps for retrying a remote command: more than once, and after the car has carried it out.

Every try repeats the same request id, so the platform must treat them as one request (D-REL-2):
one effect in the car, and the same command in every answer.
"""

from __future__ import annotations

from core.verdicts import expect
from steps.registry import then, when
from steps.support import accepted, app_of
from steps.vehicle import accepted_commands, retries_command, sent_commands
from twins.world import World

DONE_WAIT = 10 * 60.0
"""How long a person waits for the app to show a command as done before trying it again."""


@when(
    en="{user:User} tries the same command again {count:d} times",
    da="{user:User} prøver den samme kommando igen {count:d} gange",
    no="{user:User} prøver den samme kommandoen igjen {count:d} ganger",
)
def retries_times(world: World, user: str, count: int) -> None:
    for _ in range(count):
        retries_command(world, user)


@when(
    en="{user:User} tries the same command again after it is done",
    da="{user:User} prøver den samme kommando igen, efter at den er udført",
    no="{user:User} prøver den samme kommandoen igjen etter at den er utført",
)
def retries_after_done(world: World, user: str) -> None:
    """Wait until the app shows the command as "done", then send the very same request again."""
    app = app_of(world, user)
    command_id = sent_commands(app, user, "to try again")[0].command_id

    def done() -> bool:
        status = accepted(app.command_status(command_id), "reading the command's status")
        return status.state == "done"

    deadline = world.env.now + DONE_WAIT
    while not done():
        expect(world.env.now < deadline, f"the command was not done within {DONE_WAIT:.0f} s")
        world.advance(min(30.0, deadline - world.env.now))
    retries_command(world, user)


@then(
    en="every try of {user:User} got the same command",
    da="hvert forsøg hos {user:User} fik den samme kommando",
    no="hvert forsøk til {user:User} fikk den samme kommandoen",
)
def same_command_every_time(world: World, user: str) -> None:
    app = app_of(world, user)
    answers = accepted_commands(app)
    expect(bool(answers), f"no try of the {user} user was accepted")
    ids = {answer.command_id for answer in answers}
    expect(len(ids) == 1, f"the tries of the {user} user got {len(ids)} different commands: {sorted(ids)}")
