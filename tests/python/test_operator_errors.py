"""Operator mistakes fail loudly: a bad setting or a missing folder is one clear line naming the
variable and what it accepts, a non-zero exit and no traceback; the gate lists what failed."""

from __future__ import annotations

import json
import logging
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import dagster as dg
import pytest

from journey_warehouse import reports
from journey_warehouse.quality.suites import SUITES
from journey_warehouse.reports import ReportBuildError
from journey_warehouse.serve import server
from journey_warehouse.settings import Settings, SettingsError
from orchestration.cli import RUN_CONFIG
from orchestration.defs.dbt import warehouse_dbt_assets
from orchestration.defs.quality import data_quality_gate
from orchestration.defs.raw import raw_assets
from orchestration.defs.resources import RESOURCES, WarehouseResource

from .conftest import PROJECT_DIR, subprocess_env

CLI = str(PROJECT_DIR / ".venv" / "bin" / "journey-warehouse")


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CLI, *args], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    ("var", "value", "accepted"),
    [
        ("JW_DUCKDB_THREADS", "x", "a positive whole number"),
        ("JW_DUCKDB_THREADS", "0", "a positive whole number"),
        ("JW_DUCKDB_MEMORY_LIMIT", "80%", "a DuckDB size such as 3GB"),
        ("JW_DUCKDB_MEMORY_LIMIT", "3 gigs", "a DuckDB size such as 3GB"),
        ("JW_NIGHTLY_CRON", "0 2 * *", "a 5-field cron expression"),
        ("JW_NIGHTLY_CRON", "61 2 * * *", "a 5-field cron expression"),
        ("JW_TIMEZONE", "Europe/Berlinn", "an IANA time zone name"),
        ("JW_ALERT_WEBHOOK", "hooks.example.com/x", "an http:// or https:// URL"),
        ("JW_PSEUDONYMIZATION_KEY", " ", "a non-empty secret"),
        ("JW_DUCKDB_PATH", "", "the path of a file"),
    ],
)
def test_a_bad_setting_is_one_line_naming_the_variable_and_exits_2(
    warehouse, tmp_path, var, value, accepted
):
    env = {**subprocess_env(warehouse), var: value, "DAGSTER_HOME": str(tmp_path)}
    result = cli(env, "load")
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"journey-warehouse: {var}={value!r} is not valid: expected {accepted}"
    )
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    assert not warehouse["JW_DUCKDB_PATH"].exists()  # checked before any work


def test_a_path_of_the_wrong_kind_is_refused(warehouse, monkeypatch):
    monkeypatch.setenv("JW_LANDING_DIR", str(warehouse["JW_ALERTS_LOG"]))
    warehouse["JW_ALERTS_LOG"].write_text("")
    with pytest.raises(SettingsError, match=r"JW_LANDING_DIR=.* expected the path of a folder"):
        Settings.from_env()


def test_valid_settings_are_read_once_with_their_defaults(warehouse, monkeypatch):
    for var in ("JW_DUCKDB_MEMORY_LIMIT", "JW_DUCKDB_THREADS", "JW_NIGHTLY_CRON", "JW_TIMEZONE",
                "JW_ALERT_WEBHOOK"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    defaults = Settings.from_env()
    assert (defaults.memory_limit, defaults.threads, defaults.nightly_cron, defaults.timezone,
            defaults.alert_webhook) == ("3GB", 2, "0 2 * * *", "Europe/Berlin", None)  # fmt: skip
    monkeypatch.setenv("JW_DUCKDB_MEMORY_LIMIT", "512MB")
    monkeypatch.setenv("JW_DUCKDB_THREADS", "4")
    monkeypatch.setenv("JW_NIGHTLY_CRON", "30 1 * * 1-5")
    monkeypatch.setenv("JW_TIMEZONE", "UTC")
    monkeypatch.setenv("JW_ALERT_WEBHOOK", "https://hooks.example.com/jw")
    s = Settings.from_env()
    assert (s.memory_limit, s.threads, s.nightly_cron, s.timezone, s.alert_webhook) == (
        "512MB", 4, "30 1 * * 1-5", "UTC", "https://hooks.example.com/jw"
    )  # fmt: skip


@pytest.mark.parametrize("command", ["load", "run"])
def test_a_missing_landing_folder_names_the_folder_and_the_variable(warehouse, tmp_path, command):
    missing = tmp_path / "no-such-landing"
    env = {**subprocess_env(warehouse), "JW_LANDING_DIR": str(missing),
           "DAGSTER_HOME": str(tmp_path)}  # fmt: skip
    result = cli(env, command)
    assert result.returncode == 2
    assert str(missing) in result.stderr and "JW_LANDING_DIR" in result.stderr
    assert "Traceback" not in result.stderr
    assert not warehouse["JW_DUCKDB_PATH"].exists()


def test_load_logs_each_file_and_says_when_there_are_no_new_files(warehouse, tmp_path):
    env = {**subprocess_env(warehouse), "DAGSTER_HOME": str(tmp_path)}
    landing = warehouse["JW_LANDING_DIR"]
    row = {"event_id": "e1", "occurred_at": "2025-03-01T10:00:00Z", "anonymous_id": "d1",
           "channel": "email", "event_type": "email_open"}  # fmt: skip
    (landing / "touchpoints_2025-03-01.jsonl").write_text(json.dumps(row) + "\n")
    first = cli(env, "load")
    assert first.returncode == 0, first.stderr
    assert (
        "INFO journey_warehouse.landing.loader: touchpoints touchpoints_2025-03-01.jsonl: loaded, "
        "1 read, 1 loaded, 0 quarantined" in first.stderr
    )
    again = cli(env, "load")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"no new files in {landing}"


def test_the_raw_loads_fail_clearly_and_do_not_retry_on_a_missing_landing_folder(
    warehouse, tmp_path, capfd
):
    missing = tmp_path / "no-such-landing"
    resource = WarehouseResource(
        duckdb_path=str(warehouse["JW_DUCKDB_PATH"]), landing_dir=str(missing)
    )
    touchpoints = next(a for a in raw_assets if a.key == dg.AssetKey(["raw", "touchpoints"]))
    result = dg.materialize(
        [touchpoints], resources={"warehouse": resource}, run_config=RUN_CONFIG,
        raise_on_error=False,
    )  # fmt: skip
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    description = failure.step_failure_data.user_failure_data.description
    assert str(missing) in description and "JW_LANDING_DIR" in description
    assert not any(e.event_type == dg.DagsterEventType.STEP_UP_FOR_RETRY for e in result.all_events)
    console = capfd.readouterr().err
    assert str(missing) in console
    assert " - DEBUG - " not in console  # the run's console log level is INFO


def test_gate_lists_the_failed_expectations_on_the_console(warehouse, tmp_path):
    """A warehouse dbt never built: no build in the ledger, every suite's table is missing, and
    the console says which."""
    env = {**subprocess_env(warehouse), "DAGSTER_HOME": str(tmp_path)}
    result = cli(env, "gate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    checks = len(SUITES) + 1  # the build ledger first, then every suite
    assert f"data-quality gate FAILED: {checks} of {checks} expectations failed" in result.stderr
    lines = result.stderr.splitlines()
    header = next(line for line in lines if line.split() == ["table", "expectation", "column",
                                                              "observed"])  # fmt: skip
    build, *rows = lines[lines.index(header) + 1 :][:checks]
    assert build.split()[:2] == ["dbt_builds", "build_succeeded"]
    assert "no dbt build recorded" in build
    assert {row.split()[0] for row in rows} == set(SUITES)
    assert all(row.split()[1] == "table_exists" and "does not exist" in row for row in rows)
    summary = json.loads(result.stdout)  # stdout stays machine-readable
    assert summary["success"] is False and summary["expectations"] == checks


def test_the_gate_asset_logs_its_failure_table(warehouse, tmp_path, monkeypatch, capfd):
    monkeypatch.setattr(reports, "BUILD_DIR", tmp_path / "build")  # never touch the real site
    resource = WarehouseResource(duckdb_path=str(warehouse["JW_DUCKDB_PATH"]))
    result = dg.materialize(
        [data_quality_gate], resources={"warehouse": resource}, run_config=RUN_CONFIG,
        raise_on_error=False,
    )  # fmt: skip
    [check] = result.get_asset_check_evaluations()
    assert not check.passed
    console = capfd.readouterr().err
    checks = len(SUITES) + 1
    assert f"data-quality gate FAILED: {checks} of {checks} expectations failed" in console
    assert "table_exists" in console and "no dbt build recorded" in console


def test_the_demo_key_is_refused_outside_the_demo_unless_allowed(warehouse, tmp_path):
    env = {**subprocess_env(warehouse), "DAGSTER_HOME": str(tmp_path)}
    env.pop("JW_PSEUDONYMIZATION_KEY", None)
    env.pop("JW_ALLOW_DEMO_KEY")
    for command in ("load", "run"):
        refused = cli(env, command)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert "JW_PSEUDONYMIZATION_KEY='demo-key-not-secret' is not valid" in refused.stderr
        assert "JW_ALLOW_DEMO_KEY=1 uses it anyway" in refused.stderr
    assert not Path(warehouse["JW_DUCKDB_PATH"]).exists()  # refused before anything was written
    warned = cli({**env, "JW_ALLOW_DEMO_KEY": "1"}, "load")
    assert warned.returncode == 0
    assert "WARNING: the pseudonyms of" in warned.stderr
    assert str(warehouse["JW_LANDING_DIR"]) in warned.stderr
    quiet = cli({**env, "JW_PSEUDONYMIZATION_KEY": "a-real-secret"}, "load")
    assert quiet.returncode == 0 and "WARNING" not in quiet.stderr


def test_the_dbt_step_refuses_the_demo_key_outside_the_demo_without_retrying(
    warehouse, monkeypatch
):
    monkeypatch.delenv("JW_PSEUDONYMIZATION_KEY", raising=False)
    monkeypatch.delenv("JW_ALLOW_DEMO_KEY")
    result = dg.materialize([warehouse_dbt_assets], raise_on_error=False,
                            resources={"dbt": RESOURCES["dbt"]})  # fmt: skip
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    data = failure.step_failure_data
    assert "JW_ALLOW_DEMO_KEY=1 uses it anyway" in data.user_failure_data.description
    assert not [e for e in result.all_events if e.event_type_value == "STEP_UP_FOR_RETRY"]


def test_the_report_server_serves_pages_but_lists_no_folder(tmp_path):
    (tmp_path / "funnel").mkdir()
    (tmp_path / "funnel.html").write_text("<p>funnel</p>")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "rows.parquet").write_bytes(b"PAR1")
    httpd = server(tmp_path)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    try:
        for page in ("/funnel", "/funnel/"):
            assert urllib.request.urlopen(base + page).read() == b"<p>funnel</p>"
        assert urllib.request.urlopen(f"{base}/data/rows.parquet").read() == b"PAR1"
        for folder in ("/", "/data/"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + folder)
            assert refused.value.code == 404
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_failed_source_query_fails_the_report_build(tmp_path):
    """`evidence sources` exits 0 when a source query fails; the site would lack its table."""
    failing = "echo '  rpt_a \u2714 Finished' && echo '  rpt_b \u2716 Error: no function label'"
    app = _npm_app(tmp_path, {"sources": failing})
    with pytest.raises(ReportBuildError, match=r"1 source\(s\) failed:\nrpt_b: Error: no func"):
        reports._npm("sources", {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, app)


def _npm_app(tmp_path: Path, scripts: dict[str, str]) -> Path:
    app = tmp_path / "app"
    app.mkdir()
    (app / "package.json").write_text(json.dumps({"name": "app", "scripts": scripts}))
    return app


def test_evidence_steps_stream_their_output_and_fail_with_its_tail(tmp_path, caplog):
    app = _npm_app(tmp_path, {"step": "echo one && echo two", "bad": "echo oops && exit 3"})
    caplog.set_level(logging.INFO, logger="journey_warehouse.reports")
    seconds = reports._npm("step", {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, app)
    assert seconds >= 0
    lines = [r.getMessage() for r in caplog.records]
    assert lines[:3] == ["evidence step: started", "evidence step: one", "evidence step: two"]
    assert lines[3].startswith("evidence step: finished in ")
    with pytest.raises(ReportBuildError, match=r"evidence bad failed \(exited 3, .*\):\noops"):
        reports._npm("bad", {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, app)
