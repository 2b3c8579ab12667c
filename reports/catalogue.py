"""The requirement catalogue (``requirements.md``): every requirement ID and its text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent.parent / "requirements.md"
_ROW = re.compile(r"^\| ((?:MR|IS|D)-[A-Z]+-\d+) \| (.+?) \|$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Requirement:
    id: str
    text: str

    @property
    def family(self) -> str:
        """The part of the catalogue it belongs to: "MR", "IS" or "D"."""
        return self.id.split("-", 1)[0]


def load_catalogue(path: Path = CATALOGUE) -> list[Requirement]:
    return [Requirement(match[1], match[2]) for match in _ROW.finditer(path.read_text(encoding="utf-8"))]
