"""The Allure HTML report: Allure 3 (npm package ``allure``) turns a results folder into one file.

The generator is installed into ``node_modules`` by ``scripts/bootstrap.sh`` from the
repository's ``package.json``, and configured by ``allurerc.mjs`` (single-file mode, the
history file, the categories the run wrote). Beside the report goes the requirement catalogue
page the report's requirement links point into.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from core.features import REPOSITORY
from core.verdicts import RigError
from reports.allure import CATALOGUE_PAGE, catalogue_page
from reports.catalogue import load_catalogue

GENERATOR = REPOSITORY / "node_modules" / ".bin" / "allure"
CONFIG = REPOSITORY / "allurerc.mjs"
RESULTS = Path("out/allure-results")
REPORT = Path("out/allure-report")
HISTORY = Path("out/allure-history.jsonl")
"""Where ``twinrig run`` writes its Allure results, and where ``twinrig report`` puts the report and history."""
NAME = "twinrig conformance"


def generate(results: list[Path], report: Path, history: Path, name: str = NAME) -> Path:
    """Generate the single-file report of the *results* folders into *report*, adding this run to *history*.

    Returns the report's ``index.html``; a missing results folder, generator or Node.js is a
    :class:`RigError` that says what to do.
    """
    for folder in results:
        if not any(folder.glob("*-result.json")):
            raise RigError(
                f"no Allure results in {folder}: run `twinrig run` first (or behave with -D allure={folder})"
            )
    if not GENERATOR.exists():
        raise RigError(f"the Allure report generator is not installed ({GENERATOR}): run `make install`")
    if shutil.which("node") is None:
        raise RigError("the Allure report generator needs Node.js: install it (Debian: apt-get install nodejs)")
    report.mkdir(parents=True, exist_ok=True)
    history.parent.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "TWINRIG_ALLURE_RESULTS": str(results[0].resolve()),  # its categories.json
        "TWINRIG_ALLURE_HISTORY": str(history.resolve()),
        "TWINRIG_ALLURE_NAME": name,
        "NO_COLOR": "1",
    }
    folders = [str(folder.resolve()) for folder in results]
    command = [str(GENERATOR), "generate", *folders, "--config", str(CONFIG), "--output", str(report.resolve())]
    try:
        done = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600, check=False)
    except subprocess.TimeoutExpired as timeout:
        raise RigError("the Allure report generator did not finish in 10 minutes") from timeout
    index = report / "index.html"
    if done.returncode != 0 or not index.is_file():
        output = (done.stdout + done.stderr).strip().splitlines()[-15:]
        raise RigError(f"the Allure report generator failed (exit {done.returncode}):\n" + "\n".join(output))
    (report / CATALOGUE_PAGE).write_text(catalogue_page(load_catalogue()), encoding="utf-8")
    return index
