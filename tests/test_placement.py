"""Cars are sold where the declared law allows what the scenario needs of them, or the scenario is
not applicable; and the MG dealers the scenarios use are provisioned like every dealer, so a
platform that checks dealers against its own records can be certified."""

from __future__ import annotations

import pytest

from contract.capabilities import CapabilityDeclaration, MarketRule, ModelCapability
from contract.messages import AuditRecords, OwnershipEvidence
from core.verdicts import Inconclusive
from reference import DECLARATION, ReferenceFactory
from reference.variants import variant
from steps.needs import needs_of
from steps.support import car
from twins.connection import Refusal
from twins.dealer import Dealer
from twins.placement import allowing, placement
from twins.world import World

MEGANE = ModelCapability("myrenault", "Megane", ["DK", "NO", "SE"], ["horn_and_lights", "climate"])
DENMARK_FIRST = ModelCapability("myrenault", "Megane", ["DK", "SE"], ["horn_and_lights", "climate"])


def declared(*rules: MarketRule) -> CapabilityDeclaration:
    return CapabilityDeclaration("p", "1", ["myrenault"], [MEGANE, DENMARK_FIRST], market_rules=list(rules))


def test_a_first_market_whose_law_excludes_a_needed_service_is_passed_over() -> None:
    law = declared(MarketRule("DK", ["horn_and_lights"]))
    assert placement(law, DENMARK_FIRST, {"horn_and_lights"}, home="NO") == "SE"
    assert placement(law, DENMARK_FIRST, set(), home="NO") == "SE"


def test_home_is_kept_where_its_law_allows_the_models_services() -> None:
    law = declared(MarketRule("DK", ["horn_and_lights"]))
    assert placement(law, MEGANE, {"climate"}, home="NO") == "NO"
    assert placement(declared(), MEGANE, {"horn_and_lights"}, home="DK") == "DK"


def test_a_market_that_excludes_only_what_the_scenario_does_not_need_may_sell_the_car() -> None:
    law = declared(MarketRule("DK", ["horn_and_lights"]), MarketRule("SE", ["climate"]))
    assert placement(law, DENMARK_FIRST, {"climate"}, home="NO") == "DK"
    assert placement(law, DENMARK_FIRST, {"horn_and_lights"}, home="NO") == "SE"


def test_no_market_allows_a_service_excluded_everywhere() -> None:
    law = declared(*(MarketRule(market, ["horn_and_lights"]) for market in ("DK", "NO", "SE")))
    assert allowing(law, MEGANE, {"horn_and_lights"}) == []
    assert placement(law, MEGANE, {"horn_and_lights"}, home="NO") == ""
    assert placement(law, MEGANE, {"climate"}, home="NO") == "NO"


@pytest.mark.parametrize(
    ("texts", "needs"),
    [
        (
            ['the user sends the remote command "horn and lights" to the car'],
            {"the car": {"horn_and_lights", "find_my_car"}},
        ),
        (
            ['the other car carries out "lock" within 2 minutes'],
            {"the other car": {"remote_lock", "digital_key"}},
        ),
        (['brugeren sender fjernkommandoen "lås op" til bilen'], {"the car": {"remote_lock", "digital_key"}}),
        (
            ['the user controls a car whose model offers "Climate scheduling" remotely with the PIN "1"'],
            {"the car": {"climate_scheduling"}},
        ),
        (['the user has bound a car whose model lacks "Digital Key"'], {}),
        (['the user controls a car sold where the law forbids "Horn and lights" remotely with the PIN "1"'], {}),
        (["the user is logged in to the iSmart app"], {}),
    ],
)
def test_what_a_scenario_needs_of_its_cars_comes_from_its_steps(texts: list[str], needs: dict[str, set[str]]) -> None:
    assert needs_of(texts) == needs


def test_a_renault_that_must_honk_is_sold_where_the_law_allows_it() -> None:
    world = World(variant("first-market-forbids-horn"), 5, brand="myrenault")
    world.needs = {"the car": frozenset({"horn_and_lights"})}
    assert car(world).record.market == "SE"


def test_a_renault_that_must_honk_where_no_law_allows_it_is_not_applicable() -> None:
    world = World(variant("horn-forbidden-everywhere"), 5, brand="myrenault")
    world.needs = {"the car": frozenset({"horn_and_lights"})}
    with pytest.raises(Inconclusive, match=r"^not applicable: the scenario needs horn_and_lights of the car"):
        car(world)


def test_the_reference_declaration_keeps_every_car_at_home() -> None:
    for brand, home in (("ismart", "DK"), ("myrenault", "NO")):
        world = World(ReferenceFactory(), 5, brand=brand)
        world.needs = {"the car": frozenset({"horn_and_lights", "find_my_car"})}
        assert car(world).record.market == home
    assert DECLARATION.excluded_in("DK") == ["horn_and_lights"]


def test_the_mg_dealers_are_provisioned_so_a_platform_may_check_them() -> None:
    world = World(variant("dealer-records"), 5, brand="ismart")
    vin = car(world).vin
    assert isinstance(world.dealer().audit_records(vin), AuditRecords)
    assert isinstance(world.dealer("another dealer").audit_records(vin), AuditRecords)
    assert world.dealer().dealer_id != world.dealer("another dealer").dealer_id
    stranger = Dealer("mg-dealer-99", "a dealer nobody provisioned", world.connection)
    refused = stranger.force_unbind(vin, OwnershipEvidence("x", "registration_certificate", vin))
    assert isinstance(refused, Refusal)
    assert refused.code == "not_authorised"
