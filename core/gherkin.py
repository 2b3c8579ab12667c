"""A feature file as Cucumber's tools see it, from the rig's one reading of it.

:func:`read` parses a feature file's text once (gherkin-official, as Cucumber does) into its
``gherkinDocument`` (or the ``parseError`` of each problem) and compiles its ``pickle``s, one per
scenario and per example row of an outline. The run keeps the :class:`Reading` of every feature it
plays; the scenarios' records point into it by id (:class:`GherkinIds`), so that the Cucumber
Messages of the run are written from what was read and recorded, never by reading again.

The ids are gherkin-official's, numbered from ``"0"`` in each file (:attr:`Reading.ids` says how
many the reading gave): the same whichever runner reads the file, and whichever files it reads
first. A writer numbering a whole run's ids in one sequence shifts each file's by the ids of the
files before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gherkin.ast_builder import AstBuilder
from gherkin.errors import CompositeParserException, ParserException
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler
from gherkin.stream.id_generator import IdGenerator

MEDIA_TYPE = "text/x.cucumber.gherkin+plain"

Node = dict[str, Any]


@dataclass(frozen=True, slots=True)
class GherkinIds:
    """Where a scenario is in its feature file's :class:`Reading`: its *pickle*'s id, and the
    *ast_nodes* it was compiled from (the scenario's, then an outline's example row's)."""

    pickle: str = ""
    ast_nodes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reading:
    """One feature file read once: its *uri* and *source* text, its *document* (None for a
    malformed file, which has *errors* instead: ``parseError`` messages), its *pickles*, and how
    many *ids* the reading gave (``"0"`` to ``str(ids - 1)``)."""

    uri: str
    source: str
    document: Node | None
    pickles: tuple[Node, ...] = ()
    errors: tuple[Node, ...] = ()
    ids: int = 0

    def pickle(self, pickle_id: str) -> Node | None:
        """The pickle whose id is *pickle_id*."""
        return next((pickle for pickle in self.pickles if pickle["id"] == pickle_id), None)

    def at(self, line: int) -> tuple[GherkinIds, dict[str, str]] | None:
        """The ids of the pickle at *line* (a scenario's line, or an outline's example row's:
        where Cucumber locates a pickle), and its example row (header → value; empty for a
        scenario), or None if no pickle is there."""
        found = next((pickle for pickle in self.pickles if pickle["location"]["line"] == line), None)
        if found is None:
            return None
        ast_nodes = tuple(found["astNodeIds"])
        return GherkinIds(found["id"], ast_nodes), self._example(ast_nodes[1:])

    def _example(self, rows: tuple[str, ...]) -> dict[str, str]:
        if not rows or self.document is None:
            return {}
        for block in _walk(self.document, "examples"):
            for row in block.get("tableBody", []):
                if row["id"] == rows[0]:
                    header = [cell["value"] for cell in block["tableHeader"]["cells"]]
                    return dict(zip(header, (cell["value"] for cell in row["cells"]), strict=True))
        return {}


class _Counted(IdGenerator):
    """gherkin-official's ids, counting how many it gave."""

    def __init__(self) -> None:
        super().__init__()
        self.given = 0

    def get_next_id(self) -> str:
        self.given += 1
        return super().get_next_id()


def read(uri: str, source: str) -> Reading:
    """The :class:`Reading` of the feature file *uri* whose text is *source*, as gherkin-official's
    own message stream makes it (the document, then the pickles, from one id sequence)."""
    ids = _Counted()
    try:
        document: Node = {**Parser(ast_builder=AstBuilder(ids)).parse(source), "uri": uri}
    except CompositeParserException as error:
        return Reading(uri, source, None, errors=_errors(error.errors, uri), ids=ids.given)
    except ParserException as error:
        return Reading(uri, source, None, errors=_errors([error], uri), ids=ids.given)
    pickles = tuple(dict(pickle) for pickle in Compiler(ids).compile(document))  # type: ignore[arg-type]
    return Reading(uri, source, document, pickles, ids=ids.given)


def _errors(errors: list[ParserException], uri: str) -> tuple[Node, ...]:
    return tuple({"source": {"uri": uri, "location": error.location}, "message": str(error)} for error in errors)


def _walk(node: Any, key: str) -> Iterator[Node]:
    """Every item of every list under *key* in *node*, at any depth."""
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key and isinstance(value, list):
                yield from value
            else:
                yield from _walk(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, key)
