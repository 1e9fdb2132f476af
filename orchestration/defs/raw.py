"""Raw assets: one per landing dataset, loading new files into ``raw.<dataset>``."""

from datetime import UTC, datetime

import dagster as dg

from journey_warehouse.alerts import write_alert
from journey_warehouse.landing.contract import DATASETS, Dataset
from journey_warehouse.landing.loader import (
    FileResult,
    LandingDirMissing,
    load_dataset,
    problem_files,
)

from .resources import WarehouseResource

RETRY = dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL)


def _files_table(results: list[FileResult]) -> str:
    rows = [
        "| file | status | reason | read | loaded | quarantined | encoding | unknown columns |",
        "|---|---|---|---:|---:|---:|---|---|",
    ]
    rows += [
        f"| {r.file_name} | {r.status} | {r.reason_code or ''} | {r.rows_read} | {r.rows_loaded} | "
        f"{r.rows_quarantined} | {r.source_encoding or ''} | {', '.join(r.unknown_columns)} |"
        for r in results
    ]
    return "\n".join(rows)


def build_raw_asset(dataset: Dataset) -> dg.AssetsDefinition:
    @dg.asset(
        name=dataset.name,
        key_prefix="raw",
        group_name="raw",
        kinds={"duckdb"},
        description=dataset.doc,
        retry_policy=RETRY,
    )
    def _raw(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        landing_dir = warehouse.settings.landing_dir
        with warehouse.connect() as con:
            try:
                results = load_dataset(con, dataset, landing_dir)
            except LandingDirMissing as missing:  # a wrong setting: retrying cannot help
                raise dg.Failure(str(missing), allow_retries=False) from None
        new = [r for r in results if r.status not in ("skipped", "pending")]
        pending = [r for r in results if r.status == "pending"]
        if problems := problem_files(results):  # the run goes on: the alert names the files
            _alert_problem_files(context, dataset, problems)
        read = sum(r.rows_read for r in new)
        loaded = sum(r.rows_loaded for r in new)
        quarantined = sum(r.rows_quarantined for r in new)
        # the loader logs a line per file; this is the dataset's total
        context.log.info(
            f"{dataset.name}: {len(new)} new files, {read} rows read, {loaded} loaded, "
            f"{quarantined} quarantined"
            if new
            else f"{dataset.name}: no new files in {landing_dir}"
        )
        return dg.MaterializeResult(
            metadata={
                "files_new": len(new),
                "files_skipped": len(results) - len(new) - len(pending),
                "files_rejected": sum(r.status == "rejected" for r in new),
                "files_pending": len(pending),
                "problem_files": dg.MetadataValue.json([r.path or r.file_name for r in problems]),
                "rows_read": read,
                "rows_loaded": loaded,
                "rows_quarantined": quarantined,
                "reconciled": read == loaded + quarantined,
                "files": dg.MetadataValue.md(_files_table(new + pending)),
            }
        )

    return _raw


def _alert_problem_files(
    context: dg.AssetExecutionContext, dataset: Dataset, problems: list[FileResult]
) -> None:
    """Files rejected in this run, or left pending on a read error: logged and alerted."""
    lines = [f"{r.path or r.file_name} ({r.status}, {r.reason_code}): {r.error}" for r in problems]
    summary = f"{dataset.name}: {len(problems)} landing file(s) not loaded"
    context.log.warning(summary + ":\n" + "\n".join(lines))
    files = [
        {"file": r.path or r.file_name, "status": r.status, "reason_code": r.reason_code,
         "message": r.error}
        for r in problems
    ]  # fmt: skip
    write_alert(
        {
            "at": datetime.now(UTC).isoformat(),
            "run_id": context.run_id,
            "job": context.job_name,
            "dataset": dataset.name,
            "error": summary + ": " + "; ".join(lines),
            "files": files,
        }
    )


raw_assets = [build_raw_asset(dataset) for dataset in DATASETS.values()]
