"""The car link is one ordered stream per car: a head unit sees the platform's news in the
order the platform sent it, whatever delays the carrier drew."""

from __future__ import annotations

import simpy

from twins.gateways import CarLink, Recipient
from twins.trace import Trace


class Draws:
    """A policy that hands out the given delays in turn, one copy each."""

    def __init__(self, *delays: float) -> None:
        self.pending = list(delays)

    def delays(self) -> list[float]:
        return [self.pending.pop(0)]


def deliveries(*delays: float, recipients: tuple[str, ...] = ("head unit",)) -> list[tuple[float, str, str]]:
    env = simpy.Environment()
    link = CarLink[str](env, "car link", Trace(), Draws(*delays))
    seen: list[tuple[float, str, str]] = []
    for index, _ in enumerate(delays):
        name = recipients[index % len(recipients)]
        recipient: Recipient[str] = Recipient(name, lambda message, name=name: seen.append((env.now, name, message)))
        link.offer(f"message {index}", f"message {index}", recipient, online=True)
    env.run()
    return seen


def test_a_message_drawn_to_arrive_sooner_waits_for_the_one_sent_before_it() -> None:
    assert deliveries(5.0, 1.0) == [(5.0, "head unit", "message 0"), (5.0, "head unit", "message 1")]


def test_messages_keep_their_own_delays_when_they_do_not_overtake() -> None:
    assert deliveries(1.0, 5.0) == [(1.0, "head unit", "message 0"), (5.0, "head unit", "message 1")]


def test_each_car_is_its_own_stream() -> None:
    seen = deliveries(5.0, 1.0, recipients=("car A", "car B"))
    assert seen == [(1.0, "car B", "message 1"), (5.0, "car A", "message 0")]
