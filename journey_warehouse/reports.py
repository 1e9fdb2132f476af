"""Build the Evidence report site (reports/) from the published snapshot.

Evidence reads ``data/published/current.duckdb`` (never the pipeline's file), so a build can run
while the pipeline writes. Builds are serialised by a file lock because they share Evidence's
cache folder; the strict build fails on any query error, and a failed build leaves the previous
site in ``reports/build`` untouched (Evidence only replaces it at the end of a good build).
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import subprocess
import threading
import time
from collections import deque
from pathlib import Path

from journey_warehouse.publish import current_snapshot
from journey_warehouse.settings import PROJECT_DIR, Settings

REPORTS_DIR = PROJECT_DIR / "reports"
BUILD_DIR = REPORTS_DIR / "build"

log = logging.getLogger(__name__)


class ReportBuildError(RuntimeError):
    """An Evidence step failed; the message carries the tail of its output."""


# `evidence sources` exits 0 when a source query fails (the site then lacks that table)
FAILED_SOURCE = re.compile(r"^\s*(\S+) \u2716 (Error: .*)$")


def _npm(script: str, env: dict[str, str], app_dir: Path = REPORTS_DIR) -> float:
    """Run one Evidence step, streaming its output to the log: a build takes minutes."""
    timeout = 1800
    tail: deque[str] = deque(maxlen=80)  # the last lines go into the error message
    failed_sources = []
    log.info("evidence %s: started", script)
    started = time.monotonic()
    with subprocess.Popen(
        ["npm", "run", "--silent", script], cwd=app_dir, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
    ) as process:  # fmt: skip
        timer = threading.Timer(timeout, process.kill)  # a hung step must not block the run
        timer.start()
        try:
            for line in process.stdout or ():
                if line := line.rstrip():
                    tail.append(line)
                    log.info("evidence %s: %s", script, line)
                    if failed := FAILED_SOURCE.match(line):
                        failed_sources.append(f"{failed[1]}: {failed[2]}")
        finally:
            timer.cancel()
        returncode = process.wait()
    seconds = time.monotonic() - started
    if returncode != 0:
        why = f"timed out after {timeout} s" if seconds >= timeout else f"exited {returncode}"
        output = "\n".join(tail)[-3000:]
        raise ReportBuildError(f"evidence {script} failed ({why}, {seconds:.0f} s):\n{output}")
    if failed_sources:
        raise ReportBuildError(
            f"evidence {script}: {len(failed_sources)} source(s) failed:\n"
            + "\n".join(failed_sources[:10])
        )
    log.info("evidence %s: finished in %.1f s", script, seconds)
    return seconds


def copy_status_page(settings: Settings, build_dir: Path | None = None) -> None:
    """The data-quality status page lives next to the site, refreshed even when it is not."""
    build_dir = build_dir or BUILD_DIR
    page = settings.status_page
    if page.exists() and build_dir.exists():
        shutil.copyfile(page, build_dir / page.name)


def remove_stale_files(build_dir: Path, fresh_dir: Path) -> list[Path]:
    """Evidence copies a good build over the old site without removing anything: a page of an
    account deleted since (or a renamed page) would stay online with its old data. Remove what
    the fresh build (``fresh_dir``) no longer has."""
    stale = [
        path for path in build_dir.rglob("*")
        if path.is_file() and not (fresh_dir / path.relative_to(build_dir)).exists()
    ]  # fmt: skip
    for path in stale:
        path.unlink()
    for folder in sorted((p for p in build_dir.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return stale


def build_reports(settings: Settings, app_dir: Path = REPORTS_DIR) -> dict:
    """Build the site of the Evidence app in ``app_dir`` (a copy of reports/ in tests)."""
    snapshot = current_snapshot(settings)
    if not snapshot.exists():
        raise ReportBuildError(f"nothing published yet at {snapshot}")
    if not (app_dir / "node_modules").exists():
        raise ReportBuildError("reports/node_modules is missing: run `make reports-install`")
    build_dir = app_dir / "build"
    env = {
        **os.environ,
        # the DuckDB connector joins the name onto the source folder: a relative path
        "EVIDENCE_SOURCE__warehouse__filename": os.path.relpath(
            snapshot, app_dir / "sources" / "warehouse"
        ),
        "SEND_ANONYMOUS_USAGE_STATS": "no",
    }
    with (app_dir / ".build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        sources_seconds = _npm("sources", env, app_dir)
        build_seconds = _npm("build:strict", env, app_dir)
        remove_stale_files(build_dir, app_dir / ".evidence" / "template" / "build")
        copy_status_page(settings, build_dir)
    pages = sorted(str(p.relative_to(build_dir).parent) for p in build_dir.rglob("index.html")
                   if not str(p.relative_to(build_dir)).startswith(("api/", "_app/")))  # fmt: skip
    return {
        "site": str(build_dir),
        "snapshot": str(Path(os.path.realpath(snapshot))),
        "pages": pages,
        "sources_seconds": round(sources_seconds, 1),
        "build_seconds": round(build_seconds, 1),
    }
