"""A handler of twinrig's events: posts each scenario's verdict, and the run's totals, to a URL.

TWINRIG_POST_URL=http://127.0.0.1:9000/results PYTHONPATH=. twinrig run --handler docs.examples.post_results:poster
"""

import json
import os
import urllib.request

from core.hooks import hookimpl
from core.results import RunResult, ScenarioResult


class Poster:
    """Posts every finished scenario, and the run's totals, as JSON to ``$TWINRIG_POST_URL``."""

    def post(self, body: dict[str, object]) -> None:
        url = os.environ.get("TWINRIG_POST_URL")
        if url:
            request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=5).close()

    @hookimpl
    def twinrig_scenario_finished(self, result: ScenarioResult) -> None:
        self.post({"scenario": result.name, "verdict": result.verdict.value, "requirements": result.requirements})

    @hookimpl
    def twinrig_run_finished(self, results: RunResult) -> None:
        self.post({"platform": results.platform, "seed": results.seed, "totals": results.totals()})


poster = Poster()
