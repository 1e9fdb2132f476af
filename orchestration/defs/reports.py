"""Publishing the gated snapshot and building the Evidence report site from it."""


import dagster as dg

from orchestration.publish import publish

from .quality import data_quality_gate
from .resources import WarehouseResource


@dg.asset(
    group_name="reports",
    deps=[data_quality_gate],
    kinds={"duckdb"},
    description="Atomically published read-only copy of the marts (data/published/current.duckdb).",
)
def published_snapshot(warehouse: WarehouseResource) -> dg.MaterializeResult:
    result = publish(warehouse.settings)
    return dg.MaterializeResult(
        metadata={
            "snapshot": dg.MetadataValue.path(result["snapshot"]),
            "tables": result["tables"],
            "rows": dg.MetadataValue.json(result["rows"]),
        }
    )


assets = [published_snapshot]
