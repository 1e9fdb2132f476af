"""KPI alerts after each gated run: one alert per KPI move of the published snapshot."""

import dagster as dg

from journey_warehouse.alerts import send_kpi_alerts

from .reports import published_snapshot
from .resources import WarehouseResource


@dg.asset(
    group_name="reports",
    deps=[published_snapshot],
    kinds={"python"},
    description=(
        "KPI alerts: NPS/CSAT/CES per touchpoint and funnel steps that moved beyond their "
        "threshold since the previous month (marts.rpt_kpi_alerts of the published snapshot), "
        "one alert each to JW_ALERTS_LOG and JW_ALERT_WEBHOOK, never twice."
    ),
)
def kpi_alerts(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    result = send_kpi_alerts(warehouse.settings)
    for message in result["sent"]:
        context.log.warning(f"KPI alert: {message['text']}")
    context.log.info(
        f"{result['moves']} KPI move(s) beyond threshold: {len(result['sent'])} alert(s) sent, "
        f"{result['already_sent']} sent before"
    )
    return dg.MaterializeResult(
        metadata={
            "moves": result["moves"],
            "alerts_sent": len(result["sent"]),
            "already_sent": result["already_sent"],
            "alerts": dg.MetadataValue.json([m["text"] for m in result["sent"]]),
        }
    )


assets = [kpi_alerts]
