"""A finding written as a feature file a QA engineer can read, run and commit.

The scenario casts the world the finding was made in (its seed, in the tag ``@seed:N``), asks
the manuals to judge every answer, takes the shrunk steps, and ends by checking that what the
platform did follows the manuals: it fails where the platform broke the rule, and passes on a
platform that keeps it. The requirement broken is its ``@req:`` tag.
"""

from __future__ import annotations

from core import __version__
from explore.trial import Finding
from steps.judgement import follows_the_manuals, judged_by_the_manuals
from steps.registry import LIBRARY, StepFunction

KEYWORDS = {
    "en": ("Feature", "Scenario", "Given", "When", "Then", "And"),
    "da": ("Egenskab", "Scenarie", "Givet", "Når", "Så", "Og"),
    "no": ("Egenskap", "Scenario", "Gitt", "Når", "Så", "Og"),
}
_TITLES = {
    "en": "Found by exploration",
    "da": "Fundet ved udforskning",
    "no": "Funnet ved utforsking",
}


def _phrase(function: StepFunction, language: str) -> str:
    for definition in LIBRARY:
        if definition.function is function:
            return definition.phrases[language]
    raise LookupError(function.__name__)


def feature_text(finding: Finding, *, brand: str, seed: int, platform: str, language: str = "en") -> str:
    """*finding* as a feature in *language* ("en", "da", "no") for *brand*, found by an
    exploration with *seed* (the world is cast from the finding's own seed)."""
    feature, scenario, given, when, then, and_ = KEYWORDS[language]
    requirement = finding.requirement or "breakdown"
    lines = [f"# language: {language}"] if language != "en" else []
    lines += [
        f"# Found by twinrig explore {__version__} with --seed {seed} against {platform}.",
        f"# {finding.message}",
        f"@brand:{brand}",
        f"{feature}: {_TITLES[language]}: {requirement}",
        "",
        f"  @req:{requirement} @seed:{finding.seed} @needs-clock"
        if finding.requirement
        else f"  @seed:{finding.seed} @needs-clock",
        f"  {scenario}: {_scenario_name(finding)}",
        f"    {given} {_phrase(judged_by_the_manuals, language)}",
    ]
    last = given
    for step in finding.steps[: finding.at + 1]:
        kind = step.action.definition.kind
        keyword = then if kind == "then" else given if step.action.setup else when
        lines.append(f"    {and_ if keyword == last else keyword} {step.text(language)}")
        last = keyword
    for number, check in enumerate(finding.checks):
        lines.append(f"    {and_ if number else then} {check.text(language)}")
    lines.append(f"    {and_ if finding.checks else then} {_phrase(follows_the_manuals, language)}")
    return "\n".join(lines) + "\n"


def _scenario_name(finding: Finding) -> str:
    rule = finding.violation.rule if finding.violation is not None else finding.kind
    return f"{rule} ({len(finding.steps[: finding.at + 1])} steps)"
