"""Steps for synchronising from the My Renault web site. The manual synchronises from the app
("Fra My Renault-appen: ... Synkroniser kjøretøyet"), so the web site may not start it:
the scenario checks the refusal (MR-SYNC-3, MR-FEAT-3)."""

from __future__ import annotations

from contract.myrenault import StartSync, SyncStarted
from steps.registry import when
from steps.support import browser_of
from steps.support import car as vehicle_named
from twins.world import World


@when(
    en='{user:User} presses "Synchronise vehicle" for {car:Car} on the web site',
    da='{user:User} trykker på "Synkroniser køretøjet" for {car:Car} på hjemmesiden',
    no='{user:User} trykker på "Synkroniser kjøretøyet" for {car:Car} på nettstedet',
)
def synchronises_on_web(world: World, user: str, car: str) -> None:
    browser = browser_of(world, user)
    if not browser.token:
        person = world.person(user)
        browser.log_in(person.email, person.password, accept_terms=True, accept_privacy=True)
    request = StartSync(browser.token, vehicle_named(world, car).vin, True)
    outcome = browser.act("synchronise", browser.platform.start_sync, request)
    if isinstance(outcome, SyncStarted):
        world.memory.syncs[user] = outcome.sync_id
