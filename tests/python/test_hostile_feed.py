"""A careless or hostile nightly feed (issue 17, the loader): poison files never stop the run,
only complete files are read, the contract is enforced exactly, and a re-delivered file of
duplicates is not a broken feed. Every test uses real files and checks the ledger outcome, the
reason code, that the files after the bad one loaded, and that no row was lost."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import dagster as dg
import pytest

from journey_warehouse.landing import intake
from journey_warehouse.landing.contract import DATASETS
from journey_warehouse.landing.loader import ensure_schema, load_all, load_file, problem_files
from journey_warehouse.settings import Settings, SettingsError, connect
from orchestration.cli import RUN_CONFIG
from orchestration.defs.raw import raw_assets
from orchestration.defs.resources import WarehouseResource
from tools.generator import generate

from .test_loader import FEEDBACK_HEADER, event, query, write_jsonl
from .test_operator_errors import cli

ORDERS_HEADER = "order_id,customer_id,ordered_at,currency,order_amount,item_count"


def load(paths) -> dict:
    con = connect()
    try:
        return {r.path: r for r in load_all(con, paths["JW_LANDING_DIR"])}
    finally:
        con.close()


def ledger() -> dict[str, tuple]:
    rows = query(
        "select file_name, status, reason_code, rows_read, rows_loaded, rows_quarantined "
        "from raw.load_ledger"
    )
    return {r[0]: r[1:] for r in rows}


def reasons(dataset: str, file_name: str | None = None) -> dict[str, int]:
    where = f"where _file_name = '{file_name}'" if file_name else ""
    return dict(
        query(f"select reason_code, count(*) from raw.quarantine_{dataset} {where} group by 1")
    )


def assert_nothing_lost() -> None:
    """Per ledger row: read = loaded + quarantined, and the raw and quarantine tables hold
    exactly those rows (a file rejected unopened has one quarantine row without a line; of
    a snapshot, the rows no newer file replaced)."""
    for file_hash, dataset, read, loaded, quarantined in query(
        "select file_hash, dataset, rows_read, rows_loaded, rows_quarantined from raw.load_ledger"
    ):
        assert read == loaded + quarantined, file_hash
        [(in_raw,)] = query(f"select count(*) from raw.{dataset} where _file_hash = '{file_hash}'")
        [(in_quarantine,)] = query(
            f"select count(*) from raw.quarantine_{dataset} "
            f"where _file_hash = '{file_hash}' and _line_number is not null"
        )
        assert in_quarantine == quarantined, (dataset, file_hash)
        if DATASETS[dataset].mode == "append":
            assert in_raw == loaded, (dataset, file_hash)
        else:  # a later file or newer extract replaces the rows of its keys
            assert in_raw <= loaded, (dataset, file_hash)


def orders_csv(path: Path, ids, amount: str = "129.67", header: str = ORDERS_HEADER) -> Path:
    lines = [header] + [f"{i},c{i},2025-03-01T10:00:00+01:00,EUR,{amount},2" for i in ids]
    path.write_text("\n".join(lines) + "\n")
    return path


def feedback_csv(path: Path, n: int, header: str = FEEDBACK_HEADER, extra: str = "") -> Path:
    rows = [f"{path.stem}-{i},2025-03-01T10:00:00Z,nps,9,c{i},en,fine{extra}" for i in range(n)]
    path.write_text(header + "\n" + "\n".join(rows) + "\n")
    return path


# 1. poison files never stop the run ------------------------------------------------------------


def test_a_repeated_csv_column_rejects_the_file_and_the_later_files_load(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    feedback_csv(landing / "feedback_1.csv", 3, header=FEEDBACK_HEADER.replace("score", "score,score"),
                 extra=",x")  # fmt: skip
    feedback_csv(landing / "feedback_2.csv", 4)
    orders_csv(landing / "orders_1.csv", ["o1", "o2"])
    results = load(warehouse)
    bad = results["feedback_1.csv"]
    assert (bad.status, bad.reason_code) == ("rejected", "duplicate_column")
    assert "score" in bad.error and "once" in bad.error
    assert ledger()["feedback_1.csv"] == ("rejected", "duplicate_column", 3, 0, 3)
    assert reasons("feedback", "feedback_1.csv") == {"duplicate_column": 3}
    assert ledger()["feedback_2.csv"] == ("loaded", None, 4, 4, 0)
    assert ledger()["orders_1.csv"] == ("loaded", None, 2, 2, 0)
    assert [r.path for r in problem_files(results.values())] == ["feedback_1.csv"]
    # the quarantined rows keep their fields in file order
    [(raw_text,)] = query("select raw_text from raw.quarantine_feedback where _line_number = 2")
    assert json.loads(raw_text)[:4] == ["feedback_1-0", "2025-03-01T10:00:00Z", "nps", "9"]
    assert_nothing_lost()


def test_a_header_ending_in_a_delimiter_rejects_the_file_and_the_later_files_load(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    orders_csv(landing / "orders_1.csv", ["o1", "o2", "o3"], header=ORDERS_HEADER + ",")
    orders_csv(landing / "orders_2.csv", ["o4"])
    results = load(warehouse)
    bad = results["orders_1.csv"]
    assert (bad.status, bad.reason_code) == ("rejected", "empty_column_name")
    assert "7" in bad.error and "delimiter" in bad.error
    # the rows have one field fewer than the header: the parser rejects them, all are counted
    assert ledger()["orders_1.csv"] == ("rejected", "empty_column_name", 3, 0, 3)
    assert ledger()["orders_2.csv"] == ("loaded", None, 1, 1, 0)
    assert_nothing_lost()


def test_a_file_name_that_is_not_utf8_is_rejected_unread_and_loads_once_renamed(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    odd = os.path.join(os.fsencode(landing), b"orders_\xff\xfe.csv")
    with open(odd, "wb") as handle:
        handle.write(f"{ORDERS_HEADER}\no1,c1,2025-03-01T10:00:00Z,EUR,10.00,1\n".encode())
    orders_csv(landing / "orders_2.csv", ["o2"])
    results = load(warehouse)
    bad = results["orders_\\xff\\xfe.csv"]
    assert (bad.status, bad.reason_code) == ("rejected", "invalid_file_name")
    assert "not valid UTF-8" in bad.error
    assert ledger()["orders_\\xff\\xfe.csv"] == ("rejected", "invalid_file_name", 0, 0, 0)
    assert ledger()["orders_2.csv"] == ("loaded", None, 1, 1, 0)
    assert query("select order_id from raw.orders") == [("o2",)]
    assert load(warehouse)["orders_\\xff\\xfe.csv"].status == "skipped"  # one ledger row
    # the ledger key is the entry, not the content: renamed, the same bytes load
    os.rename(odd, os.path.join(os.fsencode(landing), b"orders_1.csv"))
    assert load(warehouse)["orders_1.csv"].status == "loaded"
    assert query("select order_id from raw.orders order by 1") == [("o1",), ("o2",)]
    assert_nothing_lost()


def test_garbage_content_is_rejected_as_unreadable_and_the_later_files_load(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    (landing / "orders_1.csv").write_bytes(bytes(range(256)) * 40)  # binary named .csv
    (landing / "touchpoints_1.jsonl").write_text("%PDF-1.7 not json\n<<garbage>>\n\x7f\n")
    (landing / "touchpoints_2.parquet").write_bytes(b"PAR1" + os.urandom(4000) + b"PAR1")
    orders_csv(landing / "orders_2.csv", ["o1"])
    write_jsonl(landing / "touchpoints_3.jsonl", [event(event_id="t1")])
    results = load(warehouse)
    for name in ("orders_1.csv", "touchpoints_1.jsonl", "touchpoints_2.parquet"):
        assert (results[name].status, results[name].reason_code) == ("rejected", "unreadable_file")
        assert results[name].error
    # the garbage lines are counted and kept: no JSON object among them
    assert ledger()["touchpoints_1.jsonl"] == ("rejected", "unreadable_file", 3, 0, 3)
    assert reasons("touchpoints", "touchpoints_1.jsonl") == {"malformed_record": 3}
    assert ledger()["orders_2.csv"] == ("loaded", None, 1, 1, 0)
    assert ledger()["touchpoints_3.jsonl"] == ("loaded", None, 1, 1, 0)
    assert {r.path for r in problem_files(results.values())} == {
        "orders_1.csv", "touchpoints_1.jsonl", "touchpoints_2.parquet"
    }  # fmt: skip
    assert_nothing_lost()


# 2. only complete files -----------------------------------------------------------------------


def test_a_file_being_written_is_not_read_until_it_is_complete(warehouse, monkeypatch):
    monkeypatch.setenv("JW_LANDING_SETTLE_SECONDS", "30")
    landing = warehouse["JW_LANDING_DIR"]
    path = landing / "orders_1.csv"
    with path.open("w") as writer:  # a sender half-way through the file
        writer.write(f"{ORDERS_HEADER}\no1,c1,2025-03-01T10:00:00Z,EUR,129.")
        writer.flush()
        first = load(warehouse)["orders_1.csv"]
        assert (first.status, first.reason_code) == ("pending", "incomplete")
        assert "JW_LANDING_SETTLE_SECONDS=30" in first.error
        assert not problem_files([first])  # normal, not alerted
        writer.write("67,2\n")
    assert query("select count(*) from raw.load_ledger") == [(0,)]
    assert load(warehouse)["orders_1.csv"].status == "pending"  # changed just now
    time.sleep(0.05)
    (landing / "_SUCCESS").touch()  # the sender's marker: everything before it is complete
    done = load(warehouse)["orders_1.csv"]
    assert (done.status, done.rows_loaded, done.rows_quarantined) == ("loaded", 1, 0)
    assert query("select order_amount::varchar from raw.orders") == [("129.67",)]
    assert_nothing_lost()


def test_a_file_is_taken_once_it_has_settled(warehouse, monkeypatch):
    monkeypatch.setenv("JW_LANDING_SETTLE_SECONDS", "1")
    landing = warehouse["JW_LANDING_DIR"]
    orders_csv(landing / "orders_1.csv", ["o1"])
    assert load(warehouse)["orders_1.csv"].status == "pending"
    time.sleep(1.1)
    assert load(warehouse)["orders_1.csv"].status == "loaded"


def test_a_file_that_changes_while_it_is_read_is_left_for_the_next_run(warehouse, monkeypatch):
    landing = warehouse["JW_LANDING_DIR"]
    path = orders_csv(landing / "orders_1.csv", ["o1"])
    reads = intake._chunks

    def appending(handle):  # the sender appends a row while the loader copies the file
        for chunk in reads(handle):
            yield chunk
            if path.stat().st_size < 200:
                with path.open("a") as writer:
                    writer.write("o2,c2,2025-03-01T10:00:00Z,EUR,5.00,1\n")

    monkeypatch.setattr(intake, "_chunks", appending)
    first = load(warehouse)["orders_1.csv"]
    assert (first.status, first.reason_code) == ("pending", "incomplete")
    assert "changed" in first.error
    assert query("select count(*) from raw.load_ledger") == [(0,)]
    monkeypatch.setattr(intake, "_chunks", reads)
    assert load(warehouse)["orders_1.csv"].rows_loaded == 2
    assert_nothing_lost()


def test_a_transient_read_error_is_retried_and_never_recorded_as_rejected(warehouse, monkeypatch):
    landing = warehouse["JW_LANDING_DIR"]
    orders_csv(landing / "orders_1.csv", ["o1"])
    orders_csv(landing / "orders_2.csv", ["o2"])
    monkeypatch.setattr(intake, "READ_RETRY_SECONDS", 0.0)
    real_open, failures = intake._open, []

    def flaky(path):  # a share that answers EACCES for a while
        if path.name == "orders_1.csv" and len(failures) < budget:
            failures.append(path)
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(intake, "_open", flaky)
    budget = 1  # fails once: the retry within the run reads it
    assert load(warehouse)["orders_1.csv"].status == "loaded"
    assert len(failures) == 1
    orders_csv(landing / "orders_3.csv", ["o3"])
    failures.clear()
    (landing / "orders_1.csv").rename(landing / "orders_3b.csv")  # new entry, same content

    def always(path):
        if path.name == "orders_3.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(intake, "_open", always)
    results = load(warehouse)
    stuck = results["orders_3.csv"]
    assert (stuck.status, stuck.reason_code) == ("pending", "read_error")
    assert "Permission denied" in stuck.error and "3 attempts" in stuck.error
    assert [r.path for r in problem_files(results.values())] == ["orders_3.csv"]  # alerted
    assert "orders_3.csv" not in ledger()  # not recorded under its hash
    assert results["orders_3b.csv"].status == "skipped"  # the same bytes as orders_1.csv
    monkeypatch.setattr(intake, "_open", real_open)  # the share recovers: taken next run
    assert load(warehouse)["orders_3.csv"].status == "loaded"
    assert query("select order_id from raw.orders order by 1") == [("o1",), ("o2",), ("o3",)]
    assert_nothing_lost()


# 3. the contract, exactly ---------------------------------------------------------------------


def test_timestamps_need_an_offset_in_range_and_dates_a_plausible_window(warehouse, monkeypatch):
    landing = warehouse["JW_LANDING_DIR"]
    write_jsonl(landing / "touchpoints_1.jsonl", [
        event(event_id="utc", occurred_at="2025-03-01T10:00:00Z"),
        event(event_id="cet", occurred_at="2025-03-01T10:00:00+01:00"),
        event(event_id="kiribati", occurred_at="2025-03-01T10:00:00+14:00"),
        event(event_id="naive", occurred_at="2025-03-01T10:00:00"),
        event(event_id="date", occurred_at="2025-03-01"),
        event(event_id="zone", occurred_at="2025-03-01 10:00:00 CET"),
        event(event_id="plus25", occurred_at="2025-03-01T10:00:00+25:00"),
        event(event_id="minus13", occurred_at="2025-03-01T10:00:00-13:00"),
        event(event_id="minutes", occurred_at="2025-03-01T10:00:00+01:75"),
        event(event_id="year1", occurred_at="0001-01-01T00:00:00Z"),
    ])  # fmt: skip
    (landing / "crm_accounts.csv").write_text(
        "account_id,account_name,created_at\na1,Acme,2019-05-01T08:00:00+02:00\n"
        "a2,Old,1970-01-01T00:00:00Z\na3,Later,2150-01-01T00:00:00Z\n"
    )
    (landing / "fx_rates_1.csv").write_text(
        "currency,rate_date,units_per_eur\nUSD,2025-01-01,1.04\nUSD,1999-12-31,1.01\n"
        "USD,2025-02-01T00:00:00Z,1.05\n"
    )
    results = load(warehouse)
    assert ledger()["touchpoints_1.jsonl"] == ("loaded", None, 10, 3, 7)
    assert dict(query("select raw_text::json->>'event_id', reason_code "
                      "from raw.quarantine_touchpoints")) == {
        "naive": "missing_utc_offset", "date": "missing_utc_offset", "zone": "missing_utc_offset",
        "plus25": "invalid_utc_offset", "minus13": "invalid_utc_offset",
        "minutes": "invalid_utc_offset", "year1": "implausible_date",
    }  # fmt: skip
    assert query("select event_id, occurred_at::varchar from raw.touchpoints order by 1") == [
        ("cet", "2025-03-01 09:00:00+00"), ("kiribati", "2025-02-28 20:00:00+00"),
        ("utc", "2025-03-01 10:00:00+00"),
    ]  # fmt: skip
    assert results["crm_accounts.csv"].rows_loaded == 1
    assert reasons("crm_accounts") == {"implausible_date": 2}
    assert query("select reason_column from raw.quarantine_crm_accounts") == [("created_at",)] * 2
    assert reasons("fx_rates") == {"implausible_date": 1, "wrong_type": 1}  # a date is a date
    assert_nothing_lost()
    # the window is a setting
    monkeypatch.setenv("JW_LANDING_EARLIEST_DATE", "1960-01-01")
    (landing / "crm_accounts_2.csv").write_text(
        "account_id,account_name,created_at\na2,Old,1970-01-01T00:00:00Z\n"
    )
    assert load(warehouse)["crm_accounts_2.csv"].rows_loaded == 1


def test_integers_are_integers_never_rounded(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    (landing / "orders_1.csv").write_text(
        f"{ORDERS_HEADER}\no1,c1,2025-03-01T10:00:00Z,EUR,10.00,2\n"
        "o2,c1,2025-03-01T10:00:00Z,EUR,10.00,1.5\no3,c1,2025-03-01T10:00:00Z,EUR,10.00,1e2\n"
        "o4,c1,2025-03-01T10:00:00Z,EUR,10.00, 3 \n"
    )
    orders_csv(landing / "orders_2.csv", ["o5"])
    load(warehouse)
    assert ledger()["orders_1.csv"] == ("loaded", None, 4, 2, 2)
    assert query("select order_id, item_count from raw.orders order by 1") == [
        ("o1", 2), ("o4", 3), ("o5", 2)
    ]  # fmt: skip
    assert (
        query("select reason_code, reason_column from raw.quarantine_orders")
        == [("wrong_type", "item_count")] * 2
    )
    assert_nothing_lost()


def test_duplicate_json_keys_are_quarantined_with_their_own_reason(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    good = json.dumps(event(event_id="ok"))
    write_jsonl(landing / "touchpoints_1.jsonl", [
        good,
        good[:-1] + ', "channel": "sms"}',  # the second channel would be lost silently
        '{"event_id": "a", "event_id": "b", "occurred_at": "2025-03-01T10:00:00Z", '
        '"anonymous_id": "d1", "channel": "email", "event_type": "email_open"}',
        json.dumps(event(event_id="attr"))[:-1].replace(
            '"attributes": {"campaign_id": 7}', '"attributes": {"order_id": "o1", "order_id": "o2"}'
        ) + "}",
    ])  # fmt: skip
    write_jsonl(landing / "touchpoints_2.jsonl", [event(event_id="next")])
    load(warehouse)
    assert ledger()["touchpoints_1.jsonl"] == ("loaded", None, 4, 1, 3)
    assert sorted(query("select reason_code, reason_column from raw.quarantine_touchpoints")) == [
        ("duplicate_json_key", "channel"), ("duplicate_json_key", "event_id"),
        ("duplicate_json_key", "order_id"),
    ]  # fmt: skip
    assert query("select event_id from raw.touchpoints order by 1") == [("next",), ("ok",)]
    assert_nothing_lost()


def test_a_byte_order_mark_mid_file_is_quarantined_with_its_own_reason(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    bom = "\ufeff"
    # two files concatenated, each with its BOM: the second BOM lands inside the first field
    first = orders_csv(landing / "part_a.txt", ["o1", "o2"]).read_text()
    second = orders_csv(landing / "part_b.txt", ["o3"]).read_text()
    (landing / "orders_1.csv").write_text(bom + first + bom + second, encoding="utf-8")
    write_jsonl(landing / "touchpoints_1.jsonl", [
        event(event_id="t1"), bom + json.dumps(event(event_id="t2")), event(event_id="t3"),
    ], bom=True)  # fmt: skip
    orders_csv(landing / "orders_2.csv", ["o4"])
    load(warehouse)
    # rows: o1, o2, the second header (BOM), o3
    assert ledger()["orders_1.csv"] == ("loaded", None, 4, 3, 1)
    assert query("select reason_code, _line_number from raw.quarantine_orders") == [
        ("mid_file_bom", 4)
    ]
    assert query("select order_id from raw.orders order by 1") == [
        ("o1",), ("o2",), ("o3",), ("o4",)
    ]  # fmt: skip
    assert ledger()["touchpoints_1.jsonl"] == ("loaded", None, 3, 2, 1)
    assert query("select reason_code, _line_number from raw.quarantine_touchpoints") == [
        ("mid_file_bom", 2)
    ]
    assert_nothing_lost()


def test_the_1_mib_line_limit_applies_to_csv(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    long_comment = "x" * (1024 * 1024 + 10)
    (landing / "feedback_1.csv").write_text(
        FEEDBACK_HEADER + "\n"
        "r1,2025-03-01T10:00:00Z,nps,9,c1,en,before\n"
        f"r2,2025-03-01T10:00:00Z,nps,9,c1,en,{long_comment}\n"
        f'r3,2025-03-01T10:00:00Z,nps,9,c1,en,"{"y" * 3 * 1024 * 1024}"\n'
        "r4,2025-03-01T10:00:00Z,nps,9,c1,en,after\n"
    )
    feedback_csv(landing / "feedback_2.csv", 2)
    load(warehouse)
    assert ledger()["feedback_1.csv"] == ("loaded", None, 4, 2, 2)
    assert query("select reason_code, _line_number from raw.quarantine_feedback order by 2") == [
        ("line_too_long", 3), ("line_too_long", 4)
    ]  # fmt: skip
    assert query("select response_id from raw.feedback order by 1") == [
        ("feedback_2-0",), ("feedback_2-1",), ("r1",), ("r4",)
    ]  # fmt: skip
    assert_nothing_lost()


def test_an_unterminated_quote_is_quarantined_and_the_lines_it_swallowed_load(warehouse):
    """The parser reads on from an open quote into the next lines: the line with the open quote
    is quarantined, the good lines it swallowed load on their own line numbers, and a second
    open quote among them is caught the same way."""
    landing = warehouse["JW_LANDING_DIR"]
    row = "{},c1,2025-03-01T10:00:00+01:00,EUR,{},2"
    lines = [ORDERS_HEADER, row.format("o1", "10.00"), row.format("o2", '"12.50'),
             row.format("o3", "13.00"), row.format("o4", '"14.00'), row.format("o5", "15.00"),
             row.format("o6", '"16.00"'), row.format("o7", "17.00")]  # fmt: skip
    (landing / "orders_1.csv").write_text("\n".join(lines) + "\n")
    orders_csv(landing / "orders_2.csv", ["n1"])
    load(warehouse)
    assert ledger()["orders_1.csv"] == ("loaded", None, 7, 5, 2)
    assert query("select reason_code, _line_number, raw_text from raw.quarantine_orders") == [
        ("unterminated_quote", 3, lines[2]), ("unterminated_quote", 5, lines[4])
    ]  # fmt: skip
    assert query("select order_id, _line_number, order_amount::double from raw.orders order by 1") == [
        ("n1", 2, 129.67), ("o1", 2, 10.0), ("o3", 4, 13.0), ("o5", 6, 15.0), ("o6", 7, 16.0),
        ("o7", 8, 17.0),
    ]  # fmt: skip
    assert_nothing_lost()


def test_a_garbage_jsonl_file_after_a_csv_with_a_long_line_is_still_unreadable(warehouse):
    """The parser's rejects of one file never count for the next on the same connection."""
    landing = warehouse["JW_LANDING_DIR"]
    orders = landing / "orders_1.csv"
    orders.write_text(f"{ORDERS_HEADER}\no1,c1,2025-03-01T10:00:00Z,EUR,1.00,1,{'z' * 1100000}\n")
    (landing / "touchpoints_1.jsonl").write_text("<html>\n</html>\n")
    con = connect()
    try:
        ensure_schema(con)
        assert load_file(con, DATASETS["orders"], orders).status == "loaded"
        garbage = load_file(con, DATASETS["touchpoints"], landing / "touchpoints_1.jsonl")
    finally:
        con.close()
    assert (garbage.status, garbage.reason_code) == ("rejected", "unreadable_file")
    assert_nothing_lost()


def test_symlinks_special_and_hidden_files_are_rejected_and_never_followed(warehouse, tmp_path):
    landing = warehouse["JW_LANDING_DIR"]
    outside = tmp_path / "outside"
    outside.mkdir()
    write_jsonl(outside / "secret.jsonl", [event(event_id="SECRET-outside")])
    write_jsonl(outside / "touchpoints_9.jsonl", [event(event_id="SECRET-folder")])
    (landing / "touchpoints_link.jsonl").symlink_to(outside / "secret.jsonl")
    (landing / "touchpoints_dangling.jsonl").symlink_to(outside / "gone.jsonl")
    (landing / "linked_folder").symlink_to(outside, target_is_directory=True)
    os.mkfifo(landing / "orders_fifo.csv")  # reading it would block the run forever
    orders_csv(landing / ".orders_hidden.csv", ["h1"])
    (landing / ".staging").mkdir()
    orders_csv(landing / ".staging" / "orders_3.csv", ["h2"])
    write_jsonl(landing / "touchpoints_1.jsonl", [event(event_id="t1")])
    orders_csv(landing / "orders_1.csv", ["o1"])
    results = load(warehouse)
    expected = {
        "touchpoints_link.jsonl": "symlink", "touchpoints_dangling.jsonl": "symlink",
        "orders_fifo.csv": "not_a_regular_file", ".orders_hidden.csv": "hidden_file",
        ".staging/orders_3.csv": "hidden_file",
    }  # fmt: skip
    assert {r.path: r.reason_code for r in problem_files(results.values())} == expected
    book = ledger()
    for path, reason in expected.items():
        assert book[Path(path).name] == ("rejected", reason, 0, 0, 0), path
    assert query("select event_id from raw.touchpoints") == [("t1",)]
    assert query("select order_id from raw.orders") == [("o1",)]
    # nothing from outside the landing folder was read, not even into quarantine
    for dataset in DATASETS:
        assert query(f"select count(*) from raw.quarantine_{dataset} "
                     "where raw_text like '%SECRET%'") == [(0,)]  # fmt: skip
    assert "linked_folder/touchpoints_9.jsonl" not in results
    assert all(r.status == "skipped" for r in load(warehouse).values())  # one ledger row each
    assert_nothing_lost()


def accounts_csv(path: Path, *rows: str) -> Path:
    lines = ["account_id,account_name,created_at"]
    lines += [f"{row},2025-01-01T00:00:00Z" for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def accounts() -> list[tuple]:
    return query(
        "select account_id, account_name, _extracted_at::date::varchar, "
        "_deleted_at::date::varchar from raw.crm_accounts order by 1"
    )


def test_crm_snapshots_apply_in_extract_order_and_record_deletions(warehouse):
    """Snapshots are full extracts stamped by the date in their names: an old extract arriving
    late changes no newer row (its rows are quarantined as superseded), and a key a newer
    extract lacks is marked deleted, not dropped; it comes back if a later extract has it."""
    landing = warehouse["JW_LANDING_DIR"]
    accounts_csv(landing / "crm_accounts_2025-03-02.csv", "a1,Acme", "a2,Beta", "a3,Gamma")
    load(warehouse)
    accounts_csv(landing / "crm_accounts_2025-03-04.csv", "a1,Acme Corp", "a3,Gamma")
    accounts_csv(landing / "crm_accounts_2025-03-05.csv", "a1,Acme Corp", "a3,Gamma", "a4,Delta")
    load(warehouse)
    # the extract of 3 March arrives late: a1 is newer, a2 and a4 were deleted/added later
    accounts_csv(landing / "crm_accounts_2025-03-03.csv", "a1,Acme Old", "a2,Beta", "a5,New")
    load(warehouse)
    assert accounts() == [
        ("a1", "Acme Corp", "2025-03-05", None),
        ("a2", "Beta", "2025-03-02", "2025-03-04"),  # gone from 4 March on: deleted, kept
        ("a3", "Gamma", "2025-03-05", None),
        ("a4", "Delta", "2025-03-05", None),
        ("a5", "New", "2025-03-03", "2025-03-04"),  # only in the late extract: deleted after it
    ]
    ledger_rows = query("select file_name, extracted_at::date::varchar, rows_loaded, "
                        "rows_quarantined, rows_already_loaded, rows_deleted "
                        "from raw.load_ledger order by extracted_at")  # fmt: skip
    assert ledger_rows == [
        ("crm_accounts_2025-03-02.csv", "2025-03-02", 3, 0, 0, 0),
        ("crm_accounts_2025-03-03.csv", "2025-03-03", 1, 2, 2, 0),
        ("crm_accounts_2025-03-04.csv", "2025-03-04", 2, 0, 0, 1),
        ("crm_accounts_2025-03-05.csv", "2025-03-05", 3, 0, 0, 0),
    ]
    assert reasons("crm_accounts", "crm_accounts_2025-03-03.csv") == {"superseded_snapshot": 2}
    # a2 reappears in a newer extract: it is live again
    accounts_csv(landing / "crm_accounts_2025-03-06.csv", "a1,Acme Corp", "a2,Beta", "a3,Gamma",
                 "a4,Delta")  # fmt: skip
    load(warehouse)
    assert ("a2", "Beta", "2025-03-06", None) in accounts()
    assert_nothing_lost()


def test_a_snapshot_with_unreadable_keys_or_no_rows_deletes_nothing(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    accounts_csv(landing / "crm_accounts_2025-03-02.csv", "a1,Acme", "a2,Beta")
    load(warehouse)
    broken = accounts_csv(landing / "crm_accounts_2025-03-03.csv", "a1,Acme")
    broken.write_text(broken.read_text() + ',"Beta",2025-01-01T00:00:00Z\n')  # a2's key lost
    (landing / "crm_accounts_2025-03-04.csv").write_text("account_id,account_name,created_at\n")
    results = load(warehouse)
    assert [a[3] for a in accounts()] == [None, None]
    assert results["crm_accounts_2025-03-03.csv"].rows_deleted is None
    assert "deletions not applied: 1 line(s) without a readable key" in (
        results["crm_accounts_2025-03-03.csv"].error
    )
    assert results["crm_accounts_2025-03-04.csv"].status == "empty"
    assert_nothing_lost()


def test_quarantined_rows_are_replayed_once_their_cause_is_fixed(warehouse, monkeypatch):
    """Orders dated before the plausible window are quarantined; the window is widened and
    `journey-warehouse replay` loads them as a new file, leaves the rows that still fail (and
    the lines the parser never read) open in quarantine, and replays nothing twice."""
    landing = warehouse["JW_LANDING_DIR"]
    (landing / "orders_1.csv").write_text(
        f"{ORDERS_HEADER}\no1,c1,1990-03-01T10:00:00Z,EUR,10.00,2\n"
        'o2,c1,1991-03-01T10:00:00Z,EUR,oops,2\no3,c1,2025-03-01T10:00:00Z,EUR,"9,1\n'
        "o4,c1,2025-03-01T10:00:00Z,EUR,12.00,1\n"
    )
    write_jsonl(landing / "touchpoints_1.jsonl", [
        event(event_id="t1", occurred_at="1995-01-01T00:00:00Z"), event(event_id="t2"),
    ])  # fmt: skip
    load(warehouse)
    assert reasons("orders") == {"implausible_date": 1, "wrong_type": 1, "unterminated_quote": 1}
    monkeypatch.setenv("JW_LANDING_EARLIEST_DATE", "1980-01-01")
    env = {**os.environ, "DAGSTER_HOME": str(warehouse["JW_DUCKDB_PATH"].parent)}
    summary = json.loads(cli(env, "replay", "--dataset", "orders").stdout)
    assert summary | {"replay_file": None} == {
        "dataset": "orders", "rows_checked": 2, "rows_loaded": 1, "rows_still_failing": 1,
        "still_failing_by_reason": {"wrong_type": 1}, "rows_not_replayable": 1,
        "replay_file": None,
    }  # fmt: skip
    assert summary["replay_file"].startswith("orders_replay_")
    assert query("select order_id, _file_name like 'orders_replay_%' from raw.orders "
                 "order by 1") == [("o1", True), ("o4", False)]  # fmt: skip
    assert query("select reason_code, _replayed_into is not null from raw.quarantine_orders "
                 "order by 1") == [
        ("implausible_date", True), ("unterminated_quote", False), ("wrong_type", False)
    ]  # fmt: skip
    # nothing twice: the row that still fails stays open and loads nothing again
    again = json.loads(cli(env, "replay", "--dataset", "orders").stdout)
    assert (again["rows_checked"], again["rows_loaded"], again["replay_file"]) == (1, 0, None)
    # a JSON-lines dataset replays its objects as they came; snapshots refuse
    touch = cli(env, "replay", "--dataset", "touchpoints", "--reason", "implausible_date")
    assert json.loads(touch.stdout)["rows_loaded"] == 1
    assert ("t1",) in query("select event_id from raw.touchpoints")
    refused = cli(env, "replay", "--dataset", "crm_accounts")
    assert refused.returncode == 2 and "deliver a corrected extract" in refused.stderr
    assert_nothing_lost()


# 4. a re-delivered file of duplicates ---------------------------------------------------------


def test_a_redelivered_file_of_duplicates_is_not_counted_as_bad_rows(warehouse):
    landing = warehouse["JW_LANDING_DIR"]
    orders_csv(landing / "orders_2025-03-01.csv", [f"o{i}" for i in range(100)])
    first = load(warehouse)["orders_2025-03-01.csv"]
    assert (first.rows_loaded, first.rows_already_loaded) == (100, 0)
    # resent with one new row and one conflicting row (same key, another amount)
    resent = orders_csv(landing / "orders_2025-03-01_resent.csv", [f"o{i}" for i in range(99)] +
                        ["o100"])  # fmt: skip
    with resent.open("a") as handle:
        handle.write("o99,c99,2025-03-01T10:00:00+01:00,EUR,1.00,2\n")
    again = load(warehouse)["orders_2025-03-01_resent.csv"]
    assert (again.rows_read, again.rows_loaded, again.rows_quarantined) == (101, 1, 100)
    assert again.rows_already_loaded == 99
    assert reasons("orders", "orders_2025-03-01_resent.csv") == {
        "already_loaded": 99, "duplicate_key": 1
    }  # fmt: skip
    [(read, quarantined, already)] = query(
        "select rows_read, rows_quarantined, rows_already_loaded from raw.load_ledger "
        "where file_name = 'orders_2025-03-01_resent.csv'"
    )
    # what the gate's latest-batch rate counts (rpt_data_loads): 1 bad row of 2 new ones
    assert (quarantined - already) / (read - already) == 0.5
    assert_nothing_lost()


# the whole night --------------------------------------------------------------------------------


def test_a_hostile_feed_loads_the_good_rows_and_accounts_for_every_bad_file(
    warehouse, tmp_path, monkeypatch
):
    """One landing folder: a normal day of every dataset plus every bad file above; one load
    through the Dagster raw assets; the good rows loaded, every bad file in the ledger with its
    reason, the alerts naming exactly the files that need someone, nothing lost."""
    landing = warehouse["JW_LANDING_DIR"]
    day = generate(landing, events=1_500, seed=11, start="2025-03-01", days=2,
                   touchpoint_format="jsonl", file_grain="month", progress=False)  # fmt: skip
    outside = tmp_path / "outside"
    outside.mkdir()
    write_jsonl(outside / "secret.jsonl", [event(event_id="SECRET")])
    bad = landing / "bad"
    bad.mkdir()
    feedback_csv(bad / "feedback_dupcol.csv", 3, header=FEEDBACK_HEADER.replace("score", "score,score"),
                 extra=",x")  # fmt: skip
    orders_csv(bad / "orders_trailing.csv", ["x1", "x2"], header=ORDERS_HEADER + ",")
    with open(os.path.join(os.fsencode(bad), b"orders_\xe9t\xe9.csv"), "w") as handle:
        handle.write(f"{ORDERS_HEADER}\nx3,c1,2025-03-01T10:00:00Z,EUR,1.00,1\n")
    (bad / "orders_binary.csv").write_bytes(bytes(range(256)) * 8)
    (bad / "touchpoints_garbage.jsonl").write_text("<html>\n</html>\n")
    (bad / "touchpoints_link.jsonl").symlink_to(outside / "secret.jsonl")
    orders_csv(bad / ".orders_hidden.csv", ["x4"])
    os.mkfifo(bad / "refunds_fifo.csv")
    write_jsonl(bad / "touchpoints_rows.jsonl", [  # a file with bad rows: partly quarantined
        event(event_id="x-ok"), event(event_id="x-naive", occurred_at="2025-03-01T10:00:00"),
        event(event_id="x-25", occurred_at="2025-03-01T10:00:00+25:00"),
        '{"event_id": "x-dup", "event_id": "x-dup2", "occurred_at": "2025-03-01T10:00:00Z"}',
        "\ufeff" + json.dumps(event(event_id="x-bom")),
    ])  # fmt: skip
    (bad / "orders_rows.csv").write_text(
        f"{ORDERS_HEADER}\nx5,c1,2025-03-01T10:00:00Z,EUR,1.00,1.5\n"
        f"x6,c1,2025-03-01T10:00:00Z,EUR,1.00,1,{'z' * (1024 * 1024)}\n"
        'x9,c1,2025-03-01T10:00:00Z,EUR,"1.00,1\n'  # an open quote ...
        "x10,c1,2025-03-01T10:00:00Z,EUR,1.00,1\n"  # ... would swallow this good row
    )
    # yesterday's CRM extract arrives after today's: it changes nothing today's set
    [account] = (landing / "crm_accounts.csv").read_text().splitlines()[1:2]
    (bad / "crm_accounts_rows_2020-01-01.csv").write_text(
        f"account_id,account_name,created_at\n{account.split(',')[0]},Old name,"
        "2019-01-01T00:00:00Z\nacc_gone,Gone,2019-01-01T00:00:00Z\n"
    )
    orders_csv(bad / "orders_share.csv", ["x7"])  # on a share that refuses to be read tonight
    real_open = intake._open
    monkeypatch.setattr(intake, "READ_RETRY_SECONDS", 0.0)
    monkeypatch.setattr(intake, "_open", lambda p: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied", str(p))) if p.name == "orders_share.csv"
        else real_open(p))  # fmt: skip
    time.sleep(0.05)
    for folder in (landing, bad):  # the sender's markers: everything before them is complete
        (folder / "_SUCCESS").touch()
    time.sleep(0.05)
    monkeypatch.setenv("JW_LANDING_SETTLE_SECONDS", "60")
    (landing / "orders_late.csv").write_text(f"{ORDERS_HEADER}\nx8,c1,2025-03-0")  # still written

    resource = WarehouseResource(duckdb_path=str(warehouse["JW_DUCKDB_PATH"]),
                                 landing_dir=str(landing))  # fmt: skip
    run = dg.materialize(raw_assets, resources={"warehouse": resource}, run_config=RUN_CONFIG)
    assert run.success

    # the good rows: the whole normal day, and the good rows of the partly bad files
    for name, count in day["counts"].items():
        loaded = query(f"select count(*) from raw.{name} where _file_name not like '%rows%'")
        assert loaded == [(count,)], name
    assert query("select event_id from raw.touchpoints where event_id like 'x-%'") == [("x-ok",)]
    assert query("select order_id from raw.orders where _file_name = 'orders_rows.csv'") == [
        ("x10",)
    ]  # fmt: skip
    # every bad file accounted for, with its reason
    book = ledger()
    expected = {
        "feedback_dupcol.csv": ("rejected", "duplicate_column"),
        "orders_trailing.csv": ("rejected", "empty_column_name"),
        "orders_\\xe9t\\xe9.csv": ("rejected", "invalid_file_name"),
        "orders_binary.csv": ("rejected", "unreadable_file"),
        "touchpoints_garbage.jsonl": ("rejected", "unreadable_file"),
        "touchpoints_link.jsonl": ("rejected", "symlink"),
        ".orders_hidden.csv": ("rejected", "hidden_file"),
        "refunds_fifo.csv": ("rejected", "not_a_regular_file"),
        "touchpoints_rows.jsonl": ("loaded", None),
        "orders_rows.csv": ("loaded", None),
        "crm_accounts_rows_2020-01-01.csv": ("loaded", None),
    }
    assert {name: book[name][:2] for name in expected} == expected
    assert "orders_share.csv" not in book and "orders_late.csv" not in book  # pending
    assert reasons("touchpoints", "touchpoints_rows.jsonl") == {
        "missing_utc_offset": 1, "invalid_utc_offset": 1, "duplicate_json_key": 1,
        "mid_file_bom": 1,
    }  # fmt: skip
    assert reasons("orders", "orders_rows.csv") == {
        "wrong_type": 1, "line_too_long": 1, "unterminated_quote": 1
    }  # fmt: skip
    late = "crm_accounts_rows_2020-01-01.csv"
    assert reasons("crm_accounts", late) == {"superseded_snapshot": 1}
    assert query(f"select account_id, _deleted_at is not null from raw.crm_accounts "
                 f"where _file_name = '{late}'") == [("acc_gone", True)]  # fmt: skip
    # the alerts name exactly the files someone has to look at
    alerts = [json.loads(line) for line in warehouse["JW_ALERTS_LOG"].read_text().splitlines()]
    alerted = {f["file"]: f["reason_code"] for a in alerts for f in a["files"]}
    assert alerted == {
        "bad/feedback_dupcol.csv": "duplicate_column",
        "bad/orders_trailing.csv": "empty_column_name",
        "bad/orders_\\xe9t\\xe9.csv": "invalid_file_name",
        "bad/orders_binary.csv": "unreadable_file",
        "bad/touchpoints_garbage.jsonl": "unreadable_file",
        "bad/touchpoints_link.jsonl": "symlink",
        "bad/.orders_hidden.csv": "hidden_file",
        "bad/refunds_fifo.csv": "not_a_regular_file",
        "bad/orders_share.csv": "read_error",
    }
    assert all(a["run_id"] == run.run_id and a["error"] for a in alerts)
    assert query("select count(*) from raw.quarantine_touchpoints where raw_text like '%SECRET%'"
                 ) == [(0,)]  # fmt: skip
    assert_nothing_lost()

    # the next night: the share answers, the late file is complete; nothing else is redone
    monkeypatch.setattr(intake, "_open", real_open)
    (landing / "orders_late.csv").write_text(f"{ORDERS_HEADER}\nx8,c1,2025-03-01T10:00:00Z,EUR,"
                                             "1.00,1\n")  # fmt: skip
    monkeypatch.setenv("JW_LANDING_SETTLE_SECONDS", "0")
    results = load(warehouse)
    assert {p: r.status for p, r in results.items() if r.status != "skipped"} == {
        "bad/orders_share.csv": "loaded", "orders_late.csv": "loaded"
    }  # fmt: skip
    assert_nothing_lost()


@pytest.mark.parametrize(
    ("var", "value", "accepted"),
    [
        ("JW_LANDING_SETTLE_SECONDS", "-1", "a number of seconds >= 0"),
        ("JW_LANDING_SETTLE_SECONDS", "a minute", "a number of seconds >= 0"),
        ("JW_LANDING_EARLIEST_DATE", "yesterday", "an ISO date"),
        ("JW_LANDING_LATEST_DATE", "1999-01-01", "a date after JW_LANDING_EARLIEST_DATE"),
    ],
)
def test_a_bad_landing_setting_names_the_variable(monkeypatch, var, value, accepted):
    monkeypatch.setenv(var, value)
    with pytest.raises(SettingsError, match=f"{var}=.*expected {accepted}"):
        Settings.from_env()
