"""Support: where the app's "Contact Us" and "Feedback" lead (IS-CONTACT-1)."""

from __future__ import annotations

from contract.messages import SupportContact, SupportQuery
from reference.accounts import AccountsMixin

SUPPORT_ADDRESS = "mg.europe@ismart-service.com"
SUPPORT_MENU = ("Contact Us", "Feedback")


class SupportMixin(AccountsMixin):
    """Tells the genuine app its support address and menu."""

    def support_contact(self, request: SupportQuery) -> SupportContact:
        """The address "Contact Us" writes to, and the support menu items, for a genuine app."""
        self._check_genuine(request.app)
        return SupportContact(self._support_address(), list(SUPPORT_MENU))

    def _support_address(self) -> str:
        return SUPPORT_ADDRESS
