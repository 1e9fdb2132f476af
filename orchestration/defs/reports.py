"""Publishing the gated snapshot and building the Evidence report site from it."""

import dagster as dg

from journey_warehouse.publish import NotPublishable, publish
from journey_warehouse.reports import build_reports

from .quality import data_quality_gate
from .resources import WarehouseResource


@dg.asset(
    group_name="reports",
    deps=[data_quality_gate],
    kinds={"duckdb"},
    description="Atomically published read-only copy of the marts (data/published/current.duckdb).",
)
def published_snapshot(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    try:
        result = publish(warehouse.settings)
    except NotPublishable as refused:  # e.g. dbt ran again after the gate: nothing to retry
        raise dg.Failure(f"not published: {refused}", allow_retries=False) from None
    context.log.info(f"published {result['tables']} tables: {result['snapshot']}")
    return dg.MaterializeResult(
        metadata={
            "snapshot": dg.MetadataValue.path(result["snapshot"]),
            "build_id": result["build_id"],
            "tables": result["tables"],
            "rows": dg.MetadataValue.json(result["rows"]),
        }
    )


@dg.asset(
    group_name="reports",
    deps=[published_snapshot],
    kinds={"evidence"},
    description="Evidence static site (reports/build) built offline from the published snapshot.",
)
def evidence_reports(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    result = build_reports(warehouse.settings)
    context.log.info(f"report site built: {len(result['pages'])} pages in {result['site']}")
    return dg.MaterializeResult(
        metadata={
            "site": dg.MetadataValue.path(result["site"]),
            "pages": dg.MetadataValue.json(result["pages"]),
            "snapshot": dg.MetadataValue.path(result["snapshot"]),
            "build_seconds": result["build_seconds"],
        }
    )


assets = [published_snapshot, evidence_reports]
