"""Typed refusals: every way a platform may say *no* to a call, with a stable code.

A refusal is part of the contract, not a breakdown. Over HTTP it travels as a 4xx answer whose
body is ``{"error": {"code": ..., "message": ...}}``; in-process the platform raises
:class:`PlatformError`.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """The stable codes a platform uses to refuse a call."""

    INVALID_REQUEST = "invalid_request"
    APP_NOT_GENUINE = "app_not_genuine"
    ACCOUNT_EXISTS = "account_exists"
    BAD_CREDENTIALS = "bad_credentials"
    TERMS_NOT_ACCEPTED = "terms_not_accepted"
    NOT_AUTHENTICATED = "not_authenticated"
    CODE_INVALID = "code_invalid"
    CODE_EXPIRED = "code_expired"
    CODE_USED = "code_used"
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    QR_INVALID = "qr_invalid"
    QR_EXPIRED = "qr_expired"
    QR_USED = "qr_used"
    ALREADY_BOUND = "already_bound"
    NOT_BOUND = "not_bound"
    NOT_AUTHORISED = "not_authorised"
    UNKNOWN_VEHICLE = "unknown_vehicle"
    CONFIRMATION_REQUIRED = "confirmation_required"
    REQUEST_CLOSED = "request_closed"
    UNBINDING_REJECTED = "unbinding_rejected"
    EVIDENCE_REQUIRED = "evidence_required"
    SERVICE_NOT_AVAILABLE = "service_not_available"
    UNKNOWN_COMMAND = "unknown_command"
    ACCOUNT_NOT_CONFIRMED = "account_not_confirmed"
    ACCOUNT_CONFIRMED = "account_confirmed"
    INVALID_VIN = "invalid_vin"
    VEHICLE_NOT_ADDED = "vehicle_not_added"
    NOT_SYNCHRONISED = "not_synchronised"
    SERVICES_NOT_ACTIVATED = "services_not_activated"
    PIN_REQUIRED = "pin_required"
    PIN_INVALID = "pin_invalid"
    APP_ONLY = "app_only"
    SERVICE_EXPIRED = "service_expired"
    SLOT_UNAVAILABLE = "slot_unavailable"


class PlatformError(Exception):
    """A platform's refusal of a call: a stable *code* and a human *message*."""

    def __init__(self, code: ErrorCode, message: str = "") -> None:
        super().__init__(code, message)  # its args rebuild it, as SimPy does across a process
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.code.value}: {self.message}" if self.message else self.code.value
