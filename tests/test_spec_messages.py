"""How the specification settles what the platform owes: deadlines, late messages, time passing.

A message sent while the platform's clock advanced is observed just after the time passing that
advanced it; sent by its deadline, it still pays its debt. A debt nothing paid is a violation at
the next call, the next time passing, or when the violations are read.
"""

from __future__ import annotations

from datetime import timedelta

from reference_kit import ALICE
from spec_kit import GENUINE_APP, Story

from contract.messages import CodeSent, SendRegistrationCode
from contract.outbound import Sms

SEND = SendRegistrationCode(ALICE, GENUINE_APP)


def test_a_message_sent_in_time_pays_its_debt_though_observed_after_the_time_passing() -> None:
    story = Story()
    story.call("send_registration_code", SEND, CodeSent("sms"))
    sent_at = story.now + timedelta(seconds=30)
    assert story.wait(timedelta(hours=2)) == []
    assert story.sent(Sms(ALICE, "Code: 123456", sent_at)) == []
    assert story.end() == []


def test_a_message_later_than_its_deadline_breaks_the_rule() -> None:
    story = Story()
    story.call("send_registration_code", SEND, CodeSent("sms"))
    story.wait(timedelta(hours=2))
    assert story.sent(Sms(ALICE, "Code: 123456", story.now)) == ["IS-REG-2"]


def test_a_debt_nothing_paid_counts_when_the_violations_are_read() -> None:
    story = Story()
    story.call("send_registration_code", SEND, CodeSent("sms"))
    story.wait(timedelta(hours=2))
    assert [violation.requirement for violation in story.spec.violations] == ["IS-REG-2"]


def test_a_message_to_a_known_address_that_nothing_owes_is_unsolicited() -> None:
    story = Story()
    story.account(ALICE, "acc-a")
    assert story.sent(Sms(ALICE, "Hello", story.now)) == ["D-SEC-2"]


def test_the_abstract_state_tells_situations_apart() -> None:
    story = Story()
    before = story.spec.state()
    story.car()
    story.bind(story.session(ALICE, "acc-a"))
    assert story.spec.state() != before
    assert hash(story.spec.state()) == hash(story.spec.state())
