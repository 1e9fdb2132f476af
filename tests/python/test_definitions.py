"""The Dagster code location: what `dagster dev` shows and the nightly job runs."""

from __future__ import annotations

import http.server
import json
import os
import shutil
import subprocess
import threading

import dagster as dg

from journey_warehouse.alerts import write_alert
from orchestration.definitions import defs

from .conftest import PROJECT_DIR


def test_the_graph_runs_from_raw_files_to_the_report_site():
    graph = defs.resolve_asset_graph()
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"raw/touchpoints", "raw/crm_contacts", "marts/fct_touchpoints",
            "marts/rpt_attribution_by_channel", "data_quality_gate", "published_snapshot",
            "evidence_reports"} <= keys  # fmt: skip
    upstream = graph.get(dg.AssetKey("evidence_reports")).parent_keys
    assert upstream == {dg.AssetKey("published_snapshot")}
    # KPI alerts quote the gated, published snapshot only
    assert graph.get(dg.AssetKey("kpi_alerts")).parent_keys == {dg.AssetKey("published_snapshot")}
    assert graph.get(dg.AssetKey("published_snapshot")).parent_keys == {
        dg.AssetKey("data_quality_gate")
    }
    # staging reads the raw assets: dbt sources map onto them
    assert (
        dg.AssetKey(["raw", "touchpoints"])
        in graph.get(dg.AssetKey(["staging", "stg_landing__touchpoints"])).parent_keys
    )


def test_dbt_models_are_grouped_by_folder_and_dbt_tests_are_asset_checks():
    graph = defs.resolve_asset_graph()
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert {"raw", "staging_landing", "intermediate_attribution", "marts_attribution",
            "marts_voice_of_customer", "quality", "reports", "seeds"} <= groups  # fmt: skip
    checks = {key.name for key in graph.asset_check_keys}
    assert any(name.startswith("unique_fct_touchpoints_event_id") for name in checks)
    assert "expectations_pass" in checks


def test_the_gate_blocks_publishing():
    spec = next(iter(defs.resolve_assets_def("data_quality_gate").check_specs))
    assert spec.blocking and spec.name == "expectations_pass"


def test_schedule_sensor_and_failure_alert_are_defined():
    schedule = defs.resolve_schedule_def("nightly_schedule")
    assert schedule.cron_schedule == "0 2 * * *"
    assert schedule.execution_timezone == "Europe/Berlin"
    assert defs.resolve_sensor_def("landing_sensor").job_name == "nightly"
    assert defs.resolve_sensor_def("alert_on_failure")
    raw = defs.resolve_assets_def(dg.AssetKey(["raw", "orders"]))
    policy = raw.op.retry_policy
    assert policy.max_retries == 2 and policy.backoff == dg.Backoff.EXPONENTIAL


def test_the_landing_sensor_requests_one_run_per_new_set_of_files(warehouse):
    sensor = defs.resolve_sensor_def("landing_sensor")
    context = dg.build_sensor_context()
    assert isinstance(sensor(context), dg.SkipReason)
    (warehouse["JW_LANDING_DIR"] / "orders_2025-01.csv").write_text("order_id\n")
    first = sensor(context)
    assert isinstance(first, dg.RunRequest)
    context.update_cursor(first.run_key)
    assert isinstance(sensor(context), dg.SkipReason)


def test_a_failure_alert_is_logged_and_posted_and_a_dead_webhook_does_not_hide_it(
    warehouse, monkeypatch
):
    received: list[dict] = []

    class Hook(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.handle_request, daemon=True).start()
    monkeypatch.setenv("JW_ALERT_WEBHOOK", f"http://127.0.0.1:{server.server_port}/alerts")
    write_alert({"run_id": "r1", "error": "boom"})
    server.server_close()
    assert received == [{"run_id": "r1", "error": "boom"}]
    # the port is closed now: the POST fails, the log line is still written
    write_alert({"run_id": "r2", "error": "boom again"})
    lines = warehouse["JW_ALERTS_LOG"].read_text().splitlines()
    assert [json.loads(line)["run_id"] for line in lines] == ["r1", "r2"]


def test_the_code_location_loads_like_dagster_dev_from_a_plain_shell(tmp_path):
    """`make dev` without an activated venv: dbt is not on PATH, and `dagster dev` (which sets
    DAGSTER_IS_DEV_CLI) re-parses the dbt project at load time. The whole graph must load."""
    plain_path = "/usr/bin:/bin"
    assert shutil.which("dbt", path=plain_path) is None  # otherwise this proves nothing
    manifest = PROJECT_DIR / "target" / "manifest.json"
    before = manifest.stat().st_mtime_ns if manifest.exists() else 0
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PATH")}
    env.update(PATH=plain_path, DAGSTER_IS_DEV_CLI="1", DAGSTER_HOME=str(tmp_path))
    result = subprocess.run(
        [str(PROJECT_DIR / ".venv" / "bin" / "dagster"), "asset", "list",
         "-m", "orchestration.definitions"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    keys = set(result.stdout.split())
    assert len(keys) > 50
    assert {"raw/touchpoints", "staging/stg_landing__touchpoints", "marts/fct_touchpoints",
            "data_quality_gate", "published_snapshot", "evidence_reports"} <= keys  # fmt: skip
    assert manifest.stat().st_mtime_ns > before  # parsed now, by the venv's dbt
