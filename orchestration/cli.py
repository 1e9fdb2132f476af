"""Command-line entry point: ``journey-warehouse <command>``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from journey_warehouse.landing.loader import LandingDirMissing
from journey_warehouse.settings import PROJECT_DIR, Settings, SettingsError, check_demo_key
from journey_warehouse.voc.files import FeedbackFileError
from journey_warehouse.voc.lexicon import LexiconError

if TYPE_CHECKING:
    from dagster import DagsterEvent

# the console log of a run: steps, loads, gate and publish results, without Dagster's DEBUG lines
RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}


def _failure_message(event: DagsterEvent) -> str:
    """A failed step's own description (dg.Failure), else the first line of its root error
    (a step that ran out of retries says so, and why)."""
    data = event.step_failure_data
    if data.user_failure_data and data.user_failure_data.description:
        return data.user_failure_data.description
    if data.error is None:
        return "unknown error"
    error, root = data.error, data.error
    while root.cause is not None:
        root = root.cause
    first_line = root.message.strip().splitlines()[0]
    return first_line if root is error else f"{error.message.strip()}: {first_line}"


def _run(args: argparse.Namespace) -> int:
    """Run the nightly job in-process, recording the run in DAGSTER_HOME like the daemon would."""
    settings = Settings.from_env()
    if not settings.landing_dir.is_dir():  # every raw load would fail on it: say so before starting
        raise LandingDirMissing(settings.landing_dir)
    if warning := check_demo_key(settings.landing_dir):
        print(f"WARNING: {warning}", file=sys.stderr)
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_DIR / ".dagster"))
    import dagster as dg
    from dagster._core.utils import make_new_run_id

    from journey_warehouse.status import record_run_start
    from orchestration.definitions import defs
    from orchestration.defs.monitoring import (
        NIGHTLY,
        mark_abandoned_runs_failed,
        report_run_outcome,
    )

    job = defs.resolve_job_def(NIGHTLY)
    run_config = RUN_CONFIG
    if args.full_refresh:
        dbt_step = {"warehouse_dbt_assets": {"config": {"full_refresh": True}}}
        run_config = {**RUN_CONFIG, "ops": dbt_step}
    selection = None
    if args.skip_reports:  # every step but the Evidence build (the KPI alerts still run)
        skipped = dg.AssetKey("evidence_reports")
        keys = defs.resolve_asset_graph().materializable_asset_keys
        selection = sorted((key for key in keys if key != skipped), key=str)
    with dg.DagsterInstance.get() as instance:
        # no daemon watches in-process runs: a killed earlier run is found here
        for run_id, message in mark_abandoned_runs_failed(instance):
            print(f"earlier nightly run {run_id}: {message}", file=sys.stderr)
            report_run_outcome(settings, run_id, NIGHTLY, [], message)
        run_id = make_new_run_id()
        record_run_start(settings, run_id)
        result = job.execute_in_process(
            run_config=run_config, instance=instance, raise_on_error=False,
            asset_selection=selection, run_id=run_id,
        )  # fmt: skip
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        failed = [e.step_key for e in failures]
        reasons = list(dict.fromkeys(_failure_message(event) for event in failures))
        error = f"failed at {', '.join(failed)}: {'; '.join(reasons)}"[:1000]
        report_run_outcome(settings, result.run_id, NIGHTLY, failed, error)
        print(f"nightly run {result.run_id} FAILED at {failed}", file=sys.stderr)
        for why in reasons:
            print(f"  {why}", file=sys.stderr)
        return 1
    report_run_outcome(settings, result.run_id, NIGHTLY, None)
    print(f"nightly run {result.run_id} succeeded")
    print(
        "report site: reports/build  (serve it with `make serve-reports`, then open "
        "http://localhost:4173; data-quality status: /data-quality-status.html)"
    )
    return 0


def _load(args: argparse.Namespace) -> int:
    """Load landing files without dbt (handy for debugging a file)."""
    from journey_warehouse.landing.loader import load_all
    from journey_warehouse.settings import connect

    settings = Settings.from_env()
    if not settings.landing_dir.is_dir():  # before connecting: no empty warehouse file left behind
        raise LandingDirMissing(settings.landing_dir)
    if warning := check_demo_key(settings.landing_dir):
        print(f"WARNING: {warning}", file=sys.stderr)
    con = connect(settings)
    try:
        new = [
            r for r in load_all(con, settings.landing_dir, args.dataset or None)
            if r.status != "skipped"
        ]  # fmt: skip
    finally:
        con.close()
    for r in new:
        print(
            f"{r.dataset:24} {r.file_name:40} {r.status:9} "
            f"read={r.rows_read} loaded={r.rows_loaded} quarantined={r.rows_quarantined}"
            + (f" {r.reason_code}: {r.error}" if r.reason_code else "")
        )
    if not new:
        print(f"no new files in {settings.landing_dir}")
    return 0


def _gate(args: argparse.Namespace) -> int:
    """Run the Great Expectations gate on the warehouse (what the nightly job does after dbt)."""
    from journey_warehouse.quality.gate import DATA_DOCS, record, report, run_gate
    from journey_warehouse.reports import copy_status_page
    from journey_warehouse.settings import connect
    from journey_warehouse.status import record_gate

    settings = Settings.from_env()
    con = connect(settings)
    try:
        gate = run_gate(con)
        record(con, gate)
    finally:
        con.close()
    status = record_gate(settings, gate, DATA_DOCS)
    copy_status_page(settings)
    print(report(gate), file=sys.stderr)  # stdout stays the JSON summary, for scripts
    print(json.dumps({k: status[k] for k in ("success", "expectations", "failing_since")}))
    return 0 if gate.success else 1


def _publish(args: argparse.Namespace) -> int:
    """Publish the marts as a read-only snapshot, only if the last gate passed on the newest
    dbt build."""
    from journey_warehouse.publish import NotPublishable, publish

    try:
        result = publish(Settings.from_env(), force=args.force)
    except NotPublishable as refused:
        print(f"not published: {refused}; --force publishes anyway", file=sys.stderr)
        return 1
    print(json.dumps(result["snapshot"]))
    return 0


def _reports(args: argparse.Namespace) -> int:
    """Build the Evidence site from the published snapshot."""
    from journey_warehouse.reports import build_reports

    print(json.dumps(build_reports(Settings.from_env()), indent=2))
    return 0


def _alerts(args: argparse.Namespace) -> int:
    """Send the KPI alerts of the published snapshot not sent before (what the nightly job
    does after publishing); prints the alerts sent, one JSON line each."""
    from journey_warehouse.alerts import send_kpi_alerts

    result = send_kpi_alerts(Settings.from_env())
    for message in result["sent"]:
        print(json.dumps(message))
    print(f"{result['moves']} KPI move(s) beyond threshold in {result['snapshot']}: "
          f"{len(result['sent'])} alert(s) sent, {result['already_sent']} sent before",
          file=sys.stderr)  # fmt: skip
    return 0


def _replay(args: argparse.Namespace) -> int:
    """Load a dataset's quarantined rows again, after their cause was fixed."""
    from journey_warehouse.landing.replay import ReplayError, replay
    from journey_warehouse.settings import connect

    con = connect(Settings.from_env())
    try:
        result = replay(con, args.dataset, reason=args.reason, file_name=args.file)
    except ReplayError as refused:
        print(f"journey-warehouse replay: {refused}", file=sys.stderr)
        return 2
    finally:
        con.close()
    print(json.dumps(result.as_dict()))
    return 0


def _classify_feedback(args: argparse.Namespace) -> int:
    """Themes and sentiment of a CSV of comments, by the code and seeds the warehouse uses."""
    from journey_warehouse.voc.files import classify_csv

    summary = classify_csv(args.input, args.output, args.seeds, explain=args.explain)
    print(json.dumps(summary))
    return 0


def _export_lake(args: argparse.Namespace) -> int:
    """The raw tables as Parquet in the lake folder (JW_LAKE_DIR), for engines other than DuckDB."""
    from journey_warehouse.lake import export_raw

    print(json.dumps(export_raw()))
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("great_expectations", "alembic"):  # alembic: Dagster's run-storage migrations
        logging.getLogger(noisy).setLevel(logging.WARNING)
    parser = argparse.ArgumentParser(prog="journey-warehouse", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    from tools.generator import cli as generator_cli

    generator_cli.add_cli(sub)
    run = sub.add_parser("run", help="run the nightly pipeline in-process")
    run.add_argument(
        "--full-refresh", action="store_true",
        help="rebuild the incremental models from scratch (after a model, dbt var or key change)",
    )  # fmt: skip
    run.add_argument(
        "--skip-reports", action="store_true",
        help="every step but the report site build (load, dbt, gate, publish, KPI alerts)",
    )  # fmt: skip
    run.set_defaults(func=_run)
    load = sub.add_parser("load", help="load new landing files into raw tables only")
    load.add_argument("--dataset", action="append", help="limit to this dataset (repeatable)")
    load.set_defaults(func=_load)
    replay = sub.add_parser(
        "replay", help="load quarantined rows of a dataset again, once their cause is fixed",
        description=(
            "Writes the dataset's quarantined rows (not yet replayed; optionally of one reason "
            "code or file) as a new file and loads it: rows that pass now load, the others are "
            "quarantined again under the replay file. Run dbt (or the nightly job) afterwards."
        ),
    )  # fmt: skip
    replay.add_argument("--dataset", required=True, help="e.g. orders, touchpoints")
    replay.add_argument("--reason", help="only rows quarantined with this reason code")
    replay.add_argument("--file", help="only rows of this landing file (its ledger file_name)")
    replay.set_defaults(func=_replay)
    sub.add_parser(
        "export-lake", help="write the raw tables as Parquet to JW_LAKE_DIR (Spark reads them)"
    ).set_defaults(func=_export_lake)
    sub.add_parser("gate", help="run the data-quality gate").set_defaults(func=_gate)
    publish = sub.add_parser("publish", help="publish the marts snapshot (after a passed gate)")
    publish.add_argument("--force", action="store_true", help="publish even if the gate failed")
    publish.set_defaults(func=_publish)
    sub.add_parser("reports", help="build the report site").set_defaults(func=_reports)
    sub.add_parser(
        "alerts", help="send the KPI alerts of the published snapshot (once per move)"
    ).set_defaults(func=_alerts)
    classify = sub.add_parser(
        "classify-feedback",
        help="tag themes and sentiment of a CSV of comments (comment_id, language, comment)",
        description=(
            "Adds themes (semicolon-separated, empty when none), sentiment (positive, neutral, "
            "negative) and sentiment_score to each row, with the classifier and the seed files "
            "the nightly dbt run uses: try a change to the taxonomy on a CSV before the run."
        ),
    )
    classify.add_argument(
        "--input", required=True, type=Path, help="CSV: comment_id, language, comment"
    )
    classify.add_argument("--output", required=True, type=Path, help="CSV to write")
    classify.add_argument(
        "--seeds", type=Path, default=PROJECT_DIR / "seeds",
        help="folder with the seed CSV files (default: the project's seeds/)",
    )  # fmt: skip
    classify.add_argument(
        "--explain", action="store_true",
        help="also write primary_theme and the seed terms that tagged each theme",
    )  # fmt: skip
    classify.set_defaults(func=_classify_feedback)
    args = parser.parse_args(argv)
    try:
        Settings.from_env()  # every JW_* variable checked once, before any work starts
        return args.func(args)
    except (SettingsError, LandingDirMissing, FeedbackFileError, LexiconError, OSError) as error:
        # an operator's mistake: no traceback
        print(f"journey-warehouse: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
