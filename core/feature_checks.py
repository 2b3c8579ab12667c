"""Checks of a feature file beyond Gherkin's grammar: the located problems that make it an error.

A file that cannot be read or is not UTF-8, a step keyword misspelt into a description, a
scenario with no steps or no ``Then``, an outline without Examples or with a placeholder its
Examples do not name, a requirement tag outside the catalogue, a symlink loop under the
features folder. Each problem names its file and line (the file only when it cannot be read);
:func:`core.features.load` reports them, and ``twinrig lint`` can reuse them one by one.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gherkin.dialect import Dialect

BOM = "\ufeff"

# Letters of other scripts that read as Latin ones (Cyrillic, Greek): "Givеn" with U+0435.
_CONFUSABLE = str.maketrans(
    "АВЕКМНОРСТХаеорсухіјѕԁɡΑΒΕΖΗΙΚΜΝΟΡΤΥΧαορνι",
    "ABEKMHOPCTXaeopcyxijsdgABEZHIKMNOPTYXaopvi",
)
_WORDS = frozenset({"The", "Them", "Than", "Thin", "Give", "Gives", "Even", "Wen", "Whey", "Butt", "Men", "Mens"})
"""Words of the three languages one edit from a keyword, that a description may start with."""
_PLACEHOLDER = re.compile(r"<([^<>\n]+)>")


@dataclass(frozen=True, slots=True)
class Problem:
    """A located problem of a feature file: *where* (its path as the rig names it), *line*
    (None when the file cannot be read), and *message*; *scenario* is the line of the scenario it
    stops from running (None: the problem is the file's)."""

    where: str
    line: int | None
    message: str
    scenario: int | None = None

    def __str__(self) -> str:
        return f"{self.where}:{self.line}: {self.message}" if self.line else f"{self.where}: {self.message}"


def read(path: Path, where: str) -> tuple[str | None, list[Problem]]:
    """The text of *path*, or None and the reason it cannot be read. A UTF-8 byte-order mark is
    named, not stripped: the rig could read past it, but pytest-bdd reads the file itself and
    takes the mark for part of the first line (the whole module then fails to collect)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        dangling = path.is_symlink() and not path.exists()
        reason = "a dangling symlink" if dangling else error.strerror or str(error)
        if path.is_symlink():
            reason += f" ({path} -> {os.readlink(path)})"
        return None, [Problem(where, None, f"cannot be read: {reason}")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        return None, [Problem(where, line, f"not UTF-8: byte 0x{byte:02x} at column {column}; save the file as UTF-8")]
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(where, line, "not a text file: it holds a NUL byte")]
    if text.startswith(BOM):
        message = (
            "starts with a byte-order mark (U+FEFF), which pytest-bdd cannot parse: save the file as UTF-8 without BOM"
        )
        return None, [Problem(where, 1, message)]
    return text, []


def walk(root: Path) -> tuple[list[Path], list[Problem]]:
    """The feature files under *root* in behave's order (a folder's own files by name, then its
    subfolders'), following symlinks but never into a folder already being walked: such a loop
    is a problem naming the link."""
    found: list[Path] = []
    problems: list[Problem] = []

    def visit(folder: Path, ancestors: frozenset[tuple[int, int]]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            problems.append(Problem(str(folder), None, f"cannot be read: {error.strerror or error}"))
            return
        subfolders = []
        for entry in entries:
            path = Path(entry.path)
            if entry.is_dir(follow_symlinks=True):
                subfolders.append(path)
            elif entry.name.endswith(".feature"):
                found.append(path)
        for path in subfolders:
            key = _identity(path)
            if key in ancestors:
                target = os.readlink(path) if path.is_symlink() else path
                problems.append(Problem(str(path), None, f"a symlink loop (to {target}): not followed"))
                continue
            visit(path, ancestors | {key})

    visit(root, frozenset({_identity(root)}))
    return found, problems


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def check(document: dict[str, Any], where: str, text: str) -> list[Problem]:
    """The problems of a parsed Gherkin *document* (of *text*, the file at *where*)."""
    body = document["feature"]
    dialect = Dialect.for_name(body["language"])
    assert dialect is not None, "the parser read the file in this language"
    lines = text.splitlines()
    problems = list(near_keywords(body, dialect, where, lines))
    for node in _nodes(body):
        if "steps" in node and node["keyword"] not in dialect.background_keywords:
            problems += undecidable(node, dialect, where)
            problems += outline(node, dialect, where)
    return problems


def unknown_requirements(document: dict[str, Any], where: str, known: Iterable[str]) -> list[Problem]:
    """One problem per scenario tagged ``@req:`` with an ID that *known* (the catalogue) lacks."""
    catalogue = set(known)
    problems = []
    body = document["feature"]
    for node, tags in _scenarios(body, _tag_list(body)):
        for tag in tags:
            if tag["name"].startswith("@req:") and tag["name"].removeprefix("@req:") not in catalogue:
                message = f"{tag['name']} names no requirement of requirements.md (scenario {node['name']!r})"
                problems.append(Problem(where, tag["location"]["line"], message, node["location"]["line"]))
    return problems


def near_keywords(body: dict[str, Any], dialect: Dialect, where: str, lines: list[str]) -> Iterator[Problem]:
    """A description line that starts with something close to a keyword of the file's language:
    most likely a misspelt step or section that Gherkin took for prose."""
    keywords = _keywords(dialect)
    for node in _nodes(body):
        if "steps" not in node:
            continue  # a feature's or rule's prose may well start with "When" or "Så"
        description = node.get("description") or ""
        start = node["location"]["line"]
        for text in description.splitlines():
            line = _line_of(lines, text, start)
            start = line
            if not text.strip():
                continue
            word = _first_word(text)
            near = _nearest(word, keywords)
            if near is not None:
                scenario = None if node["keyword"] in dialect.background_keywords else node["location"]["line"]
                message = (
                    f"{word!r} reads like the keyword {near!r} but is not one, so this line is a description "
                    f"and not a step: write {near!r}"
                )
                yield Problem(where, line, message, scenario)


def undecidable(node: dict[str, Any], dialect: Dialect, where: str) -> list[Problem]:
    """A scenario with no steps, or none that checks (``Then``, or ``And``/``But`` after it),
    cannot be decided: it is an error, never a pass."""
    line, name = node["location"]["line"], node["name"]
    if not node["steps"]:
        return [Problem(where, line, f"scenario {name!r} has no steps: it decides nothing", line)]
    then = {keyword.strip() for keyword in dialect.then_keywords if keyword.strip() != "*"}
    if not any(step["keyword"].strip() in then for step in node["steps"]):
        word = " or ".join(sorted(then))
        return [Problem(where, line, f"scenario {name!r} has no {word} step: it checks nothing", line)]
    return []


def outline(node: dict[str, Any], dialect: Dialect, where: str) -> list[Problem]:
    """An outline without Examples, or a ``<placeholder>`` its Examples do not name."""
    line, name = node["location"]["line"], node["name"]
    is_outline = node["keyword"] in dialect.scenario_outline_keywords
    examples = node.get("examples", [])
    if is_outline and not examples:
        return [
            Problem(where, line, f"scenario outline {name!r} has no Examples: it would run with <...> as text", line)
        ]
    if not examples:
        return []
    problems = []
    for block in examples:
        header = {cell["value"] for cell in block.get("tableHeader", {}).get("cells", [])}
        for text, at in _templates(node):
            for placeholder in _PLACEHOLDER.findall(text):
                if placeholder not in header:
                    message = (
                        f"placeholder <{placeholder}> is not a column of the Examples at line "
                        f"{block['location']['line']} (columns: {', '.join(sorted(header)) or 'none'})"
                    )
                    problems.append(Problem(where, at, message, line))
    return list(dict.fromkeys(problems))


def _templates(node: dict[str, Any]) -> Iterator[tuple[str, int]]:
    for step in node["steps"]:
        yield step["text"], step["location"]["line"]
        if "docString" in step:
            yield step["docString"]["content"], step["docString"]["location"]["line"]
        for row in step.get("dataTable", {}).get("rows", []):
            for cell in row["cells"]:
                yield cell["value"], cell["location"]["line"]


def _nodes(body: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The feature, its rules, backgrounds, scenarios and examples blocks."""
    yield body
    for child in body["children"]:
        for kind in ("background", "scenario", "rule"):
            if kind in child:
                if kind == "rule":
                    yield from _nodes(child["rule"])
                    continue
                yield child[kind]
                yield from child[kind].get("examples", [])


def _scenarios(
    body: dict[str, Any], tags: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    for child in body["children"]:
        if "rule" in child:
            yield from _scenarios(child["rule"], tags + _tag_list(child["rule"]))
        elif "scenario" in child:
            scenario = child["scenario"]
            own = tags + _tag_list(scenario)
            own += [tag for block in scenario.get("examples", []) for tag in _tag_list(block)]
            yield scenario, own


def _tag_list(node: dict[str, Any]) -> list[dict[str, Any]]:
    return list(node.get("tags", []))


def _keywords(dialect: Dialect) -> list[str]:
    steps = dialect.given_keywords + dialect.when_keywords + dialect.then_keywords
    steps += dialect.and_keywords + dialect.but_keywords
    sections = dialect.scenario_keywords + dialect.scenario_outline_keywords + dialect.background_keywords
    sections += dialect.examples_keywords + dialect.rule_keywords
    found = [keyword.strip() for keyword in steps if keyword.strip() != "*"]
    return list(dict.fromkeys(found + [keyword.split()[0] for keyword in sections]))


def _first_word(text: str) -> str:
    word = text.strip().split(maxsplit=1)[0]
    return word.rstrip(":,.;")


def _nearest(word: str, keywords: list[str]) -> str | None:
    """The keyword *word* is a near miss of: the same letters but for lookalikes of another
    script, case or a missing colon; or within an edit distance that grows with the keyword
    (1 for four or five letters, 2 from six on; short ones such as "Og" or "And" only when the
    word differs by lookalike letters or case, for prose starts with such words)."""
    latin = unicodedata.normalize("NFC", word).translate(_CONFUSABLE)
    if latin in keywords:
        return latin
    if not latin[:1].isupper() or latin in _WORDS:
        return None  # a typo of a keyword keeps its capital; prose goes on in lower case
    for keyword in keywords:
        allowed = 2 if len(keyword) >= 6 else 1 if len(keyword) >= 4 else 0
        close = abs(len(latin) - len(keyword)) <= allowed
        if allowed and close and _distance(latin.lower(), keyword.lower()) <= allowed:
            return keyword
    return None


def _distance(a: str, b: str) -> int:
    """Edit distance of *a* and *b*: insertions, deletions, substitutions and swaps of two
    neighbouring letters ("Gviet" is one edit from "Givet")."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _line_of(lines: list[str], text: str, start: int) -> int:
    """The number of the first line after *start* that reads *text*."""
    for number in range(start + 1, len(lines) + 1):
        if lines[number - 1].rstrip() == text.rstrip():
            return number
    return start
