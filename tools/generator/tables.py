"""From integer codes to the contract's string columns, one output file (row subset) at a time."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journey_warehouse.landing.contract import B2B_STAGES, CHANNELS, CURRENCIES, DATASETS

from . import fmt
from .events import CAMPAIGN_B2B, CAMPAIGN_VARIANTS, CAMPAIGN_WINBACK
from .feedback import TEXTS, with_contact_details
from .timeline import Window
from .vocab import (
    APP_OS,
    B2B_EVENTS,
    B2B_PAGES,
    CAMPAIGN_THEMES,
    COMPANY_KINDS,
    COMPANY_WORDS,
    COUNTRIES,
    COUNTRY_PHONE,
    DECISION_TITLES,
    EMPLOYEE_BANDS,
    ET,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    LEGAL_FORMS,
    MAIL_DOMAINS,
    OTHER_TITLES,
    PAGES,
    PRODUCT_CATEGORIES,
    REFUND_REASONS,
    REVIEW_PLATFORMS,
    SEARCH_TERMS,
    SURVEY_TYPES,
    WEBINARS,
)

Columns = dict[str, pa.Array]
_TLD = ("de", "at", "ch", "nl", "co.uk", "fr", "com")
_STATUS = ("open", "won", "lost")


def ascii_slug(text: str) -> str:
    """``"Jörg O'Brien"`` -> ``"joergobrien"``: e-mail local parts and domains."""
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("\u0131", "i")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum())


def sha256_hex(values: pa.Array) -> pa.Array:
    """sha256 hex of lower(trim(value)), computed in bulk by DuckDB (no Python loop per row)."""
    table = pa.table({"i": pa.array(np.arange(len(values), dtype=np.int64)), "v": values})
    con = duckdb.connect(config={"threads": 1})
    try:
        con.register("t", table)
        out = con.execute("select sha256(lower(trim(v))) as h from t order by i").to_arrow_table()
    finally:
        con.close()
    return out.column("h").combine_chunks().cast(pa.string())


@dataclass
class Context:
    """Everything the string builders need: the window, id salt and global lookup tables."""

    window: Window
    salt: int
    email_hash: pa.Array  # per global person
    order_cents: np.ndarray
    order_currency: np.ndarray
    campaigns: pa.Array

    def event_ids(self, eid: np.ndarray) -> pa.Array:
        return fmt.hex_ids("evt_", eid, 16, self.salt + 1)

    def customer_ids(self, person: np.ndarray) -> pa.Array:
        return fmt.hex_ids("cus_", person, 10, self.salt + 2)

    def device_ids(self, device: np.ndarray) -> pa.Array:
        return fmt.hex_ids("dev_", device, 14, self.salt + 3)

    def service_ids(self, person: np.ndarray, b2b: np.ndarray) -> pa.Array:
        cc = fmt.hex_ids("cc_", person, 12, self.salt + 4)
        crm = fmt.hex_ids("crm_", person, 12, self.salt + 4)
        return pc.if_else(pa.array(b2b), crm, cc)

    def account_ids(self, account: np.ndarray) -> pa.Array:
        return fmt.hex_ids("acc_", account, 8, self.salt + 5)

    def contact_ids(self, person: np.ndarray) -> pa.Array:
        return fmt.hex_ids("con_", person, 10, self.salt + 6)

    def order_ids(self, order: np.ndarray) -> pa.Array:
        return fmt.hex_ids("ord_", order, 12, self.salt + 7)

    def refund_ids(self, order: np.ndarray) -> pa.Array:
        return fmt.hex_ids("rfd_", order, 12, self.salt + 8)

    def response_ids(self, rid: np.ndarray) -> pa.Array:
        return fmt.hex_ids("rsp_", rid, 12, self.salt + 9)

    def opportunity_ids(self, opp: np.ndarray) -> pa.Array:
        return fmt.hex_ids("opp_", opp, 10, self.salt + 10)

    def stage_ids(self, sid: np.ndarray) -> pa.Array:
        return fmt.hex_ids("stc_", sid, 12, self.salt + 11)

    def ts(self, seconds: np.ndarray, local: np.ndarray | None = None) -> pa.Array:
        if local is None or not local.any():
            return fmt.timestamps(seconds)
        offset = np.where(local, self.window.berlin_offset(seconds), 0)
        return fmt.timestamps(seconds, offset)

    def anonymous_ids(self, device: np.ndarray, person: np.ndarray, b2b: np.ndarray) -> pa.Array:
        dev = self.device_ids(np.maximum(device, 0))
        if (device >= 0).all():
            return dev
        return pc.if_else(pa.array(device >= 0), dev, self.service_ids(person, b2b))


def campaign_names(window: Window) -> pa.Array:
    """Campaign name per code ``month * CAMPAIGN_VARIANTS + variant``."""
    names: list[str | None] = []
    for label in window.month_labels:
        theme = CAMPAIGN_THEMES[int(label[5:7]) - 1]
        for v in range(CAMPAIGN_VARIANTS):
            if v < len(CHANNELS):
                names.append(f"{label}_{theme}_{CHANNELS[v]}")
            elif v == CAMPAIGN_WINBACK:
                names.append(f"{label}_winback_email")
            elif CAMPAIGN_B2B <= v < CAMPAIGN_B2B + len(CHANNELS):
                names.append(f"{label}_abm_{CHANNELS[v - CAMPAIGN_B2B]}")
            else:
                names.append(None)
    return pa.array(names, type=pa.string())


def person_emails(people: dict[str, np.ndarray], contacts: dict, accounts: dict) -> pa.Array:
    """Raw e-mail per global person: B2C people first, then B2B contacts (CRM spelling)."""
    first = pa.array([ascii_slug(x) for x in FIRST_NAMES])
    last = pa.array([ascii_slug(x) for x in LAST_NAMES])
    b2c = fmt.concat(
        first.take(pa.array(people["first"])), ".", last.take(pa.array(people["last"])),
        fmt.ints(people["number"]), "@", fmt.pick(MAIL_DOMAINS, people["domain"]),
    )  # fmt: skip
    return pa.concat_arrays([b2c, contact_emails(contacts, accounts)])


def contact_emails(contacts: dict, accounts: dict) -> pa.Array:
    first = pa.array([ascii_slug(x).capitalize() for x in FIRST_NAMES])
    last = pa.array([ascii_slug(x).capitalize() for x in LAST_NAMES])
    acc = contacts["account"] - (accounts["index"][0] if len(accounts["index"]) else 0)
    return fmt.concat(
        first.take(pa.array(contacts["first"])), ".", last.take(pa.array(contacts["last"])), "@",
        company_domains(accounts).take(pa.array(acc)),
    )  # fmt: skip


def company_domains(accounts: dict) -> pa.Array:
    words = pa.array([ascii_slug(x) for x in COMPANY_WORDS])
    kinds = pa.array([ascii_slug(x) for x in COMPANY_KINDS])
    return fmt.concat(
        words.take(pa.array(accounts["word"])), "-", kinds.take(pa.array(accounts["kind"])),
        fmt.ints(accounts["index"] % 1000), ".", fmt.pick(_TLD, accounts["country"]),
    )  # fmt: skip


# --- touchpoints -----------------------------------------------------------------------------------


def touchpoints(ctx: Context, ev: dict[str, np.ndarray], rows: np.ndarray) -> Columns:
    e = {k: v[rows] for k, v in ev.items()}
    person, b2b = e["person"], e["b2b"]
    cols: Columns = {
        "event_id": ctx.event_ids(e["eid"]),
        "occurred_at": ctx.ts(e["ts"], e["local_tz"]),
        "anonymous_id": ctx.anonymous_ids(e["device"], person, b2b),
        "customer_id": fmt.with_nulls(ctx.customer_ids(person), e["customer"]),
        "email_hash": fmt.with_nulls(ctx.email_hash.take(pa.array(person)), e["email"]),
        "account_id": fmt.with_nulls(
            ctx.account_ids(np.maximum(e["account"], 0)), e["account"] >= 0
        ),
        "channel": fmt.pick(CHANNELS, e["channel"]),
        "event_type": fmt.pick(list(ET), e["etype"]),
        "campaign": ctx.campaigns.take(pa.array(e["campaign"], mask=e["campaign"] < 0)),
        "attributes": attributes(ctx, e),
    }
    return cols


def _q(value: pa.Array) -> pa.Array:
    return fmt.concat('"', value, '"')


def attributes(ctx: Context, e: dict[str, np.ndarray]) -> pa.Array:
    """A small JSON object per event, its keys depending on the event type."""
    et, aux, ref, b2b = e["etype"], e["aux"], e["ref"], e["b2b"]
    pieces = []

    def add(mask: np.ndarray, build) -> None:
        pos = np.flatnonzero(mask)
        if len(pos):
            pieces.append((pos, build(pos)))

    def vocab(words, pos, salt=0):
        return _q(fmt.pick(words, (aux[pos] + salt) % len(words)))

    pages_c = np.isin(et, [ET["page_view"], ET["content_view"]])
    add(pages_c & ~b2b, lambda p: fmt.concat('{"page":', vocab(PAGES, p), "}"))
    add(pages_c & b2b, lambda p: fmt.concat('{"page":', vocab(B2B_PAGES, p), "}"))
    add(
        np.isin(et, [ET["product_view"], ET["add_to_cart"]]),
        lambda p: fmt.concat(
            '{"product_id":"P', fmt.ints(10_000 + aux[p] % 90_000), '","category":',
            vocab(PRODUCT_CATEGORIES, p, 7), "}",
        ),
    )  # fmt: skip
    add(et == ET["search"], lambda p: fmt.concat('{"query":', vocab(SEARCH_TERMS, p), "}"))
    add(
        np.isin(et, [ET["ad_impression"], ET["ad_click"]]),
        lambda p: fmt.concat(
            '{"creative_id":"cr_', fmt.ints(aux[p] % 40), '","placement":',
            vocab(("feed", "sidebar", "search_top", "story", "preroll"), p, 3), "}",
        ),
    )  # fmt: skip
    add(
        np.isin(et, [ET["email_open"], ET["email_click"], ET["sms_click"], ET["push_open"]]),
        lambda p: fmt.concat('{"message_id":"m', fmt.ints(aux[p] % 5000), '"}'),
    )
    add(
        et == ET["social_engagement"],
        lambda p: fmt.concat('{"action":', vocab(("like", "share", "comment", "follow"), p), "}"),
    )
    add(
        et == ET["signup"],
        lambda p: fmt.concat('{"method":', vocab(("email", "google", "apple"), p), "}"),
    )
    add(et == ET["login"], lambda p: fmt.concat('{"method":', vocab(("password", "sso"), p), "}"))
    add(
        et == ET["checkout_start"],
        lambda p: fmt.concat('{"step":', vocab(("address", "payment"), p), "}"),
    )

    def purchase(p):
        o = ref[p]
        return fmt.concat(
            '{"order_id":"', ctx.order_ids(o), '","revenue":', fmt.money(ctx.order_cents[o]),
            ',"currency":"', fmt.pick(CURRENCIES, ctx.order_currency[o]), '"}',
        )  # fmt: skip

    add((et == ET["purchase"]) & (ref >= 0), purchase)
    add(
        et == ET["app_session"],
        lambda p: fmt.concat(
            '{"os":', vocab(APP_OS, p, 1), ',"app_version":"5.', fmt.ints(aux[p] % 7),
            '","crashed":', fmt.pick(("false", "true"), (aux[p] == 1).astype(int)), "}",
        ),
    )  # fmt: skip
    add(
        et == ET["store_visit"],
        lambda p: fmt.concat('{"store_id":"S', fmt.ints(100 + aux[p] % 40), '"}'),
    )
    add(
        np.isin(et, [ET["support_call"], ET["support_chat"]]),
        lambda p: fmt.concat(
            '{"topic":', _q(fmt.pick(("delivery", "refund", "other"), np.minimum(aux[p] // 1000, 2))),
            ',"wait_minutes":', fmt.ints(aux[p] % 1000), "}",
        ),
    )  # fmt: skip
    add(
        et == ET["referral_sent"],
        lambda p: fmt.concat('{"program":', vocab(("friends", "partner"), p), "}"),
    )
    add(
        et == ET["review_posted"],
        lambda p: fmt.concat(
            '{"platform":', _q(fmt.pick(REVIEW_PLATFORMS, np.where(b2b[p], 3 + aux[p] % 2, aux[p] % 3))),
            ',"rating":', fmt.ints(np.clip(aux[p], 1, 5)), "}",
        ),
    )  # fmt: skip
    add(et == ET["event_attended"], lambda p: fmt.concat('{"event":', vocab(B2B_EVENTS, p), "}"))
    add(et == ET["webinar_attended"], lambda p: fmt.concat('{"webinar":', vocab(WEBINARS, p), "}"))
    add(
        et == ET["demo_requested"],
        lambda p: fmt.concat('{"form":"demo","employees":', vocab(EMPLOYEE_BANDS, p), "}"),
    )
    crm = np.isin(
        et,
        [
            ET["demo_held"],
            ET["sales_call"],
            ET["proposal_sent"],
            ET["onboarding_session"],
            ET["expansion_call"],
        ],
    ) & (ref >= 0)
    add(crm, lambda p: fmt.concat('{"opportunity_id":"', ctx.opportunity_ids(ref[p]), '"}'))
    out = fmt.scatter(len(et), pieces)
    return out.fill_null("{}")


# --- commerce and feedback -----------------------------------------------------------------------------


def orders(ctx: Context, o: dict[str, np.ndarray], rows: np.ndarray) -> Columns:
    o = {k: v[rows] for k, v in o.items()}
    return {
        "order_id": ctx.order_ids(o["index"]),
        "customer_id": ctx.customer_ids(o["person"]),
        "anonymous_id": fmt.with_nulls(
            ctx.device_ids(np.maximum(o["device"], 0)), o["device"] >= 0
        ),
        "email_hash": fmt.with_nulls(ctx.email_hash.take(pa.array(o["person"])), o["email"]),
        "ordered_at": ctx.ts(o["ts"], o["local_tz"]),
        "currency": fmt.pick(CURRENCIES, o["currency"]),
        "order_amount": fmt.money(o["cents"]),
        "item_count": fmt.ints(o["items"]),
        "channel": fmt.pick(CHANNELS, o["channel"]),
    }


def refunds(ctx: Context, r: dict[str, np.ndarray], rows: np.ndarray) -> Columns:
    r = {k: v[rows] for k, v in r.items()}
    return {
        "refund_id": ctx.refund_ids(r["order"]),
        "order_id": ctx.order_ids(r["order"]),
        "refunded_at": ctx.ts(r["ts"]),
        "currency": fmt.pick(CURRENCIES, r["currency"]),
        "refund_amount": fmt.money(r["cents"]),
        "reason": fmt.pick(REFUND_REASONS, r["reason"]),
    }


def feedback(ctx: Context, f: dict[str, np.ndarray], rows: np.ndarray) -> Columns:
    f = {k: v[rows] for k, v in f.items()}
    b2b = f["account"] >= 0
    anonymous = ~f["customer"] & ~b2b & (f["device"] >= 0)
    return {
        "response_id": ctx.response_ids(f["rid"]),
        "responded_at": ctx.ts(f["ts"], f["local_tz"]),
        "survey_type": fmt.pick(SURVEY_TYPES, f["survey"]),
        "score": fmt.ints(f["score"]),
        "customer_id": fmt.with_nulls(ctx.customer_ids(f["person"]), f["customer"]),
        "anonymous_id": fmt.with_nulls(ctx.device_ids(np.maximum(f["device"], 0)), anonymous),
        "account_id": fmt.with_nulls(ctx.account_ids(np.maximum(f["account"], 0)), b2b),
        "contact_id": fmt.with_nulls(ctx.contact_ids(f["person"]), b2b),
        "touchpoint_event_id": fmt.with_nulls(
            ctx.event_ids(np.maximum(f["eid"], 0)), f["eid"] >= 0
        ),
        "order_id": fmt.with_nulls(ctx.order_ids(np.maximum(f["order"], 0)), f["order"] >= 0),
        "channel": fmt.pick(CHANNELS, f["channel"]),
        "language": fmt.pick(("en", "de"), f["german"].astype(np.int8)),
        "comment": pa.array(
            with_contact_details(
                fmt.pick(TEXTS, f["text"]).to_pylist(), f["rid"], f["german"], ctx.salt
            ),
            type=pa.string(),
        ),
    }


# --- CRM -------------------------------------------------------------------------------------------


def crm_accounts(ctx: Context, a: dict[str, np.ndarray]) -> Columns:
    name = fmt.concat(
        fmt.pick(COMPANY_WORDS, a["word"]), " ", fmt.pick(COMPANY_KINDS, a["kind"]), " ",
        fmt.pick(LEGAL_FORMS, a["legal"]),
    )  # fmt: skip
    return {
        "account_id": ctx.account_ids(a["index"]),
        "account_name": name,
        "industry": fmt.pick(INDUSTRIES, a["industry"]),
        "employee_band": fmt.pick(EMPLOYEE_BANDS, a["band"]),
        "country": fmt.pick(COUNTRIES, a["country"]),
        "created_at": ctx.ts(a["created"]),
    }


def crm_contacts(ctx: Context, c: dict[str, np.ndarray], accounts: dict) -> Columns:
    rows = np.flatnonzero(c["in_crm"])
    c = {k: v[rows] for k, v in c.items()}
    acc = c["account"] - (accounts["index"][0] if len(accounts["index"]) else 0)
    country = accounts["country"][acc]
    return {
        "contact_id": ctx.contact_ids(c["person"]),
        "account_id": ctx.account_ids(c["account"]),
        "email": contact_emails(c, accounts),
        "full_name": fmt.concat(
            fmt.pick(FIRST_NAMES, c["first"]), " ", fmt.pick(LAST_NAMES, c["last"])
        ),
        "phone": fmt.concat(fmt.pick(COUNTRY_PHONE, country), " ", fmt.ints(c["phone"])),
        "job_title": fmt.pick(DECISION_TITLES + OTHER_TITLES, c["title"]),
        "is_decision_maker": fmt.pick(("false", "true"), c["decision"].astype(np.int8)),
        "created_at": ctx.ts(c["created"]),
    }


def crm_opportunities(ctx: Context, o: dict[str, np.ndarray]) -> Columns:
    closed = o["closed"] < ctx.window.end
    return {
        "opportunity_id": ctx.opportunity_ids(o["index"]),
        "account_id": ctx.account_ids(o["account"]),
        "created_at": ctx.ts(o["created"]),
        "closed_at": fmt.with_nulls(ctx.ts(np.where(closed, o["closed"], 0)), closed),
        "status": fmt.pick(_STATUS, o["status"]),
        "amount": fmt.money(o["cents"]),
        "currency": fmt.pick(CURRENCIES, o["currency"]),
    }


def crm_opportunity_stages(ctx: Context, s: dict[str, np.ndarray]) -> Columns:
    return {
        "stage_change_id": ctx.stage_ids(s["id"]),
        "opportunity_id": ctx.opportunity_ids(s["opp"]),
        "stage": fmt.pick(B2B_STAGES, s["stage"]),
        "entered_at": ctx.ts(s["ts"]),
    }


def check_columns(dataset: str, cols: Columns) -> None:
    expected = DATASETS[dataset].names
    if list(cols) != expected:
        raise AssertionError(f"{dataset}: columns {list(cols)} != contract {expected}")


# --- marketing spend -------------------------------------------------------------------------------

# what one touch of a channel costs on average, all-in, in EUR cents (media, agency, sends, event
# seats), set so that B2C returns ~3-5x its spend; channels not listed cost nothing per touch
COST_PER_TOUCH_CENTS = {
    "paid_search": 650, "paid_social": 420, "display": 150, "video": 300, "affiliate": 900,
    "offline_campaign": 1200, "email": 15, "sms": 40, "push": 5, "event": 150_000,
    "webinar": 20_000,
}  # fmt: skip


def spend_days(window: Window, ev: dict[str, np.ndarray], rng: np.random.Generator) -> dict:
    """Daily spend per paid channel and campaign, in line with the touches it bought: the
    touches of the day times the channel's cost per touch, +-20 % day-to-day noise. Touches
    without a campaign are the channel's always-on budget (campaign code -1)."""
    cost = np.zeros(len(CHANNELS), dtype=np.int64)
    for channel, cents in COST_PER_TOUCH_CENTS.items():
        cost[CHANNELS.index(channel)] = cents
    paid = (cost[ev["channel"]] > 0) & window.visible(ev["ts"])
    day = (ev["ts"][paid] - window.start) // 86_400
    channel = ev["channel"][paid].astype(np.int64)
    campaign = ev["campaign"][paid].astype(np.int64)
    b2b = ev["b2b"][paid].astype(np.int64)
    keys, touches = np.unique(
        np.stack([day, channel, campaign + 1, b2b]), axis=1, return_counts=True
    )  # fmt: skip
    noise = rng.lognormal(0.0, 0.2, keys.shape[1])
    return {
        "ts": window.start + keys[0] * 86_400,
        "channel": keys[1],
        "campaign": keys[2] - 1,
        "cents": np.maximum(np.rint(touches * cost[keys[1]] * noise), 1).astype(np.int64),
        "b2b": keys[3],
    }


def marketing_spend(ctx: Context, s: dict[str, np.ndarray], rows: np.ndarray) -> Columns:
    channel = fmt.pick(CHANNELS, s["channel"][rows])
    campaign = ctx.campaigns.take(pa.array(s["campaign"][rows], mask=s["campaign"][rows] < 0))
    always_on = pc.binary_join_element_wise(channel, pa.scalar("_always_on"), "")
    return {
        "spend_date": pa.array(np.datetime_as_string(s["ts"][rows].astype("datetime64[s]"), "D")),
        "channel": channel,
        "campaign": pc.coalesce(campaign, always_on),
        "amount": fmt.money(s["cents"][rows]),
        "currency": pa.array(["EUR"] * len(rows)),
        "business_model": fmt.pick(["b2c", "b2b"], s["b2b"][rows].astype(np.int64)),
    }
