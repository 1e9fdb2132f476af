"""The alert channel (JW_ALERTS_LOG, JW_ALERT_WEBHOOK) and the KPI alerts sent through it.

``write_alert`` appends one JSON line to the alerts log and POSTs it to the webhook if one is
set; run failures and KPI moves both go through it. ``send_kpi_alerts`` reads the rows of
``rpt_kpi_alerts`` with ``is_alert`` from the published snapshot (so an alert only ever quotes
numbers that passed the quality gate) and writes one alert per move: a move whose
``kpi_alert_id`` is already in the alerts log is not sent again, so the nights of a month that
keep showing the same move send it once.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from journey_warehouse.publish import current_snapshot
from journey_warehouse.settings import Settings

log = logging.getLogger(__name__)

KPI_ALERTS_TABLE = "rpt_kpi_alerts"
KIND = "kpi_alert"
SUBJECTS = {"event_type": "touchpoint", "journey_stage": "funnel step into"}


def write_alert(message: dict, settings: Settings | None = None) -> None:
    """Append the alert to the alerts log and POST it to JW_ALERT_WEBHOOK if one is set."""
    settings = settings or Settings.from_env()
    settings.alerts_log.parent.mkdir(parents=True, exist_ok=True)
    with settings.alerts_log.open("a", encoding="utf-8") as alerts:
        alerts.write(json.dumps(message) + "\n")
    if url := settings.alert_webhook:
        request = urllib.request.Request(
            url, data=json.dumps(message).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            urllib.request.urlopen(request, timeout=10)
        except OSError as error:  # the log line above is written; a dead hook must not hide it
            log.warning("alert webhook %s failed: %s", url, error)


def _number(value: float) -> str:
    return f"{value:+.1f}" if value else "0.0"


def kpi_alert_message(row: dict, at: str | None = None) -> dict:
    """One alert: what moved (metric, business model, touchpoint or funnel step), from what to
    what, by how much, on how many responses (journeys for a funnel step), and a sentence."""
    subject = SUBJECTS.get(row["dimension_name"], row["dimension_name"])
    unit = row["unit"]
    counted = "journeys" if row["metric"] == "step_conversion" else "responses"
    month, previous = str(row["current_period_start"])[:7], str(row["previous_period_start"])[:7]
    text = (
        f"{row['metric_label']} ({row['business_model'].upper()}) at {subject} "
        f"{row['dimension_value']}: {row['current_value']:.1f} in {month} vs "
        f"{row['previous_value']:.1f} in {previous}, {_number(row['value_change'])} {unit} "
        f"(threshold {row['threshold']:g}) on {row['current_sample_size']} {counted} "
        f"({row['previous_sample_size']} before)"
        + ("" if row["is_significant"] else "; within the 95 % margin of error")
    )
    return {
        "at": at or datetime.now(UTC).isoformat(),
        "kind": KIND,
        "alert_id": row["kpi_alert_id"],
        "metric": row["metric"],
        "metric_label": row["metric_label"],
        "business_model": row["business_model"],
        "dimension": row["dimension_name"],
        ("touchpoint" if row["dimension_name"] == "event_type" else "funnel_step"): row[
            "dimension_value"
        ],
        "period": month,
        "previous_period": previous,
        "current_value": round(row["current_value"], 2),
        "previous_value": round(row["previous_value"], 2),
        "change": round(row["value_change"], 2),
        "unit": unit,
        "direction": row["direction"],
        "threshold": row["threshold"],
        "sample_size": row["current_sample_size"],
        "previous_sample_size": row["previous_sample_size"],
        "is_significant": row["is_significant"],
        "text": text,
    }


def kpi_alert_rows(snapshot: Path) -> list[dict]:
    """The moves of a published snapshot that are alerts, biggest first; none if the snapshot
    predates rpt_kpi_alerts."""
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        tables = {
            row[0] for row in con.execute("select table_name from duckdb_tables()").fetchall()
        }
        if KPI_ALERTS_TABLE not in tables:
            log.warning("%s has no %s: no KPI alerts", snapshot, KPI_ALERTS_TABLE)
            return []
        cursor = con.execute(
            f"select * from {KPI_ALERTS_TABLE} where is_alert "
            "order by abs(value_change) desc, kpi_alert_id"
        )
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def sent_alert_ids(alerts_log: Path) -> set[str]:
    """The KPI alerts already in the alerts log (lines that are not JSON are skipped)."""
    if not alerts_log.exists():
        return set()
    sent = set()
    for line in alerts_log.read_text(encoding="utf-8").splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if isinstance(message, dict) and message.get("kind") == KIND:
            sent.add(message.get("alert_id"))
    return sent


def send_kpi_alerts(settings: Settings | None = None) -> dict:
    """Write one alert per KPI move of the published snapshot not sent before."""
    settings = settings or Settings.from_env()
    snapshot = current_snapshot(settings)
    if not snapshot.exists():
        return {"moves": 0, "sent": [], "already_sent": 0, "snapshot": None}
    rows = kpi_alert_rows(snapshot)
    sent_before = sent_alert_ids(settings.alerts_log)
    at = datetime.now(UTC).isoformat()
    sent = []
    for row in rows:
        if row["kpi_alert_id"] in sent_before:
            continue
        message = kpi_alert_message(row, at)
        write_alert(message, settings)
        log.warning("KPI alert: %s", message["text"])
        sent.append(message)
    return {
        "moves": len(rows),
        "sent": sent,
        "already_sent": len(rows) - len(sent),
        "snapshot": str(snapshot),
    }
