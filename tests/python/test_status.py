"""The status file and page tell the state of the last gate and of the last nightly run, in the
order they happened (the pipeline tests produce these states with real runs)."""

from __future__ import annotations

import json

import pytest

from journey_warehouse.quality.gate import GateResult, Outcome
from journey_warehouse.settings import Settings
from journey_warehouse.status import read_status, record_gate, record_run, record_run_start


@pytest.fixture
def settings(warehouse) -> Settings:
    return Settings.from_env()


def gate(checked_at: str, passed: bool, build_id: str = "b1") -> GateResult:
    outcome = Outcome("rpt_data_loads", "expect_x", "rows", passed, "{}")
    return GateResult(checked_at=checked_at, build_id=build_id, outcomes=[outcome])


def state(settings: Settings) -> str:
    page = settings.status_page.read_text()
    return page.split('<h1 id="dq-state">Data quality: ')[1].split("</h1>")[0]


def test_nothing_checked_yet_is_not_passing(settings):
    record_run_start(settings, "r1")
    assert state(settings) == "RUNNING"
    record_run(settings, "r1", False, ["raw__orders"], "lock held")
    assert state(settings) == "FAILING"
    assert "never" in settings.status_page.read_text()


def test_a_run_that_fails_after_a_passed_gate_fails_the_page_until_the_next_check(settings):
    record_gate(settings, gate("2026-01-01T02:10:00+00:00", True), settings.publish_dir)
    assert state(settings) == "PASSING"
    record_run_start(settings, "r2")  # the next night: started after the last check
    assert state(settings) == "RUNNING"
    record_run(settings, "r2", False, ["warehouse_dbt_assets"], "dbt build failed")
    assert state(settings) == "FAILING"
    page = settings.status_page.read_text()
    assert "FAILED at warehouse_dbt_assets" in page and "dbt build failed" in page
    assert "last data that passed the gate (checked 2026-01-01T02:10:00+00:00)" in page
    # an operator gates a good build by hand later: the page follows the newer fact
    record_gate(settings, gate("2099-01-01T00:00:00+00:00", True, "b3"), settings.publish_dir)
    assert state(settings) == "PASSING"
    assert read_status(settings)["last_run"]["run_id"] == "r2"  # the run's record stays


def test_a_failed_gate_counts_failing_since_its_first_failure(settings):
    record_gate(settings, gate("2026-01-01T02:10:00+00:00", False), settings.publish_dir)
    record_gate(settings, gate("2026-01-02T02:10:00+00:00", False), settings.publish_dir)
    status = json.loads(settings.status_file.read_text())
    assert status["failing_since"] == "2026-01-01T02:10:00+00:00"
    assert status["last_success_at"] is None and state(settings) == "FAILING"
    record_gate(settings, gate("2026-01-03T02:10:00+00:00", True), settings.publish_dir)
    assert read_status(settings)["failing_since"] is None and state(settings) == "PASSING"


def test_a_run_start_seen_after_its_end_does_not_reopen_it(settings):
    """Dagster's sensors may see a run's end before its start."""
    record_run(settings, "r4", True, [])
    record_run_start(settings, "r4")
    assert read_status(settings)["last_run"]["finished_at"] is not None


def test_the_page_escapes_what_it_quotes(settings):
    record_run(settings, "r5", False, ["raw__orders"], "<script>alert(1)</script>")
    page = settings.status_page.read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert not list(settings.publish_dir.glob(".*.partial"))  # written by rename
