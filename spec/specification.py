"""The specification: follows the observations of one world and judges each against the rules."""

from __future__ import annotations

from datetime import datetime

from contract.capabilities import CapabilityDeclaration
from contract.messages import AppIdentity
from spec.bounds import DEFAULT_BOUNDS, Bounds, declared_bounds
from spec.judge import Judge, rule_for
from spec.messages import flush, judge_message, settle
from spec.model import Model, brand_of_app
from spec.observations import Exchange, Message, Observation
from spec.rules import abstract_state  # importing spec.rules registers every rule
from spec.violations import Violation


class Specification:
    """The manuals' rules over one world that claims *declaration*, starting at *epoch*,
    with *bounds* narrowed to the declaration's values (:func:`spec.bounds.declared_bounds`).

    Feed it every observation in the order they happened (:meth:`observe`); it answers with the
    violations each brings. :meth:`state` is an abstract summary of the model, for counting the
    distinct states an exploration reached.
    """

    def __init__(self, declaration: CapabilityDeclaration, epoch: datetime, bounds: Bounds = DEFAULT_BOUNDS) -> None:
        self.model = Model(declaration, declared_bounds(declaration.values, bounds), epoch)
        self._judge = Judge(self.model)

    @property
    def violations(self) -> list[Violation]:
        """Every violation found so far, in order (a debt overdue at the latest time passing
        that no message has paid counts)."""
        flush(self._judge)
        return self._judge.violations

    def observe(self, observation: Observation) -> list[Violation]:
        """Judge *observation*; the violations it brings (empty: the manuals allow it)."""
        before = len(self._judge.violations)
        if isinstance(observation, Message):
            judge_message(self._judge, observation)
            return self._judge.violations[before:]
        self._run_timers(observation.at)
        self.model.now = max(self.model.now, observation.at)
        settle(self._judge, observation.at)
        if isinstance(observation, Exchange):
            flush(self._judge)
            self.model.cause = observation
            rule = rule_for(observation.operation, self.brand_of(observation))
            if rule is not None:
                rule(self._judge, observation)
        return self._judge.violations[before:]

    def _run_timers(self, until: datetime) -> None:
        """Run the rules' own deadlines that fall due by *until*, each at its instant."""
        timers = self.model.timers
        while timers and timers[0].due <= until:
            timer = timers.pop(0)
            self.model.now = max(self.model.now, timer.due)
            timer.action()

    def brand_of(self, exchange: Exchange) -> str:
        """Whose rules judge *exchange*: the brand of the car it names, else of the session or
        app it comes from ("" when none says)."""
        request = exchange.request
        vin = getattr(request, "vin", "")
        if vin and self.model.brand_of_car(vin):
            return self.model.brand_of_car(vin)
        session = self.model.session(getattr(request, "token", ""))
        if session is not None:
            return session.brand
        app = getattr(request, "app", None)
        return brand_of_app(app) if isinstance(app, AppIdentity) else ""

    def state(self) -> tuple[object, ...]:
        """An abstract, hashable summary of the model (what a person would call the situation)."""
        return abstract_state(self.model)
