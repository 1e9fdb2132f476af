"""The synthetic landing-data generator: determinism, contract conformance, realism, faults."""

from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from pathlib import Path

import duckdb
import pytest
import yaml

from journey_warehouse.landing.contract import DATASETS
from journey_warehouse.landing.loader import load_all
from tools.generator import generate
from tools.generator.cli import add_cli
from tools.generator.faults import REASON

EVENTS = 12_000
ROOT = Path(__file__).resolve().parents[2]


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _load(folder: Path) -> tuple[duckdb.DuckDBPyConnection, list]:
    con = duckdb.connect(config={"threads": 1})
    con.execute("set TimeZone = 'UTC'")
    return con, load_all(con, folder)


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clean")
    result = generate(folder, events=EVENTS, seed=7, touchpoint_format="jsonl", progress=False)
    con, loaded = _load(folder)
    yield folder, result, con, loaded
    con.close()


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    kwargs = {"events": 3_000, "touchpoint_format": "parquet", "progress": False}
    generate(a, seed=1, fault_rate=0.02, **kwargs)
    generate(b, seed=1, fault_rate=0.02, **kwargs)
    generate(c, seed=2, fault_rate=0.02, **kwargs)
    ha, hc = _hashes(a), _hashes(c)
    assert ha == _hashes(b)
    common = ha.keys() & hc.keys()
    assert len(common) > 20
    assert all(ha[k] != hc[k] for k in common)


def test_files_follow_the_naming_and_grain(tmp_path):
    result = generate(
        tmp_path, events=1_500, start="2025-03-01", days=5, file_grain="day",
        touchpoint_format="jsonl", progress=False,
    )  # fmt: skip
    names = set(result["files"])
    assert "touchpoints_2025-03-01.jsonl" in names
    assert {"crm_accounts.csv", "crm_contacts.csv", "crm_opportunities.csv",
            "crm_opportunity_stages.csv"} <= names  # fmt: skip
    assert all(n.split("_")[-1][:10] <= "2025-03-05" for n in names if n.startswith("touch"))
    assert {p.name for p in tmp_path.iterdir()} == names


def test_clean_files_load_without_quarantine(clean):
    _, result, con, loaded = clean
    assert all(r.status == "loaded" for r in loaded), [r for r in loaded if r.status != "loaded"]
    for name in DATASETS:
        rows = [r for r in loaded if r.dataset == name]
        assert sum(r.rows_quarantined for r in rows) == 0, name
        assert sum(r.rows_loaded for r in rows) == result["counts"][name], name
        # fx_rates is optional: the demo converts money with the seed's rates
        assert result["counts"][name] > 0 or name == "fx_rates", name
        assert con.execute(f"select count(*) from raw.quarantine_{name}").fetchone()[0] == 0
    # --events counts the window; the B2B touchpoints of the warm-up year come on top
    window, warmup = (
        result["entities"][k] for k in ("touchpoints_window", "touchpoints_b2b_warmup")
    )
    assert abs(window - EVENTS) < 0.02 * EVENTS
    assert 0 < warmup < window
    assert result["counts"]["touchpoints"] == window + warmup


def test_b2b_and_b2c_mix(clean):
    _, _, con, _ = clean
    b2b_share = con.execute(
        """select avg(case when anonymous_id in (select anonymous_id from raw.touchpoints
                                                  where account_id is not null)
                            or account_id is not null then 1 else 0 end)
           from raw.touchpoints"""
    ).fetchone()[0]
    assert 0.08 < b2b_share < 0.25
    sizes = [
        n for (n,) in con.execute(
            "select count(*) from raw.crm_contacts group by account_id"
        ).fetchall()
    ]  # fmt: skip
    assert max(sizes) <= 8 and sum(sizes) / len(sizes) > 3
    assert (
        con.execute(
            "select count(*) filter (where is_decision_maker) from raw.crm_contacts"
        ).fetchone()[0]
        > 0
    )
    channels = {
        c for (c,) in con.execute("select distinct channel from raw.touchpoints").fetchall()
    }
    assert {"contact_center_call", "contact_center_chat", "store", "app", "review_site", "event",
            "webinar", "demo", "sales_call", "email", "paid_search"} <= channels  # fmt: skip
    types = {
        t for (t,) in con.execute("select distinct event_type from raw.touchpoints").fetchall()
    }
    assert {"webinar_attended", "demo_held", "sales_call", "proposal_sent", "onboarding_session",
            "referral_sent", "review_posted", "signup", "login", "purchase"} <= types  # fmt: skip
    # contacts' raw e-mails match the hashes on their touchpoints
    matched = con.execute(
        """select count(distinct c.contact_id) from raw.crm_contacts c
           join raw.touchpoints t on t.email_hash = sha256(lower(trim(c.email)))
           where t.account_id = c.account_id"""
    ).fetchone()[0]
    assert matched > 0.5 * len(sizes)
    stages = dict(
        con.execute("select stage, count(*) from raw.crm_opportunity_stages group by 1").fetchall()
    )
    assert {"engaged", "mql", "sql", "opportunity", "proposal", "closed_won", "closed_lost"} <= set(
        stages
    )
    assert stages["engaged"] > stages["sql"] > stages["closed_won"]
    status = dict(
        con.execute("select status, count(*) from raw.crm_opportunities group by 1").fetchall()
    )
    assert {"won", "lost"} <= set(status) <= {"open", "won", "lost"}
    assert (
        con.execute(
            "select count(*) from raw.crm_opportunities where (status = 'open') <> (closed_at is null)"
        ).fetchone()[0]
        == 0
    )


def test_won_deals_have_touchpoints_before_the_close(tmp_path):
    """The CRM history starts in the warm-up year, and so do its B2B touchpoints: every won deal
    has an attributable touchpoint of a contact of its account within the B2B lookback, and an
    identified one (its e-mail hash matches a CRM contact of the account)."""
    # B2B is 15 % of the events: enough of them for a few dozen won deals
    generate(tmp_path, events=40_000, seed=7, touchpoint_format="parquet", progress=False)
    con, _ = _load(tmp_path)
    lookback = yaml.safe_load((ROOT / "dbt_project.yml").read_text())["vars"][
        "b2b_attribution_lookback_days"
    ]
    con.execute(
        f"""create or replace temp table won_touches as
            with attributable as (
                select event_type from read_csv('{ROOT}/seeds/event_types.csv')
                where is_attributable
            )
            select o.opportunity_id, o.closed_at,
                   count(t.event_id) filter (
                       where t.event_type in (select event_type from attributable)) as touches,
                   count(t.event_id) filter (where c.contact_id is not null) as identified
            from raw.crm_opportunities o
            left join raw.touchpoints t
              on t.account_id = o.account_id
             and t.occurred_at <= o.closed_at
             and t.occurred_at >= o.closed_at - interval {int(lookback)} day
            left join raw.crm_contacts c
              on c.account_id = o.account_id and t.email_hash = sha256(lower(trim(c.email)))
            where o.status = 'won'
            group by 1, 2"""
    )
    won, before_window, missing, unidentified = con.execute(
        """select count(*), count(*) filter (where closed_at < timestamptz '2025-01-01'),
                  count(*) filter (where touches = 0), count(*) filter (where identified = 0)
           from won_touches"""
    ).fetchone()
    assert won >= 10 and before_window > 0
    assert missing == 0 and unidentified == 0
    # the warm-up files hold B2B touchpoints only: no shop customers, account-based campaigns
    warm = con.execute(
        """select count(*), count(customer_id), count(*) filter (where event_type = 'purchase'),
                  count(campaign) filter (
                      where not regexp_matches(campaign, '^2024-\\d{2}_abm_')),
                  count(*) filter (where not regexp_matches(_file_name, 'touchpoints_2024-\\d{2}'))
           from raw.touchpoints where occurred_at < timestamptz '2025-01-01'"""
    ).fetchone()
    assert warm[0] > 0 and warm[1:] == (0, 0, 0, 0), warm
    con.close()


def test_anonymous_devices_identify_later(clean):
    _, _, con, _ = clean
    per_device = con.execute(
        """select anonymous_id,
                  min(occurred_at) filter (where customer_id is null and email_hash is null) as anon,
                  min(occurred_at) filter (where customer_id is not null or email_hash is not null) as known
           from raw.touchpoints where anonymous_id like 'dev_%' group by 1"""
    ).fetchall()
    later = sum(1 for _, anon, known in per_device if anon and known and anon < known)
    never = sum(1 for _, anon, known in per_device if known is None)
    assert later > 0.1 * len(per_device)
    assert never > 0.1 * len(per_device)
    # identifying events carry the ids
    ident = con.execute(
        "select count(*) filter (where email_hash is null) from raw.touchpoints where event_type = 'signup'"
    ).fetchone()[0]
    assert ident == 0
    # orders often carry the device and e-mail hash too
    row = con.execute(
        "select avg((anonymous_id is not null)::int), avg((email_hash is not null)::int) from raw.orders"
    ).fetchone()
    assert row[0] > 0.5 and row[1] > 0.5


def test_every_order_has_a_purchase_event_and_a_path(clean):
    _, _, con, _ = clean
    missing = con.execute(
        """select count(*) from raw.orders o
           left join raw.touchpoints t
             on t.event_type = 'purchase' and (t.attributes ->> 'order_id') = o.order_id
            and t.customer_id = o.customer_id
            and t.occurred_at <= o.ordered_at
            and t.occurred_at > o.ordered_at - interval 5 minute
           where t.event_id is null"""
    ).fetchone()[0]
    assert missing == 0
    with_path = con.execute(
        """select avg(case when exists (
                select 1 from raw.touchpoints t join raw.touchpoints p
                  on p.anonymous_id = t.anonymous_id or p.customer_id = o.customer_id
                where t.event_type = 'purchase' and (t.attributes ->> 'order_id') = o.order_id
                  and p.event_type not in ('purchase', 'product_view', 'add_to_cart',
                                           'checkout_start', 'store_visit')
                  and p.occurred_at between o.ordered_at - interval 10 day
                                        and o.ordered_at - interval 20 minute
            ) then 1 else 0 end) from raw.orders o"""
    ).fetchone()[0]
    assert with_path > 0.9
    refund_share = con.execute(
        "select (select count(*) from raw.refunds) / (select count(*) from raw.orders)"
    ).fetchone()[0]
    assert 0.02 < refund_share < 0.09
    over = con.execute(
        """select count(*) from raw.refunds r join raw.orders o using (order_id)
           where r.refund_amount > o.order_amount or r.refunded_at < o.ordered_at
              or r.currency <> o.currency"""
    ).fetchone()[0]
    assert over == 0
    repeat = con.execute(
        "select count(*) from (select customer_id from raw.orders group by 1 having count(*) > 2)"
    ).fetchone()[0]
    assert repeat > 0


def test_feedback_texts_in_german_and_english(clean, tmp_path):
    _, _, con, _ = clean
    linked = con.execute(
        """select count(*) filter (where touchpoint_event_id is null and order_id is null),
                  count(*) filter (where account_id is not null and contact_id is not null),
                  count(*) filter (where customer_id is null and anonymous_id is null
                                   and account_id is null)
           from raw.feedback"""
    ).fetchone()
    assert linked[0] == 0 and linked[1] > 0 and linked[2] == 0
    # a bigger sample for the rarer themes; only the feedback files are read
    generate(tmp_path, events=60_000, seed=11, progress=False)
    rows = duckdb.sql(
        f"""select language, comment, survey_type, score::int, order_id
            from read_csv('{tmp_path}/feedback_*.csv', all_varchar = true)"""
    ).fetchall()
    langs = Counter(r[0] for r in rows)
    assert 0.25 < langs["de"] / len(rows) < 0.55
    text = " | ".join(r[1] or "" for r in rows).lower()
    for phrase in ("lieferung kam zu spät", "delivery was late", "zu teuer", "too expensive",
                   "lange wartezeit in der hotline", "waited ages for support", "app stürzt ab",
                   "the app keeps crashing", "super schnell geliefert", "great service"):  # fmt: skip
        assert phrase in text, phrase
    assert any(r[1] is None for r in rows)
    assert {r[2] for r in rows} == {"nps", "csat", "ces"}
    # the comment matches the language
    assert all(r[0] == "de" for r in rows if r[1] and "zu spät" in r[1])
    # low scores come with complaints, high scores with praise
    late_nps = [r[3] for r in rows if r[2] == "nps" and r[1] and "late" in r[1].lower()]
    good_nps = [r[3] for r in rows if r[2] == "nps" and r[1] and "great service" in r[1].lower()]
    assert max(late_nps) <= 6 < min(good_nps)


def test_faults_match_the_loaders_quarantine(tmp_path):
    result = generate(
        tmp_path, events=8_000, seed=3, touchpoint_format="jsonl", fault_rate=0.05, progress=False
    )
    con, loaded = _load(tmp_path)
    injected = result["faults"]
    assert injected["touchpoints"]["late"] > 0 and injected["touchpoints"]["malformed"] > 0
    assert set(injected) == set(DATASETS)
    for name in DATASETS:
        got = dict(
            con.execute(
                f"select reason_code, count(*) from raw.quarantine_{name} group by 1"
            ).fetchall()
        )
        want = Counter()
        for kind, n in injected.get(name, {}).items():
            if kind in REASON and n:
                want[REASON[kind]] += n
        assert got == dict(want), name
        rows = [r for r in loaded if r.dataset == name]
        assert sum(r.rows_read for r in rows) == result["counts"][name]
    # late rows are valid and load: occurred before the period of their file
    late = con.execute(
        """select count(*) from raw.touchpoints
           where occurred_at <= strptime(regexp_extract(_file_name, '(\\d{4}-\\d{2})', 1), '%Y-%m')
                                - interval 3 day"""
    ).fetchone()[0]
    assert late == injected["touchpoints"]["late"]


def test_parquet_faults_are_typed_only(tmp_path):
    result = generate(
        tmp_path, events=6_000, seed=5, touchpoint_format="parquet", fault_rate=0.04, progress=False
    )
    assert result["faults"]["touchpoints"]["malformed"] == 0
    con, _ = _load(tmp_path)
    got = dict(
        con.execute(
            "select reason_code, count(*) from raw.quarantine_touchpoints group by 1"
        ).fetchall()
    )
    want = {REASON[k]: n for k, n in result["faults"]["touchpoints"].items() if k in REASON and n}
    assert got == want


def test_cli_registers_generate(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(
        ["generate", "--events", "1000", "--seed", "9", "--out", str(tmp_path), "--days", "31",
         "--no-progress"]
    )  # fmt: skip
    assert args.func(args) == 0
    assert "touchpoints" in capsys.readouterr().out
    assert (tmp_path / "touchpoints_2025-01.jsonl").exists()
