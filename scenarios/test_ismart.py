"""The MG iSmart scenarios: every feature under ``features/ismart``, in every language."""

from twinrig.collection import collect

collect(globals(), "ismart")
