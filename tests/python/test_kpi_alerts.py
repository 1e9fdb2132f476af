"""KPI alerts after a gated run, on a replayed night.

A small day-grain landing zone (the demo year 2025) is loaded up to December 17 with a baseline
of injected NPS answers about one touchpoint type (40 in November, 40 in early December, NPS 75
both times) and built, gated, published and alerted (no alert: no move). The next night brings
December 18 and 40 detractors about the same touchpoint type; the real
nightly job (`journey-warehouse run --skip-reports`: load, dbt build with its tests, gate,
publish, KPI alerts) must write exactly one alert, to the alerts log and the webhook, naming the
metric, the touchpoint, both values, the change and the sample sizes; a second send writes
nothing (one alert per move).

The touchpoint type is one no generated answer is about (every generated answer references its
touchpoint or its order, and orders resolve to purchases), so the expected numbers follow from
the injected answers alone: November 30 x 10 and 10 x 8 -> NPS 75 on 40; December 30 x 10,
10 x 8, 40 x 2 -> NPS (30 - 40) / 80 = -12.5 on 80, a change of -87.5 points.
"""

from __future__ import annotations

import csv
import http.server
import json
import os
import shutil
import subprocess
import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from .conftest import PROJECT_DIR

pytestmark = pytest.mark.integration

CLI = str(PROJECT_DIR / ".venv" / "bin" / "journey-warehouse")
DBT = str(PROJECT_DIR / ".venv" / "bin" / "dbt")
EVENTS = 20_000
START = date(2025, 1, 1)
DAYS = 365
FIRST_DAYS = 351  # up to December 17; the replayed night brings day 352, December 18
FEEDBACK_COLUMNS = [
    "response_id", "responded_at", "survey_type", "score", "customer_id", "anonymous_id",
    "account_id", "contact_id", "touchpoint_event_id", "order_id", "channel", "language",
    "comment",
]  # fmt: skip


def day(n: int) -> date:
    return START + timedelta(days=n - 1)


def run(env: dict, *command: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        list(command), cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=900
    )
    if result.returncode != 0:
        raise AssertionError(f"{command} failed:\n{result.stdout[-4000:]}\n{result.stderr[-3000:]}")
    return result


def answers(tag: str, events: list[dict], when: datetime, scores: list[int]) -> list[dict]:
    """NPS answers about the given touchpoints (one each, in turn), an hour apart."""
    rows = []
    for i, score in enumerate(scores):
        event = events[i % len(events)]
        rows.append({
            "response_id": f"rsp_{tag}_{i:03d}",
            "responded_at": (when + timedelta(hours=i)).isoformat(timespec="seconds"),
            "survey_type": "nps", "score": score,
            "customer_id": event.get("customer_id") or "",
            "anonymous_id": event.get("anonymous_id") or "",
            "touchpoint_event_id": event["event_id"], "channel": "email", "language": "en",
        })  # fmt: skip
    return rows


def write_feedback(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, FEEDBACK_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)


def scores(warehouse: Path, touchpoint: str) -> list[tuple]:
    """NPS per month at the touchpoint type, as rpt_voice_of_customer has it."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            "select cast(responded_month_date as varchar), responses, promoters, detractors, nps "
            "from marts.rpt_voice_of_customer where business_model = 'b2c' and survey_type = 'nps' "
            "and dimension_name = 'event_type' and dimension_value = ? order by 1",
            [touchpoint],
        ).fetchall()
    finally:
        con.close()


def alert_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture(scope="module")
def webhook():
    received: list[dict] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/alerts", received
    server.shutdown()


@pytest.fixture(scope="module")
def replay(tmp_path_factory, webhook):
    root = tmp_path_factory.mktemp("kpi_alerts")
    generated, landing = root / "generated", root / "landing"
    landing.mkdir()
    (root / "dagster").mkdir()
    env = {
        **os.environ,
        "JW_DUCKDB_PATH": str(root / "warehouse.duckdb"),
        "JW_LANDING_DIR": str(landing),
        "JW_PUBLISH_DIR": str(root / "published"),
        "JW_ALERTS_LOG": str(root / "alerts.log"),
        "JW_ALERT_WEBHOOK": webhook[0],
        "DAGSTER_HOME": str(root / "dagster"),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DO_NOT_TRACK": "1",
    }
    run(env, CLI, "generate", "--events", str(EVENTS), "--seed", "42", "--out", str(generated),
        "--grain", "day", "--start", str(START), "--days", str(DAYS), "--format", "jsonl",
        "--fault-rate", "0", "--no-progress")  # fmt: skip

    def copy_day(n: int) -> None:
        for path in generated.glob(f"*_{day(n)}.*"):
            shutil.copy(path, landing / path.name)

    for path in generated.glob("crm_*.csv"):
        shutil.copy(path, landing / path.name)
    for n in range(1, FIRST_DAYS + 1):
        copy_day(n)

    # a B2C touchpoint type that no generated answer is about, and touchpoints of it that night 1
    # loads (late events sit in later files) of people who are never linked to an account
    events = [json.loads(line) for path in sorted(generated.glob("touchpoints_*.jsonl"))
              for line in path.read_text().splitlines()]  # fmt: skip
    by_id = {event["event_id"]: event for event in events}
    referenced = set()
    for path in generated.glob("feedback_*.csv"):
        with path.open(encoding="utf-8") as handle:
            referenced |= {by_id[r["touchpoint_event_id"]]["event_type"]
                           for r in csv.DictReader(handle) if r["touchpoint_event_id"] in by_id}  # fmt: skip
    b2b = {e.get(k) for e in events if e.get("account_id") for k in ("anonymous_id", "customer_id")}
    loaded = {line_event["event_id"] for n in range(1, FIRST_DAYS + 1)
              for path in generated.glob(f"touchpoints_{day(n)}.jsonl")
              for line_event in map(json.loads, path.read_text().splitlines())}  # fmt: skip
    b2c = [e for e in events if e["event_id"] in loaded and not e.get("account_id")
           and e.get("customer_id") and not {e.get("anonymous_id"), e["customer_id"]} & b2b]  # fmt: skip
    counts = Counter(e["event_type"] for e in b2c)
    touchpoint = next(t for t, _ in counts.most_common() if t not in referenced | {"purchase"})
    about = [e for e in b2c if e["event_type"] == touchpoint][:40]
    assert len(about) == 40

    baseline = [10] * 30 + [8] * 10
    write_feedback(landing / "feedback_injected_baseline.csv", [
        *answers("nov", about, datetime(2025, 11, 10, 9, tzinfo=UTC), baseline),
        *answers("dec", about, datetime(2025, 12, 3, 9, tzinfo=UTC), baseline),
    ])  # fmt: skip

    # night 1: the steps of the nightly job one by one (dbt without its tests, for speed)
    run(env, CLI, "load")
    dbt_env = {**env, "DBT_TARGET_PATH": str(root / "target"), "DBT_LOG_PATH": str(root / "logs")}
    run(dbt_env, DBT, "build", "--exclude-resource-type", "test", "--exclude-resource-type",
        "unit_test")  # fmt: skip
    run(env, CLI, "gate")
    run(env, CLI, "publish")
    run(env, CLI, "alerts")
    after_first_night = alert_lines(root / "alerts.log")
    baseline_scores = scores(Path(env["JW_DUCKDB_PATH"]), touchpoint)
    hook_first_night = list(webhook[1])

    # night 2: a day later, with 40 detractors about the same touchpoint type
    copy_day(FIRST_DAYS + 1)
    write_feedback(landing / f"feedback_injected_{day(FIRST_DAYS + 1)}.csv",
                   answers("drop", about, datetime(2025, 12, 18, 8, tzinfo=UTC), [2] * 40))  # fmt: skip
    nightly = run(env, CLI, "run", "--skip-reports")
    after_second_night = alert_lines(root / "alerts.log")
    resent = run(env, CLI, "alerts")
    return {
        "root": root,
        "env": env,
        "touchpoint": touchpoint,
        "first_night": after_first_night,
        "hook_first_night": hook_first_night,
        "second_night": after_second_night,
        "nightly": nightly,
        "resent": resent,
        "hook": webhook[1],
        "baseline_scores": baseline_scores,
        "scores": scores(Path(env["JW_DUCKDB_PATH"]), touchpoint),
    }


def test_an_nps_drop_at_one_touchpoint_raises_exactly_one_alert(replay):
    touchpoint = replay["touchpoint"]
    # the answers about it are the injected ones, nothing else
    assert replay["baseline_scores"] == [
        ("2025-11-01", 40, 30, 0, 75.0),
        ("2025-12-01", 40, 30, 0, 75.0),
    ]
    assert replay["scores"] == [("2025-11-01", 40, 30, 0, 75.0), ("2025-12-01", 80, 30, 40, -12.5)]
    assert [a for a in replay["first_night"] if a.get("kind") == "kpi_alert"] == []
    new = replay["second_night"][len(replay["first_night"]) :]
    assert len(new) == 1, new
    alert = new[0]
    assert alert["kind"] == "kpi_alert"
    assert (alert["metric"], alert["business_model"], alert["touchpoint"]) == (
        "nps", "b2c", touchpoint
    )  # fmt: skip
    assert (alert["period"], alert["previous_period"]) == ("2025-12", "2025-11")
    assert alert["previous_value"] == pytest.approx(75.0)
    assert alert["current_value"] == pytest.approx(-12.5)
    assert alert["change"] == pytest.approx(-87.5)
    assert (alert["sample_size"], alert["previous_sample_size"]) == (80, 40)
    assert alert["direction"] == "drop" and alert["unit"] == "points"
    assert (
        touchpoint in alert["text"] and "-87.5" in alert["text"] and "80 responses" in alert["text"]
    )
    # the same alert reached the webhook, once
    assert replay["hook_first_night"] == []
    assert replay["hook"] == [alert]


def test_the_alert_comes_from_the_gated_snapshot_and_is_sent_once(replay):
    snapshot = Path(replay["env"]["JW_PUBLISH_DIR"]) / "current.duckdb"
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        moves = con.execute(
            "select kpi_alert_id, current_value, current_sample_size from rpt_kpi_alerts "
            "where is_alert"
        ).fetchall()
    finally:
        con.close()
    assert moves == [(f"nps|b2c|{replay['touchpoint']}|2025-12-01", -12.5, 80)]
    # the nightly job ran the alert step after publishing; a second send finds it sent
    assert "1 alert(s) sent" in replay["nightly"].stdout + replay["nightly"].stderr
    assert replay["resent"].stdout == ""
    assert "0 alert(s) sent, 1 sent before" in replay["resent"].stderr
    assert len(alert_lines(Path(replay["env"]["JW_ALERTS_LOG"]))) == len(replay["second_night"])
