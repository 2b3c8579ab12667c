"""How a rule judges one observation: the answers the manuals allow, and the messages they owe.

A rule is a function registered with :func:`judges` for one contract operation. It is given a
:class:`Judge` (the model, and where violations go) and the :class:`Exchange`; it works out which
refusals apply (:class:`Refuse`), lets :meth:`Judge.answer` judge the platform's answer, and
then updates the model with what the answer means.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from spec.model import Model
from spec.observations import Exchange, Observation
from spec.violations import Expectation, Violation

Rule = Callable[["Judge", Exchange], None]
RULES: dict[tuple[str, str | None], Rule] = {}
"""The rule for each contract operation, by the operation's name and the brand it judges
(None: every brand not given a rule of its own)."""


def judges(*operations: str, brand: str | None = None) -> Callable[[Rule], Rule]:
    """Register the decorated function as the rule for each of *operations* on *brand*'s cars
    and sessions (every brand when None; see :meth:`spec.Specification.brand_of`)."""

    def register(rule: Rule) -> Rule:
        for operation in operations:
            if (operation, brand) in RULES:
                raise ValueError(f"two rules judge {operation!r} for brand {brand!r}")
            RULES[operation, brand] = rule
        return rule

    return register


def rule_for(operation: str, brand: str) -> Rule | None:
    """The rule that judges *operation* for *brand*: the brand's own, else the common one."""
    return RULES.get((operation, brand)) or RULES.get((operation, None))


@dataclass(frozen=True, slots=True)
class Refuse:
    """A reason the call must be refused: *requirement* says so, with one of *codes* (any code
    when empty); *why* is said in the violation."""

    requirement: str
    why: str
    codes: tuple[str, ...] = ()


class Judge:
    """The model of one world and the violations found so far."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.violations: list[Violation] = []

    def violation(
        self, requirement: str, rule: str, detail: str, observation: Observation | None, expected: Expectation
    ) -> None:
        self.violations.append(Violation(requirement, self.model.now, rule, detail, observation, expected))

    def answer(
        self,
        exchange: Exchange,
        refusals: Sequence[Refuse],
        *,
        requirement: str,
        rule: str,
        may_refuse: Collection[str] = (),
    ) -> bool:
        """Judge the answer to *exchange*; say whether the platform accepted it.

        When *refusals* is not empty, the call must be refused with one of their codes (any code
        if one of them names none; or one of *may_refuse*; accepted, it breaks each of their
        requirements); otherwise it must be accepted (*requirement* says it must work), unless refused with one of
        *may_refuse* (a refusal the manuals leave room for).
        """
        if exchange.refusal == "not_authenticated" and self.superseded(exchange):
            return False
        if refusals:
            codes: set[str] = set()
            for refusal in refusals:
                if not refusal.codes:
                    codes.clear()
                    break
                codes.update(refusal.codes)
            else:
                codes.update(may_refuse)
            first = refusals[0]
            expected = Expectation("refused", tuple(sorted(codes)))
            if exchange.accepted:
                named: set[str] = set()
                for refusal in refusals:
                    if refusal.requirement not in named:
                        named.add(refusal.requirement)
                        self.violation(
                            refusal.requirement,
                            rule,
                            f"{exchange.operation} was accepted, but {refusal.why}",
                            exchange,
                            expected,
                        )
                return True
            if codes and exchange.refusal not in codes:
                self.violation(
                    first.requirement,
                    rule,
                    f"{exchange.operation} was refused with {exchange.refusal!r}, "
                    f"not one of {sorted(codes)}: {first.why}",
                    exchange,
                    expected,
                )
            return False
        if exchange.accepted:
            return True
        if exchange.refusal not in may_refuse:
            self.violation(
                requirement,
                rule,
                f"{exchange.operation} was refused with {exchange.refusal!r}, but the manuals say it works here",
                exchange,
                Expectation("accepted"),
            )
        return False

    def superseded(self, exchange: Exchange) -> bool:
        """Whether the session *exchange* comes from has been followed by a later log-in of the
        same account (on another phone, or again): the manuals do not say whether the earlier
        session lives on, so a platform may end it."""
        token = getattr(exchange.request, "token", "")
        session = self.model.session(token) if isinstance(token, str) else None
        if session is None:
            return False
        later = False
        for other in self.model.sessions.values():
            if other is session:
                later = True
            elif later and other.account_id == session.account_id:
                return True
        return False

    def content(self, requirement: str, rule: str, exchange: Exchange, detail: str) -> None:
        """The reply to *exchange* says something the manuals do not allow (*detail*)."""
        self.violation(requirement, rule, detail, exchange, Expectation("content", detail=detail))
