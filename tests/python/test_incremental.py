"""Incremental builds equal a full refresh, mart by mart.

The event-grain marts (`fct_touchpoints`, `fct_sessions`) re-derive only the people touched by
rows loaded since the previous run (late events and late identity stitching included); the
journey-grain marts (journey stages, journeys, attribution paths and weights) re-derive the
journeys whose fingerprint in `int_journeys_rederived` changed; every other mart is rebuilt from
them. This test replays a small day-grain landing zone night by night, injects late-arriving
events, a late order and late identifications (one that makes an anonymous device a new
customer, one that merges a device into an existing customer, one that merges two known
customers), builds incrementally after each night, keeps a copy of the result, rebuilds the
same warehouse with `dbt build --full-refresh` and requires every table in schema `marts` to be
the same in both (doubles to 1e-9, everything else exactly). A last, hand-made scenario (a CRM
contact whose e-mail changes) proves that an identity split re-derives the devices the contact
leaves behind and drops the B2B journey they leave empty.

The nightly builds run with the default `late_arrival_lookback_days` of 0: the incremental models
find new rows by load time (loaded after the previous build started), which is exact for late
events however late they are. A lookback of days would make every run here re-derive everybody,
since all loads of this test happen within seconds of each other.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from journey_warehouse.landing.loader import load_all
from journey_warehouse.settings import Settings, connect

from .conftest import PROJECT_DIR

pytestmark = pytest.mark.integration

EVENTS = 24_000
SEED = 11
START = date(2025, 1, 1)
DAYS = 60
FIRST_DAYS = 50  # loaded before the first (full) build
NIGHTS = 2  # incremental nights after it
LATE_EVENTS_PER_NIGHT = 40

# Columns that record when a run happened, not what it derived.
BOOKKEEPING_COLUMNS = {"derived_at", "fit_id", "fitted_at"}
# Tables that are not dbt models of the warehouse (written by the gate).
SKIPPED_TABLES = {"dq_gate_results"}
# Append-only histories: compare only the rows of the latest run.
LATEST_RUN_ONLY = {"fct_clv_model_fits": "fitted_at"}
# Columns computed against the wall clock at build time: checked separately, bounded by the
# time that passed between the two builds.
CLOCK_COLUMNS = {"rpt_data_loads": {"hours_since_last_load": "dataset"}}
DOUBLE_DECIMALS = 9  # float sums come out in another order: compare doubles rounded
FLOAT_TYPES = {"DOUBLE", "FLOAT", "REAL"}


def day(n: int) -> date:
    """The n-th day of the window, 1-based."""
    return START + timedelta(days=n - 1)


def dbt(env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    result = subprocess.run(
        [str(PROJECT_DIR / ".venv" / "bin" / "dbt"), *args],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if result.returncode != 0:
        raise AssertionError(
            f"dbt {args} failed:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
        )
    return time.monotonic() - started


def build(env: dict[str, str], *extra: str) -> float:
    """Models and seeds only, for speed: test_pipeline runs the data tests, and a mart equal to
    its full refresh gets the same verdict from them."""
    return dbt(env, "build", "--exclude-resource-type", "test", "--exclude-resource-type",
               "unit_test", *extra)  # fmt: skip


def load(settings: Settings) -> None:
    con = connect(settings)
    try:
        results = load_all(con, settings.landing_dir)
    finally:
        con.close()
    bad = [r for r in results if r.status not in ("loaded", "skipped") or r.rows_quarantined]
    assert not bad, bad


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def stamp(value: datetime) -> str:
    return value.isoformat(timespec="seconds")


def email_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def generated_events(generated: Path, first: date, last: date) -> list[dict]:
    rows = []
    for n in range((last - first).days + 1):
        path = generated / f"touchpoints_{first + timedelta(days=n)}.jsonl"
        if path.exists():
            rows += [json.loads(line) for line in path.read_text().splitlines()]
    return rows


def late_events(generated: Path, night: date, tag: str) -> list[dict]:
    """Copies of events 5-20 days old (same device, customer, channel...) with new ids and a
    shifted time: they land inside, between and next to existing sessions."""
    candidates = [
        row
        for row in generated_events(generated, night - timedelta(days=20), night - timedelta(5))
        if row["event_type"] != "purchase"  # a purchase copy would claim the order twice
    ]
    candidates.sort(key=lambda row: hashlib.sha256((tag + row["event_id"]).encode()).digest())
    rows = []
    for i, row in enumerate(candidates[:LATE_EVENTS_PER_NIGHT]):
        shift = timedelta(minutes=(i * 37) % 101 - 50)
        occurred = datetime.fromisoformat(row["occurred_at"]) + shift
        rows.append({**row, "event_id": f"evt_late_{tag}_{i:03d}", "occurred_at": stamp(occurred)})
    return rows


def login(event_id: str, device: str, at: datetime, customer: str, mail: str) -> dict:
    return {
        "event_id": event_id,
        "occurred_at": stamp(at),
        "anonymous_id": device,
        "customer_id": customer,
        "email_hash": email_hash(mail),
        "channel": "direct",
        "event_type": "login",
        "attributes": {"method": "password"},
    }


ANONYMOUS_DEVICES = """
    select anonymous_id
    from raw.touchpoints
    where anonymous_id like 'dev_%'
        and anonymous_id not in (select anonymous_id from raw.orders where anonymous_id is not null)
    group by 1
    having count(customer_id) = 0 and count(email_hash) = 0 and count(account_id) = 0
        and count(*) >= 3 and max(occurred_at) < ?
    order by 1
"""
# B2C customers whose devices are each known only as them
SINGLE_CUSTOMERS = """
    with devices as (
        select anonymous_id, min(customer_id) as customer_id
        from raw.touchpoints
        where anonymous_id like 'dev_%'
        group by 1
        having count(distinct customer_id) = 1 and count(account_id) = 0
    )
    select customer_id, min(anonymous_id), count(*)
    from devices
    where customer_id not in (
            select customer_id from raw.touchpoints
            where account_id is not null and customer_id is not null
        )
        and customer_id in (select customer_id from raw.touchpoints where email_hash is not null)
        and customer_id not in (select unnest(?))
    group by 1
    having count(*) >= ?
    order by 1
"""


def person_of(path: Path, device: str) -> set[str]:
    rows = query(path, "select distinct person_id from marts.fct_touchpoints "
                 "where anonymous_id = ?", [device])  # fmt: skip
    return {r[0] for r in rows}


def people_of_customer(path: Path, customer: str) -> set[str]:
    rows = query(path, """
        select distinct fct_touchpoints.person_id
        from marts.fct_touchpoints
        inner join raw.touchpoints on raw.touchpoints.event_id = fct_touchpoints.event_id
        where raw.touchpoints.customer_id = ?
    """, [customer])  # fmt: skip
    return {r[0] for r in rows}


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    root = tmp_path_factory.mktemp("incremental")
    generated, landing = root / "generated", root / "landing"
    landing.mkdir()
    warehouse = root / "warehouse.duckdb"
    settings = replace(Settings.from_env(), duckdb_path=warehouse, landing_dir=landing,
                       publish_dir=root / "published", alerts_log=root / "alerts.log")  # fmt: skip
    env = {
        **os.environ,
        "JW_DUCKDB_PATH": str(warehouse),
        "JW_LANDING_DIR": str(landing),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DBT_TARGET_PATH": str(root / "target"),  # never the project's target/ (Dagster reads it)
        "DBT_LOG_PATH": str(root / "logs"),
        "DO_NOT_TRACK": "1",
    }
    subprocess.run(
        [str(PROJECT_DIR / ".venv" / "bin" / "journey-warehouse"), "generate",
         "--events", str(EVENTS), "--seed", str(SEED), "--out", str(generated), "--grain", "day",
         "--start", str(START), "--days", str(DAYS), "--format", "jsonl", "--fault-rate", "0",
         "--no-progress"],
        cwd=PROJECT_DIR, env=env, check=True, capture_output=True,
    )  # fmt: skip

    def copy_day(n: int) -> None:
        for path in generated.glob(f"*_{day(n)}.*"):
            shutil.copy(path, landing / path.name)

    for path in generated.glob("crm_*.csv"):  # CRM snapshots are there from the start
        shutil.copy(path, landing / path.name)
    for n in range(1, FIRST_DAYS + 1):
        copy_day(n)
    load(settings)
    build(env)

    facts: dict = {"late_event_ids": [], "nights": []}
    for night_number in range(1, NIGHTS + 1):
        night = day(FIRST_DAYS + night_number)
        noon = datetime.fromisoformat(f"{night}T12:00:00+00:00")
        copy_day(FIRST_DAYS + night_number)
        # (a) late events on every night
        late = late_events(generated, night, f"n{night_number}")
        facts["late_event_ids"] += [row["event_id"] for row in late]
        anonymous = [r[0] for r in query(warehouse, ANONYMOUS_DEVICES, [night - timedelta(14)])]
        if night_number == 1:
            # (b1) an anonymous device of weeks ago logs in as a brand-new customer
            device = anonymous[0]
            late.append(login("evt_login_new", device, noon, "cus_late_new", "new@example.com"))
            facts["new_customer"] = {"device": device, "before": person_of(warehouse, device)}
            # (b2) another one logs in as an existing customer: its person id disappears into
            # the customer's
            device = anonymous[1]
            customer, known_device, _ = query(warehouse, SINGLE_CUSTOMERS, [[], 2])[0]
            late.append(login("evt_login_merge", device, noon, customer, "merge@example.com"))
            facts["merged_device"] = {
                "device": device, "customer": customer, "known_device": known_device,
                "before": person_of(warehouse, device),
                "customer_before": person_of(warehouse, known_device),
            }  # fmt: skip
        else:
            # (b3) two known customers turn out to be one person: a device of the second logs in
            # with the first one's e-mail
            used = [facts["merged_device"]["customer"]]
            customers = query(warehouse, SINGLE_CUSTOMERS, [used, 1])
            (first, _, _), (second, second_device, _) = customers[:2]
            mail = query(warehouse, "select min(email_hash) from raw.touchpoints "
                         "where customer_id = ?", [first])[0][0]  # fmt: skip
            row = login("evt_login_two_customers", second_device, noon, second, "x@example.com")
            late.append({**row, "email_hash": mail})
            before = people_of_customer(warehouse, first) | people_of_customer(warehouse, second)
            facts["merged_customers"] = {"customers": (first, second), "before": before}
            # (a2) a late order, 10 days old, of a third customer who has nothing else new
            # tonight, placed on another long-anonymous device whose purchase event never
            # arrived (blocked tracking): only the order can stitch the device to the customer
            busy = {row.get("customer_id") for row in generated_events(generated, night, night)}
            orders_today = generated / f"orders_{night}.csv"
            if orders_today.exists():
                busy |= {line.split(",")[1] for line in orders_today.read_text().splitlines()[1:]}
            third = next(c for c, _, _ in customers[2:] if c not in busy)
            device, ordered = anonymous[0], noon - timedelta(days=10)
            (landing / f"orders_late_{night}.csv").write_text(
                "order_id,customer_id,anonymous_id,email_hash,ordered_at,currency,order_amount,"
                "item_count,channel\n"
                f"ord_late_1,{third},{device},,{stamp(ordered)},EUR,80.00,2,direct\n"
            )
            facts["late_order"] = {
                "device": device, "before": person_of(warehouse, device),
                "customer_before": people_of_customer(warehouse, third),
            }  # fmt: skip
        write_jsonl(landing / f"touchpoints_late_{night}.jsonl", late)
        load(settings)
        started = datetime.now()
        build(env)
        facts["nights"].append({"night": night, "started": started})

    # keep the incremental result, then rebuild the same warehouse file from scratch (the same
    # path keeps dbt's partial parse valid: a changed profile would make it parse again)
    facts["incremental"] = root / "incremental.duckdb"
    shutil.copy(warehouse, facts["incremental"])
    build(env, "--full-refresh")
    facts["full_finished"] = datetime.now()
    facts["full"] = root / "full_refresh.duckdb"
    warehouse.rename(facts["full"])  # frees the path for the contact-change scenario
    facts.update(root=root, env=env, settings=settings)
    return facts


def close(data_type: str, a, b) -> bool:
    """Doubles that the rounding split apart (see differences) still count as equal."""
    if a is None or b is None or a == b:
        return a == b
    return data_type in FLOAT_TYPES and math.isclose(
        a, b, rel_tol=1e-9, abs_tol=10**-DOUBLE_DECIMALS
    )


def differences(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    """None if the table holds the same rows in both warehouses, else what differs.

    Rows are compared as multisets (`except all` both ways), doubles rounded. Leftover rows are
    then paired by their exact columns and compared within 1e-9: the double rounding can split
    two values that sit on either side of a rounding boundary."""
    columns = [
        (name, data_type)
        for name, data_type in con.execute(
            "select column_name, data_type from duckdb_columns() where database_name = 'inc' "
            "and schema_name = 'marts' and table_name = ? order by column_index", [table]
        ).fetchall()
        if name not in BOOKKEEPING_COLUMNS | set(CLOCK_COLUMNS.get(table, {}))
    ]  # fmt: skip
    select = ", ".join(
        f'round("{name}", {DOUBLE_DECIMALS}) as "{name}"' if data_type in FLOAT_TYPES
        else f'"{name}"'
        for name, data_type in columns
    )  # fmt: skip
    sides = {}
    for db in ("inc", "refreshed"):
        where = ""
        if table in LATEST_RUN_ONLY:
            column = LATEST_RUN_ONLY[table]
            where = f"where {column} = (select max({column}) from {db}.marts.{table})"
        sides[db] = f"select {select} from {db}.marts.{table} {where}"
    counts = {db: con.execute(f"select count(*) from ({sql})").fetchone()[0]
              for db, sql in sides.items()}  # fmt: skip
    if counts["inc"] != counts["refreshed"]:
        return f"{counts['inc']} rows incrementally, {counts['refreshed']} after a full refresh"
    only = {
        db: con.execute(f"select * from ({sides[db]}) except all select * from ({sides[other]})")
        .fetchall()
        for db, other in (("inc", "refreshed"), ("refreshed", "inc"))
    }  # fmt: skip
    if not only["inc"] and not only["refreshed"]:
        return None
    if len(only["inc"]) == len(only["refreshed"]):
        key = [i for i, (_, kind) in enumerate(columns) if kind not in FLOAT_TYPES]
        left, right = (sorted(only[db], key=lambda r: [str(r[i]) for i in key]) for db in only)
        if all(
            close(kind, a, b)
            for row_left, row_right in zip(left, right, strict=True)
            for (_, kind), a, b in zip(columns, row_left, row_right, strict=True)
        ):
            return None
    return (f"{len(only['inc'])} rows only incrementally, e.g. {sorted(only['inc'])[:3]}; "
            f"{len(only['refreshed'])} only after a full refresh, e.g. "
            f"{sorted(only['refreshed'])[:3]}")  # fmt: skip


@pytest.fixture(scope="module")
def both(replay):
    con = duckdb.connect()
    con.execute(f"attach '{replay['incremental']}' as inc (read_only)")
    con.execute(f"attach '{replay['full']}' as refreshed (read_only)")
    yield con
    con.close()


def mart_tables(con: duckdb.DuckDBPyConnection, db: str) -> set[str]:
    rows = con.execute("select table_name from duckdb_tables() where database_name = ? "
                       "and schema_name = 'marts'", [db]).fetchall()  # fmt: skip
    return {r[0] for r in rows} - SKIPPED_TABLES


def test_every_mart_equals_a_full_refresh(both, replay):
    tables = mart_tables(both, "inc")
    assert tables == mart_tables(both, "refreshed")
    assert {"fct_touchpoints", "fct_sessions", "fct_attribution_weights"} <= tables
    found = {table: differences(both, table) for table in sorted(tables)}
    assert {table: text for table, text in found.items() if text} == {}


def test_clock_columns_differ_only_by_the_time_between_the_builds(both, replay):
    elapsed = (replay["full_finished"] - replay["nights"][-1]["started"]).total_seconds() / 3600
    for table, columns in CLOCK_COLUMNS.items():
        for column, key in columns.items():
            rows = both.execute(f"""
                select inc_rows.{key}, full_rows.{column} - inc_rows.{column}
                from inc.marts.{table} as inc_rows
                full join refreshed.marts.{table} as full_rows using ({key})
            """).fetchall()  # fmt: skip
            assert rows, table
            for key_value, delta in rows:
                assert delta is not None and 0 <= delta <= elapsed + 2 / 60, (key_value, delta)


@pytest.mark.parametrize("table", [
    "fct_touchpoints", "fct_journey_stages", "fct_journeys", "int_attribution_paths_collected",
    "int_rule_based_weights_computed",
])  # fmt: skip
def test_the_nightly_runs_were_incremental(both, table):
    schema = "intermediate" if table.startswith("int_") else "marts"
    total, rederived, runs = both.execute(f"""
        select count(*), count(*) filter (where derived_at = (
            select max(derived_at) from inc.{schema}.{table})), count(distinct derived_at)
        from inc.{schema}.{table}
    """).fetchone()  # fmt: skip
    assert runs >= 2  # rows of earlier runs were kept as they were
    assert 0 < rederived < total * 0.35, (rederived, total)


def test_late_events_arrived(both, replay):
    ids = replay["late_event_ids"]
    found = both.execute(
        "select count(*) from inc.marts.fct_touchpoints where event_id in (select unnest(?))",
        [ids],
    ).fetchone()[0]
    assert found == len(ids)
    # and each sits on its device's person, in a session of that person
    wrong = both.execute("""
        select late.event_id
        from inc.marts.fct_touchpoints as late
        inner join inc.marts.fct_sessions on fct_sessions.session_id = late.session_id
        where late.event_id in (select unnest(?))
            and (fct_sessions.person_id <> late.person_id or late.person_id not in (
                select person_id from inc.marts.fct_touchpoints as device_events
                where device_events.anonymous_id = late.anonymous_id
                    and device_events.event_id not in (select unnest(?))))
    """, [ids, ids]).fetchall()  # fmt: skip
    assert wrong == []


def device_people(con, device: str) -> set[str]:
    rows = con.execute("select distinct person_id from inc.marts.fct_touchpoints "
                       "where anonymous_id = ?", [device]).fetchall()  # fmt: skip
    return {r[0] for r in rows}


def sessions_of(con, people: set[str]) -> int:
    return con.execute("select count(*) from inc.marts.fct_sessions where person_id in "
                       "(select unnest(?))", [sorted(people)]).fetchone()[0]  # fmt: skip


def test_a_late_login_brings_old_anonymous_events_to_a_new_customer(both, replay):
    case = replay["new_customer"]
    now = device_people(both, case["device"])
    assert len(now) == 1 and now != case["before"]
    known = both.execute("select bool_and(is_known_customer), count(*) from "
                         "inc.marts.fct_touchpoints where anonymous_id = ?",
                         [case["device"]]).fetchone()  # fmt: skip
    assert known[0] and known[1] >= 4  # the old anonymous events and the login
    assert sessions_of(both, case["before"]) == 0


def test_a_late_login_merges_a_device_into_an_existing_customer(both, replay):
    case = replay["merged_device"]
    now = device_people(both, case["device"])
    assert now == device_people(both, case["known_device"]) == case["customer_before"]
    assert sessions_of(both, case["before"]) == 0
    assert both.execute("select count(*) from inc.marts.fct_touchpoints where person_id in "
                        "(select unnest(?))", [sorted(case["before"])]).fetchone()[0] == 0  # fmt: skip


def test_a_late_login_merges_two_known_customers(both, replay):
    case = replay["merged_customers"]
    people = set()
    for customer in case["customers"]:
        rows = both.execute("""
            select distinct fct_touchpoints.person_id from inc.marts.fct_touchpoints
            inner join inc.raw.touchpoints using (event_id)
            where raw.touchpoints.customer_id = ?
        """, [customer]).fetchall()  # fmt: skip
        people |= {r[0] for r in rows}
    assert len(case["before"]) == 2 and len(people) == 1 and people <= case["before"]
    assert sessions_of(both, case["before"] - people) == 0


def test_a_late_order_stitches_its_device(both, replay):
    case = replay["late_order"]
    people = device_people(both, case["device"])
    assert len(people) == 1 and people != case["before"]
    assert people == case["customer_before"]
    assert sessions_of(both, case["before"]) == 0
    customer_people = both.execute("""
        select distinct person_id from inc.marts.fct_conversions
        where conversion_id = 'order:ord_late_1'
    """).fetchall()  # fmt: skip
    assert {r[0] for r in customer_people} == people


@pytest.fixture(scope="module")
def contact_change(replay):
    """A hand-made landing zone: device d1 is linked to CRM contact C (account A) only through
    the e-mail of a webinar sign-up, and its other event names no account. Then a new CRM
    snapshot changes C's e-mail: d1 no longer belongs to C's person, so it has no account and
    its journey is B2C, and journey b2b:A loses its only touchpoints. Only the models up to
    fct_sessions and fct_journeys are built; the warehouse path and dbt target of the replay are
    reused so that dbt does not parse the project again."""
    env, root = replay["env"], replay["root"]
    landing = root / "landing_contact_change"
    landing.mkdir()
    settings = replace(replay["settings"], landing_dir=landing)
    select = ("--select", "+fct_sessions", "+fct_journeys")
    write_jsonl(landing / "touchpoints_2025-03-01.jsonl", [
        {"event_id": "e1", "occurred_at": "2025-03-01T10:00:00+00:00", "anonymous_id": "d1",
         "email_hash": email_hash("a@example.com"), "channel": "webinar",
         "event_type": "webinar_attended"},
        {"event_id": "e2", "occurred_at": "2025-03-01T10:10:00+00:00", "anonymous_id": "d1",
         "channel": "organic_search", "event_type": "page_view"},
        {"event_id": "e3", "occurred_at": "2025-03-01T11:00:00+00:00", "anonymous_id": "d9",
         "channel": "organic_search", "event_type": "page_view"},
    ])  # fmt: skip
    (landing / "crm_accounts.csv").write_text(
        "account_id,account_name,created_at\nA,Acme,2025-01-01T00:00:00+00:00\n"
    )
    contacts = "contact_id,account_id,created_at,email\nC,A,2025-01-01T00:00:00+00:00,{}\n"
    (landing / "crm_contacts_2025-03-01.csv").write_text(contacts.format("a@example.com"))
    load(settings)
    build(env, *select)
    before = query(settings.duckdb_path, "select distinct account_id from marts.fct_touchpoints "
                   "where anonymous_id = 'd1'")  # fmt: skip
    journeys = query(settings.duckdb_path, "select distinct journey_id from marts.fct_journeys")
    assert ("b2b:A",) in journeys  # the precondition of the dropped-journey test
    (landing / "crm_contacts_2025-03-02.csv").write_text(contacts.format("b@example.com"))
    load(settings)
    build(env, *select)
    return {"before": before, "path": settings.duckdb_path}


def test_a_crm_contact_that_changes_e_mail_releases_its_old_devices(contact_change):
    assert contact_change["before"] == [("A",)]  # the precondition: d1 was C's, in account A
    rows = query(contact_change["path"], "select distinct account_id, business_model from "
                 "marts.fct_touchpoints where anonymous_id = 'd1'")  # fmt: skip
    assert rows == [(None, "b2c")]  # what a full refresh gives
    sessions = query(contact_change["path"], "select distinct account_id from marts.fct_sessions "
                     "where person_id in (select person_id from marts.fct_touchpoints "
                     "where anonymous_id = 'd1')")  # fmt: skip
    assert sessions == [(None,)]


def test_a_journey_that_loses_its_last_touchpoint_is_dropped(contact_change):
    # b2b:A had d1's events; now no touchpoint, order or CRM stage names account A
    for table in ("fct_journey_stages", "fct_journeys"):
        journeys = query(contact_change["path"], f"select distinct journey_id from marts.{table}")
        touched = query(contact_change["path"], "select distinct journey_id from "
                        "marts.fct_touchpoints")  # fmt: skip
        assert sorted(journeys) == sorted(touched), table
        assert ("b2b:A",) not in journeys, table
