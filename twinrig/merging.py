"""``twinrig merge``: the results of a run's shards (``--shard K/N``) as one run's.

Shard K of N plays the K-th of N consecutive shares of the scenarios, in the collection's
order, so the shards' scenarios one after another, K = 1 to N, are a serial run's. The merge
reads each shard's results JSON, checks that they are the N shares of one run (one seed, one
platform, every K once), and tells the rig's handlers the merged run, as a run would: the results
JSON, JUnit XML, Cucumber Messages and the summary. What JSON does not keep, the merge reads
again as the run read it: each feature file's reading (:mod:`core.gherkin`), the step library's
phrases, and each step's match (the library's lookup, :func:`twinrig.life.matches`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from core.features import REPOSITORY, load
from core.results import RunResult
from core.verdicts import RigError
from steps.registry import LIBRARY
from twinrig.life import matches


def merged(paths: Sequence[Path]) -> RunResult:
    """The run whose shards' results JSON files are at *paths* (in any order)."""
    shards = [RunResult.from_json(json.loads(path.read_text(encoding="utf-8"))) for path in paths]
    if not shards:
        raise RigError("twinrig merge: give the results JSON of every shard")
    if any(shard.shard is None for shard in shards):
        raise RigError("twinrig merge: every results file must be a shard's (twinrig run --shard K/N --json ...)")
    counts = {shard.shard[1] for shard in shards if shard.shard}
    runs = {(shard.seed, shard.platform) for shard in shards}
    given = sorted(shard.shard[0] for shard in shards if shard.shard)
    if len(counts) != 1 or len(runs) != 1 or given != list(range(1, next(iter(counts)) + 1)):
        raise RigError(
            f"twinrig merge: not every shard of one run (shards {given} of {sorted(counts)}, runs {sorted(runs)})"
        )
    ordered = sorted(shards, key=lambda shard: shard.shard or (0, 0))
    run = RunResult(ordered[0].seed, ordered[0].platform)
    run.declaration = next((shard.declaration for shard in ordered if shard.declaration is not None), None)
    run.rejected_webhooks = sum(shard.rejected_webhooks for shard in ordered)
    run.scenarios = [scenario for shard in ordered for scenario in shard.scenarios]
    for scenario in run.scenarios:
        if scenario.feature not in run.features:
            reading = load(REPOSITORY / scenario.feature).gherkin
            if reading is not None:
                run.features[scenario.feature] = reading
        scenario.steps = [replace(step, matches=matches(step.text)) for step in scenario.steps]
    if run.scenarios:
        run.phrases = LIBRARY.phrases()
    return run
