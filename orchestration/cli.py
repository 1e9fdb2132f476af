"""Command-line entry point: ``journey-warehouse <command>``."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import UTC, datetime

from orchestration.settings import PROJECT_DIR


def _run(args: argparse.Namespace) -> int:
    """Run the nightly job in-process, recording the run in DAGSTER_HOME like the daemon would."""
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_DIR / ".dagster"))
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.automation import write_alert

    job = defs.resolve_job_def("nightly")
    with dg.DagsterInstance.get() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    if not result.success:
        failed = [e.step_key for e in result.all_events if e.is_step_failure]
        write_alert(
            {
                "at": datetime.now(UTC).isoformat(),
                "run_id": result.run_id,
                "job": "nightly",
                "error": f"failed steps: {failed}",
            }
        )
        print(f"nightly run {result.run_id} FAILED at {failed}", file=sys.stderr)
        return 1
    print(f"nightly run {result.run_id} succeeded")
    return 0


def _load(args: argparse.Namespace) -> int:
    """Load landing files without dbt (handy for debugging a file)."""
    from orchestration.landing.loader import load_all
    from orchestration.settings import Settings, connect

    settings = Settings.from_env()
    con = connect(settings)
    try:
        for r in load_all(con, settings.landing_dir, args.dataset or None):
            if r.status != "skipped":
                print(
                    f"{r.dataset:24} {r.file_name:40} {r.status:9} "
                    f"read={r.rows_read} loaded={r.rows_loaded} quarantined={r.rows_quarantined}"
                )
    finally:
        con.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    parser = argparse.ArgumentParser(prog="journey-warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    from orchestration.generator import cli as generator_cli

    generator_cli.add_cli(sub)
    sub.add_parser("run", help="run the nightly pipeline in-process").set_defaults(func=_run)
    load = sub.add_parser("load", help="load new landing files into raw tables only")
    load.add_argument("--dataset", action="append", help="limit to this dataset (repeatable)")
    load.set_defaults(func=_load)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
