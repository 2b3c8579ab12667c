"""Limits the rig holds every platform to, whatever it declares.

They are part of the contract (docs/http.md, "Limits"): a platform past one of them ends the
scenario with an *error* naming the call and what the platform did.
"""

MAX_WAKE_UPS_PER_SECOND = 100
"""How many times a platform's timers (its ``next_due``) may wake it within one virtual second."""
