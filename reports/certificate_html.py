"""The conformance certificate as one self-contained HTML page for a person to read.

The page has inline CSS and nothing else: no script, no external style sheet, font or image, so
it opens the same from a mail attachment, a CI artefact or a file share. Every value taken from
the certificate is escaped with :func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from reports.declared_values import declared_value_rows

#: The CSS class of each verdict; any other verdict gets ``v-other``.
_VERDICT_CLASSES = {
    "pass": "v-pass",
    "fail": "v-fail",
    "error": "v-error",
    "inconclusive": "v-inconclusive",
    "uncovered": "v-uncovered",
    "not applicable": "v-na",
    "conformant": "v-pass",
    "not conformant": "v-fail",
}

#: The requirement verdicts the page explains, scenario by scenario: every one but a pass.
_EXPLAINED = frozenset({"fail", "error", "inconclusive", "uncovered"})

_STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
       max-width: 72rem; margin: 2rem auto; padding: 0 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
.subject { font-size: 1.2rem; margin: 0 0 1rem; }
.standing { margin: .75rem 0 0; }
.verdict { display: inline-block; font-size: 1.3rem; font-weight: 700; padding: .35rem 1rem;
           border-radius: .4rem; text-transform: uppercase; letter-spacing: .04em; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; margin: 0; }
dt { font-weight: 600; color: #57606a; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid #e4e8ec; }
th { background: #f6f8fa; font-weight: 600; }
td.count, th.count { text-align: right; white-space: nowrap; }
td.id { white-space: nowrap; font-family: ui-monospace, Menlo, Consolas, monospace; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: .3rem; font-weight: 600;
         white-space: nowrap; }
.v-pass { background: #dafbe1; color: #116329; }
.v-fail { background: #ffebe9; color: #a40e26; }
.v-error { background: #fff1e5; color: #953800; }
.v-inconclusive { background: #fff8c5; color: #7d4e00; }
.v-uncovered { background: #ffebe9; color: #a40e26; border: 1px dashed #a40e26; }
.v-na, .v-other { background: #eaeef2; color: #57606a; }
tr.unclaimed td { color: #6e7781; }
code.replay { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85rem; word-break: break-all; }
ul.unresolved { margin: .25rem 0 .75rem; padding-left: 1.25rem; }
ul.unresolved li { margin: .35rem 0; }
.step { color: #57606a; }
code.digest { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
footer { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid #d0d7de; color: #57606a; }
@media print { body { margin: 0; max-width: none; } .verdict, .badge { border: 1px solid currentColor; } }
"""


def render_html(certificate_data: Mapping[str, Any]) -> str:
    """One self-contained HTML page showing the certificate *certificate_data* (as made or read back).

    It shows the platform, the suite version and digest, the issue time, the seed, a summary of
    the declaration and its declared values, the verdict, the totals, a table of the requirements with their verdicts;
    for every requirement that did not pass, its scenarios with the message of the step that
    ended each and the command that replays it; and the signature (or that there is none) and
    the SHA-256.
    """
    certificate = certificate_data["certificate"]
    platform = certificate["platform"]
    title = f"Conformance certificate — {platform['name']} {platform['version']}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(certificate['suite'])} conformance certificate</h1>",
        f'<p class="subject">{_e(platform["name"])} {_e(platform["version"])}</p>',
        _badge(certificate["verdict"], "verdict"),
        _standing(certificate["requirements"]),
        "</header>",
        _run_section(certificate),
        _declaration_section(certificate["declaration"]),
        _declared_values_section(certificate["declaration"]),
        _totals_section(certificate["totals"]),
        _requirements_section(certificate["requirements"]),
        _unresolved_section(certificate["requirements"], certificate_data["results"].get("scenarios", [])),
        "<footer>",
        _signature(certificate_data.get("signature")),
        "<p>SHA-256 of the certificate and its results: "
        f'<code class="digest">{_e(certificate_data.get("sha256", ""))}</code></p>',
        "<p>The JSON file next to this page holds every scenario behind these verdicts, with its message "
        "and trace; <code>twinrig verify certificate.json --public-key KEY.pub.pem</code> checks that it is "
        "intact, follows from its results, and was signed with the vendor's key.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _standing(requirements: Iterable[Mapping[str, Any]]) -> str:
    """A sentence under the verdict: how many claimed requirements pass, and which ones block."""
    claimed = [row for row in requirements if row.get("claimed", True)]
    passed = sum(row["verdict"] == "pass" for row in claimed)
    blocking = [f"{row['id']} ({row['verdict']})" for row in claimed if row["verdict"] != "pass"]
    sentence = f"{passed} of {len(claimed)} claimed requirements pass."
    if blocking:
        sentence += " Keeping it from conformance: " + ", ".join(blocking) + "."
    return f'<p class="standing">{_e(sentence)}</p>'


def _run_section(certificate: Mapping[str, Any]) -> str:
    platform = certificate["platform"]
    return _section(
        "Run",
        _definitions(
            [
                ("Platform", platform["name"]),
                ("Platform version", platform["version"]),
                ("Reached at", platform["url"]),
                ("Played as", platform.get("spec", "")),
                ("Suite", f"{certificate['suite']} {certificate['suite_version']}"),
                ("Suite digest", certificate.get("suite_digest", {}).get("sha256", "")),
                ("Issued", certificate.get("issued", "")),
                ("Seed", certificate["seed"]),
                ("Requirement families claimed", _listing(certificate["families"])),
            ]
        ),
    )


def _declaration_section(declaration: Mapping[str, Any]) -> str:
    rules = "; ".join(
        f"{rule['market']}: no {', '.join(rule['excluded'])}" for rule in declaration.get("market_rules", [])
    )
    summary = _definitions(
        [
            ("Declared platform", f"{declaration['platform']} {declaration['version']}"),
            ("Brands", _listing(declaration["brands"])),
            ("Optional features", _listing(declaration.get("features", []))),
            ("Market rules", rules or "none"),
        ]
    )
    models = _table(
        ["Brand", "Model", "Markets", "Services"],
        (
            [_e(model["brand"]), _e(model["name"]), _e(_listing(model["markets"])), _e(_listing(model["services"]))]
            for model in declaration["models"]
        ),
    )
    return _section("Declaration", f"{summary}\n<h3>Models</h3>\n{models}")


def _declared_values_section(declaration: Mapping[str, Any]) -> str:
    """The values the platform declared for what the manuals leave open, each with its range."""
    rows = (
        [f'<span class="id">{_e(row["name"])}</span>', _e(row["value"]), _e(row["allowed"]), _e(row["source"])]
        for row in declared_value_rows(declaration)
    )
    return _section("Declared values", _table(["Value", "Declared", "Allowed", "Source"], rows))


def _totals_section(totals: Mapping[str, Mapping[str, int]]) -> str:
    tables = []
    for label, counts in (("Requirements", totals["requirements"]), ("Scenarios", totals["scenarios"])):
        rows = ([_badge(verdict), f"{_e(count)}"] for verdict, count in counts.items())
        tables.append(f"<h3>{label}</h3>\n" + _table(["Verdict", "Count"], rows, count_column=1))
    return _section("Totals", "\n".join(tables))


def _requirements_section(requirements: Iterable[Mapping[str, Any]]) -> str:
    header = '<tr><th>Requirement</th><th>Text</th><th>Verdict</th><th class="count">Scenarios</th></tr>'
    rows = []
    for row in requirements:
        unclaimed = "" if row.get("claimed", True) else ' class="unclaimed"'
        rows.append(
            f'<tr{unclaimed}><td class="id">{_e(row["id"])}</td><td>{_e(row["text"])}</td>'
            f'<td>{_badge(row["verdict"])}</td><td class="count">{len(row["scenarios"])}</td></tr>'
        )
    return _section("Requirements", "<table>\n" + "\n".join([header, *rows]) + "\n</table>")


def _unresolved_section(requirements: Iterable[Mapping[str, Any]], scenarios: Iterable[Mapping[str, Any]]) -> str:
    """Every requirement that did not pass (not applicable ones aside), with its scenarios that
    did not pass: the step that ended each, its message, and the command that replays it."""
    by_identity = {(scenario.get("feature"), scenario.get("name")): scenario for scenario in scenarios}
    parts = []
    for row in requirements:
        if row["verdict"] not in _EXPLAINED:
            continue
        claim = "" if row.get("claimed", True) else " (not claimed)"
        parts.append(f'<h3><span class="id">{_e(row["id"])}</span> {_badge(row["verdict"])}{_e(claim)}</h3>')
        unresolved = [
            by_identity.get((listed["feature"], listed["name"]), listed)
            for listed in row["scenarios"]
            if listed["verdict"] != "pass"
        ]
        if not row["scenarios"]:
            parts.append("<p>No scenario of the suite covers it.</p>")
        items = [_unresolved_scenario(scenario) for scenario in unresolved]
        if items:
            parts.append('<ul class="unresolved">\n' + "\n".join(items) + "\n</ul>")
    if not parts:
        return _section("What did not pass", "<p>Every requirement passed or is not applicable.</p>")
    return _section("What did not pass", "\n".join(parts))


def _unresolved_scenario(scenario: Mapping[str, Any]) -> str:
    """One scenario that did not pass: its verdict, name and feature, the step that ended it and
    its message, and its replay command."""
    ended = next((step for step in scenario.get("steps", []) if step.get("status") not in ("passed", "skipped")), None)
    if ended is not None:
        where = f"{ended['keyword']} {ended['text']} (line {ended['line']})"
        why = f'<br><span class="step">{_e(where)}</span>: {_e(ended.get("message") or scenario.get("message", ""))}'
    else:
        why = f"<br>{_e(scenario.get('message', ''))}" if scenario.get("message") else ""
    replay = scenario.get("reproduce", "")
    command = f'<br>replay: <code class="replay">{_e(replay)}</code>' if replay else ""
    return (
        f"<li>{_badge(scenario['verdict'])} {_e(scenario['name'])} "
        f'<span class="step">({_e(scenario["feature"])})</span>{why}{command}</li>'
    )


def _signature(signature: Any) -> str:
    if not isinstance(signature, Mapping):
        return "<p>Unsigned: only the SHA-256 below shows the file unchanged, not who wrote it.</p>"
    return (
        f"<p>Signed with {_e(signature.get('algorithm', ''))} by the key "
        f'<code class="digest">{_e(signature.get("fingerprint", ""))}</code>.</p>'
    )


def _section(title: str, body: str) -> str:
    return f"<section>\n<h2>{_e(title)}</h2>\n{body}\n</section>"


def _definitions(items: Iterable[tuple[str, Any]]) -> str:
    return "<dl>\n" + "\n".join(f"<dt>{_e(term)}</dt><dd>{_e(value)}</dd>" for term, value in items) + "\n</dl>"


def _table(headings: list[str], rows: Iterable[list[str]], count_column: int | None = None) -> str:
    """A table of *rows* of cells that are already HTML; *count_column* is right-aligned."""

    def cell(tag: str, index: int, content: str) -> str:
        align = ' class="count"' if index == count_column else ""
        return f"<{tag}{align}>{content}</{tag}>"

    lines = ["<table>", "<tr>" + "".join(cell("th", i, _e(text)) for i, text in enumerate(headings)) + "</tr>"]
    lines += ["<tr>" + "".join(cell("td", i, content) for i, content in enumerate(row)) + "</tr>" for row in rows]
    lines.append("</table>")
    return "\n".join(lines)


def _badge(verdict: Any, extra: str = "badge") -> str:
    css = _VERDICT_CLASSES.get(verdict, "v-other") if isinstance(verdict, str) else "v-other"
    return f'<span class="{extra} {css}">{_e(verdict)}</span>'


def _listing(values: Iterable[Any]) -> str:
    return ", ".join(str(value) for value in values) or "none"


def _e(value: Any) -> str:
    """*value* as text, escaped for HTML (quotes included)."""
    return html.escape(str(value), quote=True)
