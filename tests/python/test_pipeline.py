"""End to end through the real stack: generated landing files -> Dagster job (raw load, dbt
build with tests, Great Expectations gate, publish, reports) on a real DuckDB file.

One small demo set is run once per module; tests then read what it produced."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from itertools import pairwise, permutations
from pathlib import Path

import duckdb
import numpy as np
import pytest

from journey_warehouse.publish import add_label_macros
from journey_warehouse.quality.gate import DATA_DOCS

from .conftest import PROJECT_DIR

pytestmark = pytest.mark.integration
EVENTS = 30_000
PSEUDONYMIZATION_KEY = "pipeline-test-key-5f3a9c"  # distinctive: any copy of it is found below


ARTIFACTS = PROJECT_DIR / "test-artifacts"
CLI = str(PROJECT_DIR / ".venv" / "bin" / "journey-warehouse")


def offline(command: list[str]) -> list[str]:
    """Run in a network namespace with only loopback: proof that nothing needs the internet."""
    return ["unshare", "-n", "--", "bash", "-c", 'ip link set lo up && exec "$@"', "_", *command]


def run_cli(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        offline([CLI, *args]), cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
        timeout=1800,
    )  # fmt: skip
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result


def pipeline_env(root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        JW_DUCKDB_PATH=str(root / "warehouse.duckdb"),
        JW_LANDING_DIR=str(root / "landing"),
        JW_PUBLISH_DIR=str(root / "published"),
        JW_ALERTS_LOG=str(root / "alerts.log"),
        DAGSTER_HOME=str(root / "dagster"),
        DBT_PROFILES_DIR=str(PROJECT_DIR),
        DO_NOT_TRACK="1",
        JW_PSEUDONYMIZATION_KEY=PSEUDONYMIZATION_KEY,
    )
    (root / "dagster").mkdir(parents=True, exist_ok=True)
    return env


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    root = tmp_path_factory.mktemp("pipeline")
    env = pipeline_env(root)
    # the same small fault rate as the demo of `make run`: quarantine tables are never empty
    run_cli(env, "generate", "--events", str(EVENTS), "--seed", "7", "--fault-rate", "0.002",
            "--out", env["JW_LANDING_DIR"], "--no-progress")  # fmt: skip
    first = run_cli(env, "run")
    return {"root": root, "env": env, "first": first}


def query(path: str | Path, sql: str):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def warehouse(pipeline) -> str:
    return pipeline["env"]["JW_DUCKDB_PATH"]


def test_every_landing_row_is_loaded_or_quarantined(pipeline):
    rows = query(warehouse(pipeline), "select sum(rows_read), sum(rows_loaded), "
                 "sum(rows_quarantined) from raw.load_ledger")[0]  # fmt: skip
    read, loaded, quarantined = rows
    assert read > EVENTS and read == loaded + quarantined and quarantined > 0
    touchpoints = query(warehouse(pipeline), "select count(*) from raw.touchpoints")[0][0]
    ledger = query(warehouse(pipeline), "select sum(rows_loaded) from raw.load_ledger "
                   "where dataset = 'touchpoints'")[0][0]  # fmt: skip
    assert touchpoints == ledger


def test_gate_passed_and_the_snapshot_was_published(pipeline):
    published = Path(pipeline["env"]["JW_PUBLISH_DIR"])
    status = json.loads((published / "dq_status.json").read_text())
    assert status["success"] and status["failures"] == []
    current = published / "current.duckdb"
    assert current.is_symlink()
    tables = {r[0] for r in query(current, "select table_name from duckdb_tables()")}
    assert {"rpt_stage_funnel", "rpt_attribution_by_channel", "dq_gate_results"} <= tables


def test_weights_sum_to_one_for_every_conversion_and_model(pipeline):
    bad = query(warehouse(pipeline), """
        select conversion_id, attribution_model, sum(weight)
        from marts.fct_attribution_weights group by 1, 2 having abs(sum(weight) - 1) > 1e-6
    """)  # fmt: skip
    assert bad == []


def markov_removal_effects(paths: list[tuple[list[str], bool]]) -> dict[str, float]:
    """Independent implementation: absorption probabilities by solving (I - Q) x = R."""
    states = sorted({c for path, _ in paths for c in path})
    index = {s: i for i, s in enumerate(["(start)", *states])}
    size = len(index)
    counts = np.zeros((size, size + 2))  # + conversion, null
    for path, converted in paths:
        chain = ["(start)", *path]
        for a, b in pairwise(chain):
            counts[index[a], index[b]] += 1
        counts[index[chain[-1]], size if converted else size + 1] += 1
    probabilities = counts / counts.sum(axis=1, keepdims=True)

    def conversion_probability(removed: str | None) -> float:
        q = probabilities[:, :size].copy()
        r = probabilities[:, size].copy()
        if removed is not None:
            q[:, index[removed]] = 0  # moving into the removed channel ends in null
        return np.linalg.solve(np.eye(size) - q, r)[0]

    base = conversion_probability(None)
    return {c: max(0.0, 1 - conversion_probability(c) / base) for c in states}


def test_markov_removal_effects_match_an_independent_linear_algebra_solution(pipeline):
    """One chain per business model: B2B and B2C paths are never pooled."""
    rows = query(warehouse(pipeline), """
        select business_model, path_id, is_converting, list(channel order by touch_position)
        from intermediate.int_attribution_paths_collected group by 1, 2, 3
    """)  # fmt: skip
    actual = {(bm, channel): effect for bm, channel, effect in query(warehouse(pipeline),
              "select business_model, channel, removal_effect "
              "from intermediate.int_markov_removal_effects_computed")}  # fmt: skip
    business_models = {row[0] for row in rows}
    assert business_models == {"b2b", "b2c"}
    for business_model in business_models:
        expected = markov_removal_effects(
            [(channels, converting) for bm, _, converting, channels in rows if bm == business_model]
        )
        assert {c for bm, c in actual if bm == business_model} == expected.keys()
        for channel, effect in expected.items():
            assert actual[business_model, channel] == pytest.approx(effect, abs=1e-8), channel


def shapley_by_permutations(players: list[str], value) -> dict[str, float]:
    """Textbook Shapley value: average marginal contribution over all orderings."""
    totals = dict.fromkeys(players, 0.0)
    orderings = list(permutations(players))
    for ordering in orderings:
        coalition: frozenset[str] = frozenset()
        for player in ordering:
            totals[player] += value(coalition | {player}) - value(coalition)
            coalition = coalition | {player}
    return {p: t / len(orderings) for p, t in totals.items()}


def test_shapley_values_match_the_permutation_definition(pipeline):
    """One game per business model: B2B and B2C paths are never pooled."""
    rows = query(warehouse(pipeline), """
        select business_model, path_id, bool_or(is_converting), list(distinct channel_group)
        from intermediate.int_attribution_paths_collected group by 1, 2
    """)  # fmt: skip
    actual = query(warehouse(pipeline), """
        select business_model, list(channel_group order by channel_group),
               list(shapley_value order by channel_group)
        from intermediate.int_shapley_values_computed group by conversion_id, business_model
    """)  # fmt: skip
    checked = set()
    for business_model in ("b2b", "b2c"):
        sets: dict[frozenset, list[int]] = {}
        for _, _, converting, groups in (row for row in rows if row[0] == business_model):
            sets.setdefault(frozenset(groups), []).append(int(converting))
        rate = {s: sum(v) / len(v) for s, v in sets.items()}

        def value(coalition: frozenset, rate=rate) -> float:
            return sum(r for s, r in rate.items() if s <= coalition)

        for bm, groups, values in actual:
            key = (bm, frozenset(groups))
            if bm != business_model or key in checked or len(groups) > 6:
                continue
            checked.add(key)
            expected = shapley_by_permutations(sorted(groups), value)
            assert values == pytest.approx([expected[g] for g in sorted(groups)], abs=1e-8)
    assert len([k for k in checked if k[0] == "b2c"]) >= 5
    assert any(k[0] == "b2b" for k in checked)


def test_the_clv_fits_converge_and_every_invariant_holds(pipeline):
    """The B2C calibration fit that once stopped at Nelder-Mead's evaluation cap (and emptied
    the holdout report) converges; B2B's few accounts use the churn-aware fallback."""
    fits = query(warehouse(pipeline), """
        select business_model, model_name, fit_scope, is_converged, is_usable
        from marts.rpt_clv_model_quality
    """)  # fmt: skip
    usable = {(bm, model, scope) for bm, model, scope, _, is_usable in fits if is_usable}
    for scope in ("calibration", "full"):
        assert ("b2c", "bg_nbd", scope) in usable
        assert ("b2b", "pooled_dropout", scope) in usable
    assert all(converged for *_, converged, is_usable in fits if is_usable)
    holdout = query(warehouse(pipeline), "select business_model, prediction_method "
                    "from marts.rpt_clv_holdout_calibration where calibration_frequency_bucket = 'overall'")  # fmt: skip
    assert set(holdout) == {("b2c", "bg_nbd"), ("b2b", "pooled_dropout")}
    broken = query(
        warehouse(pipeline), "select * from marts.rpt_metric_invariants where not is_holding"
    )
    assert broken == []
    funnel = query(warehouse(pipeline), "select business_model, list(journeys_reached order by stage_order) "
                   "from marts.rpt_stage_funnel group by 1")  # fmt: skip
    for business_model, reached in funnel:
        assert reached == sorted(reached, reverse=True), (business_model, reached)


def test_no_personal_data_reaches_marts_or_the_published_snapshot(pipeline):
    landing = Path(pipeline["env"]["JW_LANDING_DIR"])
    with (landing / "crm_contacts.csv").open(encoding="utf-8") as handle:
        contacts = list(csv.DictReader(handle))
    secrets = {c[k].strip().lower() for c in contacts for k in ("email", "full_name", "phone")
               if c[k]}  # fmt: skip
    assert len(secrets) > 100
    snapshot = Path(pipeline["env"]["JW_PUBLISH_DIR"]) / "current.duckdb"
    for database, schema in ((warehouse(pipeline), "marts"), (snapshot, "main")):
        columns = query(database, f"""
            select table_name, column_name from information_schema.columns
            where table_schema = '{schema}' and data_type = 'VARCHAR'
        """)  # fmt: skip
        assert columns
        con = duckdb.connect(str(database), read_only=True)
        try:
            for table, column in columns:
                values = con.execute(
                    f'select distinct lower(trim("{column}")) from {schema}."{table}"'
                ).fetchall()
                leaked = secrets & {v[0] for v in values}
                assert not leaked, f"{table}.{column} carries personal data: {sorted(leaked)[:3]}"
        finally:
            con.close()


def test_comments_reach_the_marts_with_e_mail_addresses_and_phone_numbers_masked(pipeline):
    """The generator types contact details into some comments; staging masks them, so no string
    in the marts or the published snapshot holds one (the browser check's detector, not the
    masking SQL, decides)."""
    from .site_check import personal_data

    landing = Path(pipeline["env"]["JW_LANDING_DIR"])
    typed = [hit for path in landing.glob("feedback_*.csv")
             for row in csv.DictReader(path.open(encoding="utf-8"))
             for hit in personal_data(row["comment"] or "")]  # fmt: skip
    assert {hit.split(":")[0] for hit in typed} == {"e-mail address", "phone number"}
    snapshot = Path(pipeline["env"]["JW_PUBLISH_DIR"]) / "current.duckdb"
    for database, schema in ((warehouse(pipeline), "marts"), (snapshot, "main")):
        con = duckdb.connect(str(database), read_only=True)
        try:
            columns = con.execute(f"""
                select table_name, column_name from information_schema.columns
                where table_schema = '{schema}' and data_type = 'VARCHAR'
            """).fetchall()  # fmt: skip
            for table, column in columns:
                values = con.execute(f'select distinct "{column}" from {schema}."{table}"')
                leaked = [hit for (value,) in values.fetchall() if value
                          for hit in personal_data(value)]  # fmt: skip
                assert not leaked, f"{table}.{column}: {leaked[:3]}"
            masked = con.execute(
                f"select count(*) from {schema}.fct_feedback_responses "
                "where comment_text like '%[email]%' or comment_text like '%[phone]%'"
            ).fetchone()[0]
        finally:
            con.close()
        assert masked > 0


def test_the_pseudonymization_key_is_never_written_down(pipeline):
    # dbt gets it as a DuckDB session variable: not in compiled SQL, logs or view definitions
    root = pipeline["root"]
    places = [PROJECT_DIR / "target", PROJECT_DIR / "logs", root]
    files = [f for place in places for f in place.rglob("*") if f.is_file()]
    assert any(f.suffix == ".duckdb" for f in files)
    secret = PSEUDONYMIZATION_KEY.encode()
    assert [f for f in files if secret in f.read_bytes()] == []
    # a connection without the key gets an error, not unkeyed hashes
    staged = """
        select raw.email_hash, staged.email_key
        from raw.touchpoints as raw
        inner join staging.stg_landing__touchpoints as staged using (event_id)
    """
    with pytest.raises(duckdb.InvalidInputException, match="jw_pseudonymization_key is not set"):
        query(warehouse(pipeline), f"{staged} where raw.email_hash is not null")
    # with it, the keyed hash is sha256(key | value)
    con = duckdb.connect(warehouse(pipeline), read_only=True)
    try:
        con.execute("set variable jw_pseudonymization_key = $k", {"k": PSEUDONYMIZATION_KEY})
        email_hash, email_key = con.execute(f"{staged} where raw.email_hash is not null").fetchone()
    finally:
        con.close()
    expected = hashlib.sha256(f"{PSEUDONYMIZATION_KEY}|{email_hash}".encode()).hexdigest()
    assert email_key == expected


def test_a_second_run_loads_nothing_new_and_changes_no_mart(pipeline):
    def fingerprint():
        return query(warehouse(pipeline), """
            select (select count(*) from marts.fct_touchpoints),
                   (select count(*) from marts.fct_attribution_weights),
                   (select round(sum(weight), 6) from marts.fct_attribution_weights),
                   (select count(*) from raw.load_ledger)
        """)  # fmt: skip

    before = fingerprint()
    run_cli(pipeline["env"], "run")
    assert fingerprint() == before
    # a full refresh from the same data (Dagster run config) rebuilds to the same marts
    rebuilt = run_cli(pipeline["env"], "run", "--full-refresh")
    assert "dbt build --full-refresh" in rebuilt.stdout + rebuilt.stderr
    assert fingerprint() == before


def test_every_report_page_renders_in_headless_chromium_with_the_network_off(pipeline):
    build = PROJECT_DIR / "reports" / "build"
    result = subprocess.run(
        offline([sys.executable, "-m", "tests.python.site_check", str(build),
                 str(ARTIFACTS / "screenshots")]),
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    pages = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    failed = [p for p in pages if p["problems"]]
    assert not failed, failed
    routes = {p["route"] for p in pages}
    assert {"/", "/funnel/", "/journey-paths/", "/attribution/", "/clv/", "/retention/",
            "/voice-of-customer/", "/data-quality/"} <= routes, routes  # fmt: skip
    assert sum(p.get("charts", 0) for p in pages) >= 10
    # the journey map: a Sankey whose nodes are steps and outcomes, and the top-paths table
    paths_page = next(p for p in pages if p["route"] == "/journey-paths/")
    sankey = " ".join(paths_page["chart_labels"])
    assert "Sankey" in sankey and "1. Awareness" in sankey and "conversion" in sankey, sankey
    assert paths_page["table_rows"] and paths_page["table_rows"][0] > 0
    # verbatims: the newest B2C comments are on the voice-of-customer page (as masked in the
    # marts); site_check has failed any page or data file with an e-mail address or phone number
    voc_page = next(p for p in pages if p["route"] == "/voice-of-customer/")
    snapshot = Path(pipeline["env"]["JW_PUBLISH_DIR"]) / "current.duckdb"
    newest = query(snapshot, "select comment_text from rpt_feedback_verbatims "
                   "where business_model = 'b2c' order by verbatim_rank limit 3")  # fmt: skip
    assert len(newest) == 3 and all(comment in voc_page["text"] for (comment,) in newest)
    assert "/service-follow-up/" in routes
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_data_docs_of_the_gate_render_from_disk_with_the_network_off(pipeline):
    """GX writes CDN links; the gate vendors them (data_docs.py). Chromium opens the index and
    a validation page as files, in a namespace without network and with every request but
    file:// blocked: nothing may fail and bootstrap-table must have drawn the results."""
    site = DATA_DOCS.parent
    remote = re.compile(r"""<(?:script|link|img)\b[^>]*(?:src|href)="https?://|url\('https?://""")
    assert not [p for p in site.rglob("*.html") if remote.search(p.read_text())]
    validation = max((site / "validations" / "rpt_stage_funnel").rglob("*.html"),
                     key=lambda p: p.stat().st_mtime)  # fmt: skip
    result = subprocess.run(
        offline([sys.executable, "-m", "tests.python.data_docs_check", str(DATA_DOCS),
                 str(validation)]),
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    pages = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(pages) == 2, result.stdout
    for page in pages:
        assert page["blocked"] == [] and page["failed"] == [] and page["errors"] == [], page
        assert page["bootstrap_table"] and page["vega_embed"] and page["bootstrap_styled"], page
        assert page["images_broken"] == [] and sum(page["table_rows"]) > 0, page


def test_a_report_build_while_a_pipeline_run_writes_both_succeed(pipeline, tmp_path):
    """Readers only open the published snapshot, so a report build never blocks a run."""
    env = pipeline["env"]
    landing = Path(env["JW_LANDING_DIR"])
    (landing / "touchpoints_2026-01-02.jsonl").write_text(
        json.dumps({"event_id": "concurrent-1", "occurred_at": "2025-12-31T10:00:00+00:00",
                    "anonymous_id": "dev-concurrent", "channel": "email",
                    "event_type": "email_open"}) + "\n"
    )  # fmt: skip
    run = subprocess.Popen(offline([CLI, "run"]), cwd=PROJECT_DIR, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip
    try:
        report = run_cli(env, "reports", check=False)
    finally:
        output, _ = run.communicate(timeout=1800)
    assert report.returncode == 0, report.stdout[-2000:] + report.stderr[-2000:]
    assert run.returncode == 0, output[-4000:]
    assert query(warehouse(pipeline), "select count(*) from raw.touchpoints "
                 "where event_id = 'concurrent-1'") == [(1,)]  # fmt: skip


def test_a_corrupt_batch_fails_the_gate_and_keeps_the_last_good_reports(pipeline, tmp_path):
    """A late batch with 40 % broken lines: raw loading quarantines them, the gate's quarantine
    rate expectation fails, nothing is published, the status and the alert say why."""
    root = tmp_path / "corrupt"
    env = copy_of_pipeline(pipeline, root)
    published = Path(env["JW_PUBLISH_DIR"])
    # the copied symlink is relative, so it still points into the copy
    before = os.readlink(published / "current.duckdb")
    good = [json.dumps({"event_id": f"late-{i}", "occurred_at": "2025-12-30T10:00:00+00:00",
                        "anonymous_id": f"dev-{i}", "channel": "email", "event_type": "email_open"})
            for i in range(600)]  # fmt: skip
    broken = ['{"event_id": "broken' for _ in range(400)]
    (root / "landing" / "touchpoints_2026-01-01.jsonl").write_text("\n".join(good + broken) + "\n")
    site_index = PROJECT_DIR / "reports" / "build" / "index.html"
    site_built_at = site_index.stat().st_mtime_ns
    result = run_cli(env, "run", check=False)
    assert result.returncode == 1
    assert os.readlink(published / "current.duckdb") == before
    assert site_index.stat().st_mtime_ns == site_built_at, "the report site was rebuilt"
    site_status = PROJECT_DIR / "reports" / "build" / "data-quality-status.html"
    assert "FAILING" in site_status.read_text()
    status = json.loads((published / "dq_status.json").read_text())
    assert status["success"] is False and status["failing_since"]
    failed = {(f["table_name"], f["column_name"]) for f in status["failures"]}
    assert ("rpt_data_loads", "latest_batch_quarantine_rate") in failed
    assert "FAILING" in (published / "data-quality-status.html").read_text()
    alert = json.loads((root / "alerts.log").read_text().splitlines()[-1])
    assert "data_quality_gate" in alert["error"]
    # a manual publish after the failed gate is refused too, unless forced
    manual = run_cli(env, "publish", check=False)
    assert manual.returncode == 1 and "the gate failed" in manual.stderr
    assert os.readlink(published / "current.duckdb") == before


def copy_of_pipeline(pipeline, root: Path) -> dict:
    """A copy of the module's warehouse, landing, snapshots and run history to break freely."""
    shutil.copytree(pipeline["root"], root, symlinks=True)
    return pipeline_env(root)


def dbt(env: dict, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """dbt as an analyst runs it by hand, with its own target folder (the manifest stays)."""
    command = [str(PROJECT_DIR / ".venv" / "bin" / "dbt"), *args, "--target-path",
               str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]  # fmt: skip
    return subprocess.run(offline(command), cwd=PROJECT_DIR, env=env, capture_output=True,
                          text=True, timeout=900)  # fmt: skip


def newest_build(env: dict) -> tuple:
    return query(env["JW_DUCKDB_PATH"], "select build_id, status, failed_nodes from "
                 "ops.dbt_builds order by started_at desc limit 1")[0]  # fmt: skip


def test_marts_of_a_failed_dbt_build_are_never_published(pipeline, tmp_path):
    """After a gated run, an analyst's dbt run fails on one model: the marts now mix two
    builds. Publishing what passed the gate earlier is refused (the gate saw another build),
    the gate fails on the failed build, and a good build is gated and published again."""
    env = copy_of_pipeline(pipeline, tmp_path / "builds")
    published = Path(env["JW_PUBLISH_DIR"])
    before = os.readlink(published / "current.duckdb")
    broken = dbt(env, tmp_path, "run", "--select", "rpt_retention_cohorts",
                 "--vars", "{retention_min_customers: no_such_column}")  # fmt: skip
    assert broken.returncode == 1, broken.stdout[-2000:]
    build_id, state, failed_nodes = newest_build(env)
    assert state == "failed" and failed_nodes == "model.journey_warehouse.rpt_retention_cohorts"
    refused = run_cli(env, "publish", check=False)
    assert refused.returncode == 1 and f"the newest build is {build_id}" in refused.stderr
    gate = run_cli(env, "gate", check=False)
    assert gate.returncode == 1
    status = json.loads((published / "dq_status.json").read_text())
    assert status["build_id"] == build_id
    assert [(f["table_name"], f["expectation"]) for f in status["failures"]] == [
        ("dbt_builds", "build_succeeded")
    ]
    assert "rpt_retention_cohorts" in status["failures"][0]["observed"]
    refused = run_cli(env, "publish", check=False)
    assert refused.returncode == 1 and "the gate failed" in refused.stderr
    assert os.readlink(published / "current.duckdb") == before
    # the model fixed and rebuilt: gated and published, and the snapshot names that build
    fixed = dbt(env, tmp_path, "run", "--select", "rpt_retention_cohorts")
    assert fixed.returncode == 0, fixed.stdout[-2000:]
    good_id, state, _ = newest_build(env)
    assert state == "succeeded"
    run_cli(env, "gate")
    run_cli(env, "publish")
    assert os.readlink(published / "current.duckdb") != before
    assert query(published / "current.duckdb",
                 "select build_id, is_forced from published_build") == [(good_id, False)]  # fmt: skip


def test_a_run_that_fails_before_the_gate_shows_on_the_status_page(pipeline, tmp_path):
    """Another process holds the warehouse: the loads fail after their retries, dbt and the gate
    never run. The status page, which said PASSING, says FAILING and names the steps."""
    env = copy_of_pipeline(pipeline, tmp_path / "locked")
    page = Path(env["JW_PUBLISH_DIR"]) / "data-quality-status.html"
    assert "Data quality: PASSING" in page.read_text()
    holder = duckdb.connect(env["JW_DUCKDB_PATH"])  # a write lock, as an open notebook has
    try:
        result = run_cli(env, "run", "--skip-reports", check=False)
    finally:
        holder.close()
    assert result.returncode == 1
    text = page.read_text()
    assert "Data quality: FAILING" in text and "FAILED at raw__" in text
    assert "Data quality: FAILING" in (PROJECT_DIR / "reports" / "build" / page.name).read_text()
    last_run = json.loads(page.with_name("dq_status.json").read_text())["last_run"]
    assert last_run["success"] is False and "lock" in last_run["message"].lower()
    alert = json.loads((tmp_path / "locked" / "alerts.log").read_text().splitlines()[-1])
    assert alert["run_id"] == last_run["run_id"]


def test_a_killed_run_is_marked_failed_and_its_half_build_never_published(pipeline, tmp_path):
    """`kill -9` of a nightly run in the middle of dbt: the status page stops saying PASSING,
    the unfinished build fails the gate, and the next run marks the killed one failed (with an
    alert), removes what a killed publish left behind and publishes a complete build."""
    import dagster as dg

    root = tmp_path / "killed"
    env = copy_of_pipeline(pipeline, root)
    published = Path(env["JW_PUBLISH_DIR"])
    before = os.readlink(published / "current.duckdb")
    # what a publish killed mid-way leaves: a half-written snapshot and a temporary link
    leftover = published / "snapshots" / "marts-20260101T000000000000Z.partial"
    leftover.write_bytes(b"half a snapshot")
    (published / "current.duckdb.link").symlink_to("snapshots/nowhere.duckdb")
    # the first model dbt writes lands after every node was compiled: the build is under way
    run = subprocess.Popen(offline([CLI, "run", "--skip-reports"]), cwd=PROJECT_DIR, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           start_new_session=True)  # fmt: skip
    seen = []
    for line in run.stdout:
        seen.append(line)
        if " OK created " in line:  # dbt's first model is written
            break
    os.killpg(run.pid, 9)
    run.wait(timeout=60)
    assert any(" OK created " in line for line in seen), "".join(seen)[-3000:]
    killed_id = json.loads((published / "dq_status.json").read_text())["last_run"]["run_id"]
    assert "Data quality: RUNNING" in (published / "data-quality-status.html").read_text()
    assert newest_build(env)[1] == "started"
    gate = run_cli(env, "gate", check=False)
    assert gate.returncode == 1 and "never finished" in gate.stderr
    refused = run_cli(env, "publish", check=False)
    assert refused.returncode == 1 and os.readlink(published / "current.duckdb") == before
    # the next run: the killed one is marked failed and alerted, then a full night runs
    result = run_cli(env, "run", "--skip-reports")
    assert f"earlier nightly run {killed_id}" in result.stderr
    with dg.DagsterInstance.from_config(str(root / "dagster")) as instance:
        assert instance.get_run_by_id(killed_id).status == dg.DagsterRunStatus.FAILURE
    alerts = [json.loads(line) for line in (root / "alerts.log").read_text().splitlines()]
    assert any(a.get("run_id") == killed_id and "killed" in a["error"] for a in alerts)
    assert not leftover.exists() and not (published / "current.duckdb.link").is_symlink()
    build_id, state, _ = newest_build(env)
    assert state == "succeeded"
    snapshot = published / "current.duckdb"
    assert os.readlink(snapshot) != before
    assert query(snapshot, "select build_id from published_build") == [(build_id,)]
    status = json.loads((published / "dq_status.json").read_text())
    assert status["last_run"]["success"] and status["last_run"]["run_id"] != killed_id


def test_every_page_shows_its_empty_state_when_every_report_source_is_empty(pipeline, tmp_path):
    """A new company, a model not usable yet: every report source may have no rows. The site
    still builds (strict) and every page says "no data yet" and why, with no error box."""
    published = tmp_path / "published"
    published.mkdir()
    con = duckdb.connect(str(published / "empty.duckdb"))
    try:
        con.execute(
            f"attach '{Path(pipeline['env']['JW_PUBLISH_DIR']) / 'current.duckdb'}' "
            "as filled (read_only)"
        )
        tables = [
            row[0]
            for row in con.execute(
                "select table_name from duckdb_tables() where database_name = 'filled'"
            ).fetchall()
        ]
        for table in tables:
            con.execute(
                f'create table main."{table}" as select * from filled.main."{table}" limit 0'
            )
        add_label_macros(con)  # as publish does: no labels yet, so codes stay codes
    finally:
        con.close()
    (published / "current.duckdb").symlink_to("empty.duckdb")
    sources = {p.stem for p in (PROJECT_DIR / "reports" / "sources" / "warehouse").glob("*.sql")}
    assert sources <= set(tables)
    # a copy of the Evidence app, so the real site of the other tests stays as it is
    app = tmp_path / "reports"
    shutil.copytree(
        PROJECT_DIR / "reports",
        app,
        ignore=shutil.ignore_patterns(
            "node_modules", ".evidence", "build", ".svelte-kit", ".build.lock"
        ),
    )
    (app / "node_modules").symlink_to(PROJECT_DIR / "reports" / "node_modules")
    build = (
        "import logging, sys; from pathlib import Path; "
        "from journey_warehouse.reports import build_reports; "
        "from journey_warehouse.settings import Settings; logging.basicConfig(level=logging.INFO); "
        "build_reports(Settings.from_env(), Path(sys.argv[1]))"
    )
    env = {**pipeline["env"], "JW_PUBLISH_DIR": str(published)}
    result = subprocess.run(
        offline([sys.executable, "-c", build, str(app)]),
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    for source in sources:
        assert "wrote 0 rows" in next(
            line for line in result.stderr.splitlines() if f" {source} " in line
        ), source
    check = subprocess.run(
        offline(
            [
                sys.executable,
                "-m",
                "tests.python.site_check",
                str(app / "build"),
                str(ARTIFACTS / "screenshots-empty"),
                "--empty",
            ]
        ),
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=900,
    )
    pages = [json.loads(line) for line in check.stdout.splitlines() if line.startswith("{")]
    assert {
        "/",
        "/funnel/",
        "/journey-paths/",
        "/attribution/",
        "/clv/",
        "/retention/",
        "/voice-of-customer/",
        "/data-quality/",
    } <= {p["route"] for p in pages}, check.stderr[-3000:]
    failed = [p for p in pages if p["problems"]]
    assert not failed, failed
    assert all(p["empty_states"] for p in pages if p["route"] != "(network)")
    assert check.returncode == 0, check.stderr[-3000:]


def test_every_column_in_the_warehouse_is_documented(pipeline):
    """The yml lists every column a model really has (the conventions test checks that each
    listed column is described; this one that none is missing from the list)."""
    manifest = json.loads((PROJECT_DIR / "target" / "manifest.json").read_text())
    documented = {
        (n["schema"], n["name"]): {c.lower() for c in n["columns"]}
        for n in manifest["nodes"].values() if n["resource_type"] == "model"
    }  # fmt: skip
    actual = query(
        warehouse(pipeline),
        "select table_schema, table_name, column_name from information_schema.columns "
        "where table_schema in ('staging', 'intermediate', 'marts') and table_catalog = 'warehouse'",
    )
    missing = sorted(
        f"{schema}.{table}.{column}" for schema, table, column in actual
        if (schema, table) in documented and column.lower() not in documented[(schema, table)]
    )  # fmt: skip
    assert {(s, t) for s, t, _ in actual} >= set(documented) - {("marts", "dq_gate_results")}
    assert missing == []
