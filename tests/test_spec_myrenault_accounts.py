"""The specification's My Renault account rules, each a sentence of the manual, both ways."""

from __future__ import annotations

from datetime import timedelta

from myrenault_story import Story, link_email, requirements
from reference_kit import (
    DANA,
    GENUINE,
    MEGANE_VIN,
    MY_RENAULT_APP,
    MY_RENAULT_WEB,
    PASSWORD,
    VIN,
    ZOE_VIN,
    renault,
    vehicle,
)

from contract.messages import AppIdentity, LogIn, SessionOpened
from contract.myrenault import (
    AccountConfirmed,
    AccountPending,
    AddVehicle,
    ConfirmAccount,
    CreateAccount,
    ResendConfirmation,
    VehicleAdded,
)

MINUTE = timedelta(minutes=1)


def resend(client: AppIdentity = MY_RENAULT_APP, password: str = PASSWORD) -> ResendConfirmation:
    return ResendConfirmation(client, DANA, password)


def test_a_new_account_gets_a_confirmation_email_with_a_link() -> None:
    story = Story()
    story.call("create_account", CreateAccount(MY_RENAULT_WEB, DANA, PASSWORD, "Dana", "Berg"), AccountPending("acc-1"))
    assert story.sent(link_email(DANA, "t1", story.at)) == []
    assert story.wait(2 * MINUTE) == []


def test_an_account_created_without_an_email_can_never_be_completed() -> None:
    story = Story()
    story.call("create_account", CreateAccount(MY_RENAULT_APP, DANA, PASSWORD, "Dana", "Berg"), AccountPending("acc-1"))
    assert requirements(story.wait(2 * MINUTE)) == ["MR-ACC-2"]


def test_only_my_renaults_own_app_and_web_site_create_accounts() -> None:
    request = CreateAccount(GENUINE, DANA, PASSWORD, "Dana", "Berg")
    assert Story().refused("create_account", request, "app_not_genuine") == []
    assert requirements(Story().call("create_account", request, AccountPending("acc-1"))) == ["MR-ACC-2"]


def test_an_address_already_used_is_refused() -> None:
    story = Story()
    story.create()
    request = CreateAccount(MY_RENAULT_WEB, DANA, PASSWORD, "Dana", "Berg")
    assert story.refused("create_account", request, "account_exists") == []
    assert requirements(story.call("create_account", request, AccountPending("acc-2"))) == ["MR-ACC-2"]


def test_the_address_in_other_letters_may_count_as_the_same_or_not() -> None:
    story = Story()
    story.create()
    request = CreateAccount(MY_RENAULT_WEB, DANA.upper(), PASSWORD, "Dana", "Berg")
    assert story.refused("create_account", request, "account_exists") == []
    other = Story()
    other.create()
    assert other.call("create_account", request, AccountPending("acc-2")) == []


def test_the_link_in_the_email_completes_the_account() -> None:
    story = Story()
    token = story.create()
    assert story.call("confirm_account", ConfirmAccount(token), AccountConfirmed(f"acc-{DANA}")) == []
    refusing = Story()
    token = refusing.create()
    assert requirements(refusing.refused("confirm_account", ConfirmAccount(token), "invalid_request")) == ["MR-ACC-3"]


def test_a_link_no_email_carried_completes_nothing() -> None:
    story = Story()
    story.create()
    assert story.refused("confirm_account", ConfirmAccount("guessed"), "invalid_request") == []
    assert requirements(story.call("confirm_account", ConfirmAccount("guessed"), AccountConfirmed("acc"))) == [
        "MR-ACC-3"
    ]


def test_a_confirmation_email_hours_late_still_completes_the_account() -> None:
    story = Story()
    token = story.create()
    story.wait(timedelta(hours=3))
    assert requirements(story.refused("confirm_account", ConfirmAccount(token), "code_expired")) == ["D-REL-3"]
    later = Story()
    token = later.create()
    later.wait(timedelta(days=2))
    assert later.refused("confirm_account", ConfirmAccount(token), "code_expired") == []


def test_asking_again_sends_a_new_link_and_only_the_newest_confirms() -> None:
    story = Story()
    first = story.create()
    assert story.call("resend_confirmation", resend(), AccountPending(f"acc-{DANA}")) == []
    assert story.sent(link_email(DANA, "second", story.at)) == []
    assert story.refused("confirm_account", ConfirmAccount(first), "invalid_request") == []
    assert requirements(story.call("confirm_account", ConfirmAccount(first), AccountConfirmed(f"acc-{DANA}"))) == [
        "D-REL-3"
    ]
    assert story.call("confirm_account", ConfirmAccount("second"), AccountConfirmed(f"acc-{DANA}")) == []


def test_asking_again_must_send_the_email_again() -> None:
    story = Story()
    story.create()
    story.call("resend_confirmation", resend(MY_RENAULT_WEB), AccountPending(f"acc-{DANA}"))
    assert requirements(story.wait(2 * MINUTE)) == ["D-REL-3"]


def test_asking_again_does_not_tell_who_has_an_account() -> None:
    story = Story()
    story.create()
    assert story.refused("resend_confirmation", resend(password="wrong"), "bad_credentials") == []
    assert requirements(story.call("resend_confirmation", resend(password="wrong"), AccountPending("x"))) == ["D-REL-3"]
    unknown = ResendConfirmation(MY_RENAULT_APP, "nobody@example.no", PASSWORD)
    assert requirements(story.refused("resend_confirmation", unknown, "account_exists")) == ["D-REL-3"]


def test_a_complete_account_gets_no_new_confirmation_email() -> None:
    story = Story()
    story.confirmed()
    assert story.refused("resend_confirmation", resend(), "account_confirmed") == []
    assert requirements(story.refused("resend_confirmation", resend(), "invalid_request")) == ["MR-ACC-3"]


def test_the_accounts_own_address_and_password_are_never_bad_credentials() -> None:
    story = Story()
    story.create()
    assert requirements(story.refused("resend_confirmation", resend(MY_RENAULT_WEB), "bad_credentials")) == ["MR-ACC-1"]


def test_an_email_to_a_known_address_needs_a_reason() -> None:
    story = Story()
    story.confirmed()
    story.wait(2 * MINUTE)
    assert requirements(story.sent(link_email(DANA, "spam", story.at))) == ["D-SEC-2"]


def test_the_same_credentials_work_on_the_web_site_and_in_the_app() -> None:
    story = Story()
    story.confirmed()
    assert story.web() != ""
    assert story.log_in() != ""
    request = LogIn(DANA, PASSWORD, True, True, "pc", MY_RENAULT_WEB)
    assert requirements(story.refused("log_in", request, "bad_credentials")) == ["MR-ACC-1"]


def test_an_unconfirmed_account_cannot_log_in() -> None:
    story = Story()
    story.create()
    request = LogIn(DANA, PASSWORD, True, True, "phone", MY_RENAULT_APP)
    assert story.refused("log_in", request, "account_not_confirmed") == []
    assert "MR-ACC-3" in requirements(story.call("log_in", request, SessionOpened("t", f"acc-{DANA}")))


# --- adding a car (MR-VEH-1) ------------------------------------------------------------------------


def test_a_car_is_added_by_its_vin_or_its_registration_number() -> None:
    story = Story()
    token = story.user()
    added = VehicleAdded(MEGANE_VIN, "Megane E-Tech Electric")
    assert story.call("add_vehicle", AddVehicle(token, vin=MEGANE_VIN), added) == []
    assert story.call("add_vehicle", AddVehicle(token, plate="el12345"), added) == []
    wrong = VehicleAdded(ZOE_VIN, "Zoe")
    assert requirements(story.call("add_vehicle", AddVehicle(token, plate="EL 12345"), wrong)) == ["MR-VEH-1"]


def test_a_vin_with_a_wrong_check_digit_is_no_vin() -> None:
    story = Story()
    token = story.user()
    wrong_digit = MEGANE_VIN[:8] + "9" + MEGANE_VIN[9:]
    assert story.refused("add_vehicle", AddVehicle(token, wrong_digit), "invalid_vin") == []
    assert requirements(story.refused("add_vehicle", AddVehicle(token, wrong_digit), "unknown_vehicle")) == ["MR-VEH-1"]
    with_o = MEGANE_VIN[:10] + "O" + MEGANE_VIN[11:]
    assert requirements(story.call("add_vehicle", AddVehicle(token, with_o), VehicleAdded(MEGANE_VIN, "x"))) == [
        "MR-VEH-1"
    ]


def test_a_vin_or_number_of_no_car_is_unknown() -> None:
    story = Story()
    token = story.user()
    assert story.refused("add_vehicle", AddVehicle(token, ZOE_VIN), "unknown_vehicle") == []
    assert story.refused("add_vehicle", AddVehicle(token, plate="XX 00000"), "unknown_vehicle") == []
    assert requirements(story.refused("add_vehicle", AddVehicle(token, ZOE_VIN), "invalid_vin")) == ["MR-VEH-1"]


def test_a_my_renault_account_cannot_add_an_mg() -> None:
    story = Story(renault(), vehicle())
    token = story.user()
    assert story.refused("add_vehicle", AddVehicle(token, VIN), "not_authorised") == []
    assert requirements(story.call("add_vehicle", AddVehicle(token, VIN), VehicleAdded(VIN, "MG4 Electric"))) == [
        "D-SEC-7"
    ]


def test_a_completed_account_may_be_welcomed_once() -> None:
    story = Story()
    story.confirmed()
    assert story.sent(link_email(DANA, "welcome", story.at)) == []
    assert requirements(story.sent(link_email(DANA, "again", story.at))) == ["D-SEC-2"]
