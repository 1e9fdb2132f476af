"""Raw loading: every bad-input kind ends in quarantine (or a rejected file with a clear
reason), nothing is lost, counts reconcile, loads are idempotent and atomic."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from journey_warehouse.landing.contract import DATASETS
from journey_warehouse.landing.loader import load_all
from journey_warehouse.settings import connect

from .conftest import PROJECT_DIR, subprocess_env

GOOD = {
    "event_id": "e1",
    "occurred_at": "2025-03-01T10:00:00+01:00",
    "anonymous_id": "d1",
    "channel": "email",
    "event_type": "email_open",
    "attributes": {"campaign_id": 7},
}
FEEDBACK_HEADER = "response_id,responded_at,survey_type,score,customer_id,language,comment"


def event(**changes) -> dict:
    row = {**GOOD, **changes}
    return {k: v for k, v in row.items() if v is not None}


def write_jsonl(path: Path, rows: list, encoding: str = "utf-8", bom: bool = False) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    data = ("\n".join(lines) + "\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def load(paths) -> dict:
    con = connect()
    try:
        return {r.file_name: r for r in load_all(con, paths["JW_LANDING_DIR"])}
    finally:
        con.close()


def query(sql: str):
    con = connect(read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def reasons(dataset: str) -> dict[str, int]:
    rows = query(f"select reason_code, count(*) from raw.quarantine_{dataset} group by 1")
    return dict(rows)


def assert_reconciled(result) -> None:
    assert result.rows_read == result.rows_loaded + result.rows_quarantined


def test_each_bad_row_kind_is_quarantined_with_its_reason(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    write_jsonl(
        landing / "touchpoints_bad.jsonl",
        [
            event(event_id="ok1"),
            '{"event_id": "trunc", "occurred_at": "2025-03-0',  # truncated JSON
            event(event_id="type", occurred_at="yesterday"),  # wrong type
            event(event_id="miss", anonymous_id=None),  # missing required field
            event(event_id="enum", channel="tiktok_live"),  # unknown enum
            event(event_id="future", occurred_at="2999-01-01T00:00:00+00:00"),
            event(event_id="ok1"),  # duplicate event id
            event(event_id="hash", email_hash="not-a-sha256"),
            "[1, 2, 3]",  # valid JSON but not an object
        ],
    )
    result = load(warehouse)["touchpoints_bad.jsonl"]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (9, 1, 8)
    assert_reconciled(result)
    assert reasons("touchpoints") == {
        "malformed_record": 2,
        "wrong_type": 2,
        "missing_required_field": 1,
        "unknown_code": 1,
        "future_timestamp": 1,
        "duplicate_key": 1,
    }
    lines = query(
        "select _line_number, reason_column from raw.quarantine_touchpoints "
        "where reason_code = 'duplicate_key'"
    )
    assert lines == [(7, "event_id")]


def test_out_of_range_scores_depend_on_the_survey(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    (landing / "feedback_1.csv").write_text(
        FEEDBACK_HEADER + "\n"
        'r1,2025-03-01T10:00:00Z,nps,15,c1,en,"too expensive, sadly"\n'
        "r2,2025-03-01T10:00:00Z,csat,0,c1,de,\n"
        "r3,2025-03-01T10:00:00Z,ces,7,c1,de,ok\n"
        "r4,2025-03-01T10:00:00Z,nps,ten,c1,en,\n"
        "r5,2025-03-01T10:00:00Z,nps,10\n"  # too few columns: a parser reject
    )
    result = load(warehouse)["feedback_1.csv"]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (5, 1, 4)
    assert reasons("feedback") == {"out_of_range": 2, "wrong_type": 1, "malformed_record": 1}
    assert query("select _line_number from raw.quarantine_feedback order by 1") == [
        (2,), (3,), (5,), (6,)
    ]  # fmt: skip


def test_fx_rates_are_keyed_by_currency_and_date_and_a_later_file_corrects_a_rate(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    header = "currency,rate_date,units_per_eur\n"
    (landing / "fx_rates_1.csv").write_text(
        header + "USD,2025-01-01,1.0412\nUSD,2025-02-01,1.0388\nGBP,2025-01-01,0.8345\n"
        "USD,2025-01-01,1.0500\n"  # the same currency and date twice in one file
        "EUR,2025-01-01,1\n"  # EUR is 1 by definition, not a rate to deliver
        "CHF,2025-01-01,0\n"
    )
    first = load(warehouse)["fx_rates_1.csv"]
    assert (first.rows_read, first.rows_loaded, first.rows_quarantined) == (6, 3, 3)
    assert reasons("fx_rates") == {"duplicate_key": 1, "unknown_code": 1, "out_of_range": 1}
    assert query("select reason_column from raw.quarantine_fx_rates where reason_code = "
                 "'duplicate_key'") == [("currency,rate_date",)]  # fmt: skip
    (landing / "fx_rates_2.csv").write_text(header + "USD,2025-02-01,1.0400\n")
    second = load(warehouse)["fx_rates_2.csv"]
    assert (second.rows_loaded, second.rows_quarantined) == (1, 0)
    assert query(
        "select currency, rate_date::varchar, units_per_eur::double from raw.fx_rates order by 1, 2"
    ) == [("GBP", "2025-01-01", 0.8345), ("USD", "2025-01-01", 1.0412), ("USD", "2025-02-01", 1.04)]


def test_same_files_twice_load_once(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    write_jsonl(landing / "touchpoints_a.jsonl", [event(event_id=f"e{i}") for i in range(50)])
    first = load(warehouse)
    second = load(warehouse)
    assert first["touchpoints_a.jsonl"].rows_loaded == 50
    assert second["touchpoints_a.jsonl"].status == "skipped"
    assert query("select count(*) from raw.touchpoints") == [(50,)]
    assert query("select count(*) from raw.load_ledger") == [(1,)]
    # the same rows under another file name are duplicates, not new events
    write_jsonl(landing / "touchpoints_b.jsonl", [event(event_id=f"e{i}") for i in range(50)] + [
        event(event_id="new")
    ])  # fmt: skip
    third = load(warehouse)["touchpoints_b.jsonl"]
    assert (third.rows_loaded, third.rows_quarantined) == (1, 50)
    assert query("select count(*) from raw.touchpoints") == [(51,)]


def test_empty_file_is_recorded_not_lost(warehouse):
    (warehouse["JW_LANDING_DIR"] / "touchpoints_empty.jsonl").write_bytes(b"")
    (warehouse["JW_LANDING_DIR"] / "orders_empty.csv").write_bytes(b"")
    results = load(warehouse)
    # the ledger is keyed by content: the second empty file is the same (empty) content
    assert [r.status for r in results.values()] == ["empty", "skipped"]
    assert query("select file_name, status, rows_read from raw.load_ledger") == [
        ("touchpoints_empty.jsonl", "empty", 0)
    ]


def test_utf8_bom_and_latin1_files_load_with_their_text_intact(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    write_jsonl(landing / "touchpoints_bom.jsonl", [event(event_id="bom")], bom=True)
    (landing / "feedback_latin1.csv").write_bytes(
        (FEEDBACK_HEADER + "\nr1,2025-03-01T10:00:00Z,nps,3,c1,de,\"Lieferung kam zu spät, "
         "Größe falsch\"\n").encode("latin-1")
    )  # fmt: skip
    results = load(warehouse)
    assert results["touchpoints_bom.jsonl"].rows_loaded == 1
    latin = results["feedback_latin1.csv"]
    assert (latin.rows_loaded, latin.source_encoding) == (1, "cp1252")
    assert query("select comment from raw.feedback") == [("Lieferung kam zu spät, Größe falsch",)]


def test_a_100_mb_line_is_quarantined_and_its_neighbours_load(warehouse):
    huge = event(event_id="huge", attributes={"blob": "x" * (100 * 1024 * 1024)})
    write_jsonl(
        warehouse["JW_LANDING_DIR"] / "touchpoints_huge.jsonl",
        [event(event_id="before"), huge, event(event_id="after")],
    )
    result = load(warehouse)["touchpoints_huge.jsonl"]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)
    assert reasons("touchpoints") == {"line_too_long": 1}
    stored = query("select length(raw_text) from raw.quarantine_touchpoints")[0][0]
    assert stored == 65536  # the raw text is kept, truncated


def test_a_file_that_is_not_what_its_name_says_is_rejected_clearly(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    write_jsonl(landing / "touchpoints_fake.parquet", [event()])  # JSON named .parquet
    (landing / "orders_binary.csv").write_bytes(bytes(range(256)) * 40)  # binary named .csv
    results = load(warehouse)
    fake = results["touchpoints_fake.parquet"]
    assert fake.status == "rejected" and "parquet" in fake.error.lower()
    binary = results["orders_binary.csv"]
    assert binary.status == "rejected"
    assert query(
        "select count(*) from raw.quarantine_touchpoints where reason_code = 'unreadable_file'"
    ) == [(1,)]
    assert query("select count(*) from raw.load_ledger where status = 'rejected'") == [(2,)]


def test_missing_required_column_quarantines_the_file_and_extra_columns_are_reported(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    (landing / "orders_nocurrency.csv").write_text(
        "order_id,customer_id,ordered_at,order_amount\no1,c1,2025-03-01T10:00:00Z,10.00\n"
    )
    (landing / "orders_extra.csv").write_text(
        "order_id,customer_id,ordered_at,currency,order_amount,coupon\n"
        "o2,c1,2025-03-01T10:00:00Z,EUR,10.00,SPRING\n"
    )
    results = load(warehouse)
    missing = results["orders_nocurrency.csv"]
    assert missing.status == "rejected"
    assert missing.error == "missing required column(s): currency"
    assert (missing.rows_read, missing.rows_quarantined) == (1, 1)
    extra = results["orders_extra.csv"]
    assert (extra.status, extra.rows_loaded, extra.unknown_columns) == ("loaded", 1, ["coupon"])
    assert "item_count" in extra.missing_optional_columns


def test_parquet_touchpoints_load_with_types(warehouse):
    rows = [event(event_id=f"p{i}") for i in range(10)]
    for row in rows:
        row["attributes"] = json.dumps(row["attributes"])
    con = duckdb.connect()
    con.execute("create table t as select * from read_json_auto(?)", [
        str(write_jsonl(warehouse["JW_LANDING_DIR"].parent / "src.jsonl", rows))
    ])  # fmt: skip
    con.execute(f"copy t to '{warehouse['JW_LANDING_DIR'] / 'touchpoints_p.parquet'}'")
    result = load(warehouse)["touchpoints_p.parquet"]
    assert (result.rows_loaded, result.rows_quarantined) == (10, 0)
    assert query("select typeof(occurred_at) from raw.touchpoints limit 1") == [
        ("TIMESTAMP WITH TIME ZONE",)
    ]


def test_a_load_killed_mid_file_leaves_nothing_and_the_rerun_is_exact(warehouse):
    """A real subprocess is SIGKILLed while it loads a large file; the rerun loads it fully."""
    path = warehouse["JW_LANDING_DIR"] / "touchpoints_big.jsonl"
    rows = 600_000
    with path.open("w") as handle:
        for i in range(rows):
            handle.write(json.dumps(event(event_id=f"k{i}")) + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "orchestration.cli", "load"],
        cwd=PROJECT_DIR,
        env=subprocess_env(warehouse),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # kill once the loader holds its transaction open (the WAL appears, and the private copy
    # it reads, made just before the transaction starts), before it commits
    wal = Path(str(warehouse["JW_DUCKDB_PATH"]) + ".wal")
    copies = f"jw-landing-{process.pid}-*"
    deadline = time.monotonic() + 60
    while (
        time.monotonic() < deadline
        and process.poll() is None
        and not (wal.exists() and list(Path(tempfile.gettempdir()).glob(copies)))
    ):
        time.sleep(0.01)
    time.sleep(0.3)
    assert process.poll() is None, "the load finished before it could be killed; grow the file"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert list(Path(tempfile.gettempdir()).glob(copies)), "killed before the copy was made"
    assert query("select count(*) from raw.load_ledger") == [(0,)]
    assert query("select count(*) from raw.touchpoints") == [(0,)]
    result = load(warehouse)["touchpoints_big.jsonl"]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (rows, rows, 0)
    assert query("select count(*), count(distinct event_id) from raw.touchpoints") == [(rows, rows)]
    # the private copy the killed loader was reading is removed by the next load
    assert not list(Path(tempfile.gettempdir()).glob(copies))


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_every_dataset_has_a_quarantine_table_and_lineage_columns(warehouse, name):
    load(warehouse)
    columns = {r[0] for r in query(f"describe raw.{name}")}
    assert {"_file_name", "_file_hash", "_line_number", "_loaded_at"} <= columns
    assert query(f"select count(*) from raw.quarantine_{name}") == [(0,)]
