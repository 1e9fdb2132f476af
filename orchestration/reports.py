"""Build the Evidence report site (reports/) from the published snapshot.

Evidence reads ``data/published/current.duckdb`` (never the pipeline's file), so a build can run
while the pipeline writes. Builds are serialised by a file lock because they share Evidence's
cache folder; the strict build fails on any query error, and a failed build leaves the previous
site in ``reports/build`` untouched (Evidence only replaces it at the end of a good build).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from pathlib import Path

from orchestration.publish import current_snapshot
from orchestration.settings import PROJECT_DIR, Settings

REPORTS_DIR = PROJECT_DIR / "reports"
SOURCE_DIR = REPORTS_DIR / "sources" / "warehouse"
BUILD_DIR = REPORTS_DIR / "build"


class ReportBuildError(RuntimeError):
    """An Evidence step failed; the message carries the tail of its output."""


def _npm(script: str, env: dict[str, str]) -> float:
    started = time.monotonic()
    result = subprocess.run(
        ["npm", "run", "--silent", script], cwd=REPORTS_DIR, env=env,
        capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    if result.returncode != 0:
        tail = (result.stdout + result.stderr)[-3000:]
        raise ReportBuildError(f"evidence {script} failed:\n{tail}")
    return time.monotonic() - started


def copy_status_page(settings: Settings) -> None:
    """The data-quality status page lives next to the site, refreshed even when it is not."""
    page = settings.status_page
    if page.exists() and BUILD_DIR.exists():
        shutil.copyfile(page, BUILD_DIR / page.name)


def build_reports(settings: Settings) -> dict:
    snapshot = current_snapshot(settings)
    if not snapshot.exists():
        raise ReportBuildError(f"nothing published yet at {snapshot}")
    if not (REPORTS_DIR / "node_modules").exists():
        raise ReportBuildError("reports/node_modules is missing: run `make reports-install`")
    env = {
        **os.environ,
        "EVIDENCE_SOURCE__warehouse__filename": os.path.relpath(snapshot, SOURCE_DIR),
        "SEND_ANONYMOUS_USAGE_STATS": "no",
    }
    lock_path = REPORTS_DIR / ".build.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources_seconds = _npm("sources", env)
        build_seconds = _npm("build:strict", env)
        copy_status_page(settings)
    pages = sorted(str(p.relative_to(BUILD_DIR).parent) for p in BUILD_DIR.rglob("index.html")
                   if not str(p.relative_to(BUILD_DIR)).startswith(("api/", "_app/")))  # fmt: skip
    return {
        "site": str(BUILD_DIR),
        "snapshot": str(Path(os.path.realpath(snapshot))),
        "pages": pages,
        "sources_seconds": round(sources_seconds, 1),
        "build_seconds": round(build_seconds, 1),
    }
