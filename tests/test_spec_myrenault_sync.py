"""The specification's My Renault synchronisation rules, each a sentence of the manual, both ways."""

from __future__ import annotations

from datetime import timedelta

from myrenault_story import Story, requirements
from reference_kit import ERIK, MEGANE_VIN

from contract.messages import ListVehicles, VehicleQuery, Vehicles, VehicleSummary
from contract.myrenault import Contract, Contracts, MultimediaStarted, StartSync, SyncQuery, SyncStarted, SyncStatus
from contract.outbound import CarEvent

MEGANE = "Megane E-Tech Electric"


def status(story: Story, token: str, sync_id: str, state: str, reason: str = "") -> list[str]:
    return requirements(story.call("sync_status", SyncQuery(token, sync_id), SyncStatus(sync_id, state, reason)))  # type: ignore[arg-type]


def cars(story: Story, token: str, role: str) -> list[str]:
    listed = Vehicles([VehicleSummary(MEGANE_VIN, MEGANE, role)])  # type: ignore[arg-type]
    return requirements(story.call("list_vehicles", ListVehicles(token), listed))


def test_synchronise_vehicle_must_be_confirmed_by_pressing_again() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    once = StartSync(token, MEGANE_VIN, confirmed=False)
    assert story.refused("start_sync", once, "confirmation_required") == []
    assert requirements(story.call("start_sync", once, SyncStarted("s1"))) == ["MR-SYNC-3"]


def test_a_car_not_in_the_account_cannot_be_synchronised() -> None:
    story = Story()
    token = story.user()
    request = StartSync(token, MEGANE_VIN, confirmed=True)
    assert story.refused("start_sync", request, "vehicle_not_added") == []
    assert requirements(story.call("start_sync", request, SyncStarted("s1"))) == ["D-SEC-1"]


def test_the_platform_asks_the_car_to_synchronise() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    story.call("start_sync", StartSync(token, MEGANE_VIN, True), SyncStarted("s1"))
    assert requirements(story.wait(timedelta(minutes=2))) == ["MR-SYNC-3"]


def test_all_four_conditions_and_the_screen_link_the_account() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    sync_id = story.start(token)
    assert status(story, token, sync_id, "waiting") == []
    story.conditions(sync_id)
    assert status(story, token, sync_id, "waiting") == []
    story.screen(sync_id)
    assert status(story, token, sync_id, "linked") == []
    assert status(story, token, sync_id, "waiting") == ["MR-SYNC-3"]
    assert cars(story, token, "synchronised") == []


def test_a_car_that_never_answered_is_not_linked() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    sync_id = story.start(token)
    assert status(story, token, sync_id, "failed", "no_coverage") == []
    assert status(story, token, sync_id, "linked") == ["MR-SYNC-2"]


def test_missing_any_one_condition_the_synchronisation_fails_with_it() -> None:
    for parked, on, inside, reason in (
        (False, True, True, "vehicle_not_parked"),
        (True, False, True, "multimedia_off"),
        (True, True, False, "user_not_in_cabin"),
    ):
        story = Story()
        token = story.user()
        story.add(token)
        sync_id = story.start(token)
        story.conditions(sync_id, parked=parked, on=on, inside=inside)
        story.screen(sync_id)
        assert status(story, token, sync_id, "failed", reason) == [], reason
        assert status(story, token, sync_id, "linked") == ["MR-SYNC-2"], reason
        assert status(story, token, sync_id, "waiting") == ["MR-SYNC-2"], reason
        assert status(story, token, sync_id, "failed", "no_coverage") == ["MR-SYNC-2"], reason


def test_nobody_following_the_screen_links_nothing() -> None:
    story = Story()
    token = story.user(ERIK)
    story.add(token)
    sync_id = story.start(token)
    story.conditions(sync_id)  # someone else sits in the car
    assert status(story, token, sync_id, "linked") == ["D-SEC-1"]
    assert cars(story, token, "synchronised") == ["D-SEC-1"]
    assert cars(story, token, "added") == []


def test_the_screen_may_be_given_up_after_a_while() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    sync_id = story.start(token)
    story.conditions(sync_id)
    story.wait(timedelta(minutes=5))
    story.screen(sync_id)
    assert status(story, token, sync_id, "failed", "user_not_in_cabin") == []
    assert cars(story, token, "added") == []


def test_once_linked_synchronisation_after_a_restart_is_automatic() -> None:
    story = Story()
    token = story.user()
    story.synchronise(token)
    story.call("multimedia_started", MultimediaStarted(MEGANE_VIN), caller="head unit")
    assert cars(story, token, "synchronised") == []
    assert cars(story, token, "added") == ["MR-SYNC-5"]
    assert requirements(story.refused("vehicle_status", VehicleQuery(token, MEGANE_VIN), "not_synchronised")) == [
        "MR-SYNC-5"
    ]


def test_without_synchronisation_the_contracts_are_out_of_reach() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    query = VehicleQuery(token, MEGANE_VIN)
    shown = Contracts([Contract("connected_services", "active", story.at + timedelta(days=365))])
    assert story.refused("list_contracts", query, "not_synchronised") == []
    assert requirements(story.call("list_contracts", query, shown)) == ["MR-SYNC-4"]
    story.synchronise(token)
    assert story.call("list_contracts", query, shown) == []


def test_the_account_lists_exactly_its_own_cars() -> None:
    story = Story()
    token = story.user()
    assert requirements(story.call("list_vehicles", ListVehicles(token), Vehicles([]))) == []
    assert cars(story, token, "added") == ["D-SEC-1"]
    story.add(token)
    assert requirements(story.call("list_vehicles", ListVehicles(token), Vehicles([]))) == ["MR-VEH-1"]
    assert cars(story, token, "added") == []


def test_the_car_is_asked_to_synchronise_only_for_someone_who_pressed() -> None:
    story = Story()
    token = story.user()
    story.add(token)
    assert requirements(story.sent(CarEvent(MEGANE_VIN, "sync_request", "acc", story.at, "sync-x"))) == ["D-SEC-1"]


def test_synchronising_is_done_from_the_app() -> None:
    story = Story()
    story.user()
    web = story.web()
    story.add(web)
    request = StartSync(web, MEGANE_VIN, confirmed=True)
    assert story.refused("start_sync", request, "app_only") == []
    assert requirements(story.call("start_sync", request, SyncStarted("s1"))) == ["MR-SYNC-3"]
