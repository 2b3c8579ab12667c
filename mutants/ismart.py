"""The MG iSmart mutants: the reference platform with one rule of the guide broken.

Each is a tiny subclass of :class:`ReferencePlatform` overriding one rule method (its
docstring says what goes wrong), or the reference with one field of its policy swapped.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from contract.messages import AppIdentity, DealerForceUnbind, LogIn, QrStage, RequestForceUnbind
from mutants.base import Mutant, policy_mutant, subclass_mutant
from reference import DEFAULT_POLICY, CodePolicy, PlatformPolicy, ReferencePlatform
from reference.accounts import GENUINE_APP_NAMES
from reference.records import Account, Car, ForceRequest, QrCode


def _both_codes(codes: CodePolicy) -> PlatformPolicy:
    """The reference policy with *codes* for registration and unbinding codes alike."""
    return replace(DEFAULT_POLICY, registration_code=codes, unbind_code=codes)


class BindOnFirstScan(ReferencePlatform):
    """The first QR scan already binds the car."""

    def _scan_stage(self, car: Car, account: Account) -> QrStage:
        return "bound"


class SecondUserMayBind(ReferencePlatform):
    """Another user may log in to a bound car and bind it."""

    def _refuse_if_bound(self, car: Car, account: Account) -> None:
        if car.bound == account.account_id:
            super()._refuse_if_bound(car, account)


class AnyCodeAccepted(ReferencePlatform):
    """Registration accepts any verification code."""

    def _check_registration_code(self, identifier: str, code: str) -> None:
        pass


class NeverAutoUnbinds(ReferencePlatform):
    """An unanswered force unbinding never completes."""

    def _arm_auto_completion(self, pending: ForceRequest) -> None:
        pass


class RejectIgnored(ReferencePlatform):
    """Answers "Reject" with "rejected", but the 72-hour timer still completes the unbinding."""

    def _reject(self, pending: ForceRequest) -> None:
        self._notify_rejected(pending)  # the request stays open, its timer set


class AnyoneMayAnswer(ReferencePlatform):
    """Anyone logged in, not only the previous user, may answer a force-unbinding request."""

    def _check_may_answer(self, account: Account, pending: ForceRequest) -> None:
        pass


class NoCompletionMessage(ReferencePlatform):
    """The new user gets no message when the unbinding completes."""

    def _notify_completed(self, account_id: str, request_id: str) -> None:
        pass


class LogInWithoutTerms(ReferencePlatform):
    """Log-in works without accepting the user agreement and the privacy policy."""

    def _check_terms(self, request: LogIn) -> None:
        pass


class QrReusable(ReferencePlatform):
    """A QR code may be scanned again."""

    def _use_qr(self, code: QrCode) -> None:
        pass


class QrBindsLoggedInCar(ReferencePlatform):
    """The second scan binds the car the user is logged in to, whatever car the QR belongs to."""

    def _scan_target(self, account: Account, qr_car: Car) -> Car:
        logged_in = (car for car in self._cars.values() if car.logged_in == account.account_id)
        return next(logged_in, qr_car)


class AnyPublisherAccepted(ReferencePlatform):
    """An app with the right name from any publisher is taken as genuine."""

    def _is_genuine(self, app: AppIdentity) -> bool:
        return app.name in GENUINE_APP_NAMES


class NoPushToPreviousUser(ReferencePlatform):
    """The previous user gets no push message about a force-unbinding request."""

    def _notify_previous_user(self, pending: ForceRequest) -> None:
        pass


class AgreeDoesNotComplete(ReferencePlatform):
    """Answers "Agree" with "completed", but nothing changes until the 72-hour timer."""

    def _agree(self, pending: ForceRequest) -> None:
        pass


class DealerWithoutEvidence(ReferencePlatform):
    """A dealer unbinds without evidence of ownership."""

    def _check_evidence(self, request: DealerForceUnbind) -> None:
        pass


class StrangerReadsStatus(ReferencePlatform):
    """Anyone logged in may read any car's status."""

    def _check_may_read_status(self, account: Account, car: Car) -> None:
        pass


class HeadUnitLogInIgnored(ReferencePlatform):
    """The head unit's credential log-in answers success but logs nobody in."""

    def _head_unit_log_in(self, car: Car, account: Account) -> None:
        pass


class UnbindWithoutCode(ReferencePlatform):
    """Unbinding accepts any code."""

    def _check_unbind_code(self, account: Account, car: Car, code: str) -> None:
        pass


class PushConfirmationNotRequired(ReferencePlatform):
    """Force unbinding goes ahead without the new user confirming the push message."""

    def _check_push_confirmed(self, request: RequestForceUnbind) -> None:
        pass


class WrongSupportAddress(ReferencePlatform):
    """ "Contact Us" writes to a generic address instead of the iSmart support address."""

    def _support_address(self) -> str:
        return "support@example.com"


ISMART_MUTANTS: tuple[Mutant, ...] = (
    subclass_mutant("bind_on_first_scan", "IS-BIND-3", BindOnFirstScan),
    subclass_mutant("second_user_may_bind", "IS-USER-2", SecondUserMayBind),
    subclass_mutant("any_code_accepted", "IS-REG-3", AnyCodeAccepted),
    policy_mutant(
        "code_reusable",
        "D-SEC-2",
        "A verification code may be used again.",
        _both_codes(CodePolicy(single_use=False)),
    ),
    policy_mutant(
        "code_never_expires",
        "D-SEC-2",
        "Verification codes never expire.",
        _both_codes(CodePolicy(ttl=None)),
    ),
    policy_mutant(
        "no_lockout",
        "D-SEC-2",
        "Wrong verification codes may be tried without limit.",
        _both_codes(CodePolicy(max_attempts=None)),
    ),
    policy_mutant(
        "four_digit_unbind_code",
        "IS-UNBIND-2",
        "The unbinding code has 4 digits, not 6.",
        replace(DEFAULT_POLICY, unbind_code=CodePolicy(length=4)),
    ),
    policy_mutant(
        "auto_unbind_at_24h",
        "IS-FORCE-4",
        "An unanswered force unbinding completes after 24 hours, not 72.",
        replace(DEFAULT_POLICY, force_unbind_after=timedelta(hours=24)),
    ),
    subclass_mutant("never_auto_unbinds", "IS-FORCE-4", NeverAutoUnbinds),
    policy_mutant(
        "auto_unbind_a_minute_early",
        "IS-FORCE-4",
        "An unanswered force unbinding completes at 71 h 59 min, a minute early.",
        replace(DEFAULT_POLICY, force_unbind_after=timedelta(hours=71, minutes=59)),
    ),
    subclass_mutant("reject_ignored", "IS-FORCE-5", RejectIgnored),
    subclass_mutant("anyone_may_answer", "D-SEC-4", AnyoneMayAnswer),
    subclass_mutant("no_completion_message", "IS-FORCE-7", NoCompletionMessage),
    subclass_mutant("login_without_terms", "IS-LOGIN-2", LogInWithoutTerms),
    subclass_mutant("qr_reusable", "D-SEC-3", QrReusable),
    subclass_mutant("qr_binds_logged_in_car", "D-SEC-3", QrBindsLoggedInCar),
    subclass_mutant("any_publisher_accepted", "IS-APP-1", AnyPublisherAccepted),
    subclass_mutant("no_push_to_previous_user", "IS-FORCE-2", NoPushToPreviousUser),
    subclass_mutant("agree_does_not_complete", "IS-FORCE-3", AgreeDoesNotComplete),
    subclass_mutant("dealer_without_evidence", "IS-FORCE-6", DealerWithoutEvidence),
    subclass_mutant("stranger_reads_status", "D-SEC-1", StrangerReadsStatus),
    subclass_mutant("head_unit_login_ignored", "IS-BIND-4", HeadUnitLogInIgnored),
    subclass_mutant("unbind_without_code", "IS-UNBIND-3", UnbindWithoutCode),
    subclass_mutant("push_confirmation_not_required", "IS-FORCE-2", PushConfirmationNotRequired),
    subclass_mutant("wrong_support_address", "IS-CONTACT-1", WrongSupportAddress),
)
