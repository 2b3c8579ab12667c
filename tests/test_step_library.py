"""The step library: ambiguity is an error, suggestions are readable, every tag is a requirement."""

from __future__ import annotations

import re

import pytest

from core.features import feature_files, load
from core.verdicts import RigError
from reports.catalogue import load_catalogue
from steps import LIBRARY
from steps.registry import StepLibrary, plain_words


def test_every_requirement_tag_is_in_the_catalogue() -> None:
    known = {requirement.id for requirement in load_catalogue()}
    for path in feature_files():
        for scenario in load(path).scenarios:
            assert set(scenario.requirements) <= known, (path, scenario.name)
            assert scenario.requirements, (path, scenario.name)


def test_a_text_two_definitions_read_is_an_error() -> None:
    library = StepLibrary()
    library.define("given", en="{user:User} waits", da="x", no="y")(lambda world, user: None)
    library.define("given", en="the user waits", da="z", no="w")(lambda world: None)
    with pytest.raises(RigError, match="ambiguous"):
        library.match("the user waits")


def test_nearest_steps_are_readable_phrases() -> None:
    nearest = LIBRARY.nearest("the user scan the QR code on the car")
    assert nearest
    assert all("{" not in phrase for phrase in nearest)
    assert any(re.search("scans the QR code", phrase) for phrase in nearest)


def _texts() -> set[str]:
    """Every step text of the suite's features, an outline's with each example row filled in."""
    texts = set()
    for path in feature_files():
        for scenario in load(path).scenarios:
            for line in (*scenario.background, *scenario.steps):
                for row in scenario.examples or ({},):
                    texts.add(re.sub(r"<(\w+)>", lambda found, row=row: row.get(found[1], found[0]), line.text))
    return texts


def test_the_literal_shortcut_reads_exactly_what_the_parsers_read() -> None:
    """Matching skips a phrase whose text between fields a step lacks; it must skip no reading,
    whatever the case of the letters (parse ignores case) or the language."""
    texts = _texts()
    assert len(texts) > 300
    for text in (*texts, *(text.upper() for text in texts), *(text.title() for text in texts)):
        for definition in LIBRARY:
            parsed = [
                (language, dict(result.named))
                for language, parser in definition._parsers.items()
                if (result := parser.parse(text)) is not None
            ]
            assert definition.parse(text) == (parsed[0] if parsed else None), (text, definition.id)


@pytest.mark.parametrize(
    ("phrase", "words"),
    [
        ("{user:User} logs in", {"logs", "in"}),
        ("{user:User}s phone rings", {"phone", "rings"}),
        ("the car is {state}", {"the", "car", "is"}),
        ("waits {count}x Longer", {"waits", "longer"}),
        ('is refused with "{code}"', {"is", "refused", "with"}),
        ("{a} {b}", set()),
        ("{{literal}} braces", set()),
    ],
)
def test_a_phrase_is_indexed_by_its_whole_words_of_plain_text(phrase: str, words: set[str]) -> None:
    assert plain_words(phrase) == words
