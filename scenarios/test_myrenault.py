"""The My Renault scenarios: every feature under ``features/myrenault``, in every language."""

from twinrig.collection import collect

collect(globals(), "myrenault")
