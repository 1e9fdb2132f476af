"""The blocking data-quality gate between the warehouse build and publishing."""

import dagster as dg

from journey_warehouse.quality.gate import DATA_DOCS, record, report, run_gate
from journey_warehouse.quality.suites import SUITES
from journey_warehouse.reports import copy_status_page
from journey_warehouse.status import record_gate

from .resources import WarehouseResource

GATE_CHECK = "expectations_pass"


@dg.asset(
    group_name="quality",
    deps=[dg.AssetKey(["marts", table]) for table in SUITES],
    check_specs=[dg.AssetCheckSpec(GATE_CHECK, asset="data_quality_gate", blocking=True)],
    kinds={"great_expectations"},
    description="Great Expectations checkpoints over the marts; a failure stops the publish.",
)
def data_quality_gate(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        gate = run_gate(con)
        record(con, gate)
    settings = warehouse.settings
    status = record_gate(settings, gate, DATA_DOCS)
    copy_status_page(settings)  # visible next to the site even when the site is not rebuilt
    if gate.success:
        context.log.info(report(gate))
    else:
        context.log.error(report(gate))
    failed = [f"{f.table_name}.{f.column_name or ''} {f.expectation}" for f in gate.failures]
    yield dg.MaterializeResult(
        metadata={
            "expectations": len(gate.outcomes),
            "failed": len(gate.failures),
            "failing_since": status["failing_since"] or "",
            "data_docs": dg.MetadataValue.path(str(DATA_DOCS)),
        },
        check_results=[
            dg.AssetCheckResult(
                check_name=GATE_CHECK,
                passed=gate.success,
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={"failed_expectations": dg.MetadataValue.json(failed)},
            )
        ],
    )


assets = [data_quality_gate]
asset_checks: list = []
