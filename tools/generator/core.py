"""``generate()``: simulate people and accounts in chunks, then write the landing files."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from tqdm import tqdm

from journey_warehouse.landing.contract import DATASETS

from . import b2b, b2c, faults, tables, writers
from .timeline import Window, rng_for

B2B_SHARE = 0.15
B2C_CHUNK = 25_000  # people per chunk
B2B_CHUNK = 2_000  # accounts per chunk
STREAM_B2C, STREAM_B2B = 1, 2


def _pack(stream: int, chunk: int, local: np.ndarray) -> np.ndarray:
    """Globally unique ids from (stream, chunk, chunk-local index); -1 stays -1."""
    local = np.asarray(local, dtype=np.int64)
    return np.where(local >= 0, (stream << 56) | (chunk << 32) | local, -1)


def _visible_per_owner(window: Window, ev: dict[str, np.ndarray], size: int) -> np.ndarray:
    """Events per owner inside the written window (warm-up events are never written)."""
    return np.bincount(ev["owner"][window.visible(ev["ts"])], minlength=size)


_EVENT_DTYPES = {
    "ts": np.int64,
    "eid": np.int64,
    "person": np.int32,
    "device": np.int32,
    "account": np.int32,
    "ref": np.int32,
    "campaign": np.int32,
    "aux": np.int32,
}


def _compact(
    window: Window, ev: dict[str, np.ndarray], warmup: bool = False
) -> dict[str, np.ndarray]:
    """The events to write, in small dtypes, without helper columns: those inside the window,
    and with ``warmup`` also those of the warm-up year (B2B, so the CRM history has its touches).
    """
    keep = (ev["ts"] >= window.sim_start if warmup else window.visible(ev["ts"])) & (
        ev["ts"] < window.end
    )
    out = {}
    for k, v in ev.items():
        if k in ("owner", "email_mode"):
            continue
        out[k] = v[keep].astype(_EVENT_DTYPES.get(k, v.dtype), copy=False)
    return out


def _count_visible(window: Window, ev: dict[str, np.ndarray], entities: dict) -> None:
    """People (B2C), identified people, B2B contacts and devices seen in the written window."""
    visible = window.visible(ev["ts"])
    entities["touchpoints_window"] = int(visible.sum())
    entities["touchpoints_b2b_warmup"] = int(len(visible) - visible.sum())
    ev = {k: ev[k][visible] for k in ("b2b", "person", "customer", "device")}
    b2c = ~ev["b2b"]
    seen = np.zeros(int(ev["person"].max(initial=-1)) + 1, dtype=bool)
    seen[ev["person"][b2c]] = True
    entities["people"] = int(seen.sum())
    seen[:] = False
    seen[ev["person"][b2c & ev["customer"]]] = True
    entities["identified_people"] = int(seen.sum())
    seen[:] = False
    seen[ev["person"][~b2c]] = True
    entities["b2b_contacts_active"] = int(seen.sum())
    dev = ev["device"][ev["device"] >= 0]
    used = np.zeros(int(dev.max(initial=-1)) + 1, dtype=bool)
    used[dev] = True
    entities["devices"] = int(used.sum())


def _select(table: dict[str, np.ndarray], mask: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[mask] for k, v in table.items()}


def _keep(tables_: dict[str, dict[str, np.ndarray]], m: int) -> None:
    """Keep only the first ``m`` owners (people / accounts) of a chunk, in place."""
    for table in tables_.values():
        mask = table["owner"] < m
        for k in list(table):
            table[k] = table[k][mask]


class _Collector:
    def __init__(self) -> None:
        self.parts: dict[str, dict[str, list[np.ndarray]]] = {}

    def add(self, name: str, table: dict[str, np.ndarray]) -> None:
        target = self.parts.setdefault(name, {})
        for k, v in table.items():
            target.setdefault(k, []).append(v)

    def get(self, name: str) -> dict[str, np.ndarray]:
        return {k: np.concatenate(v) for k, v in self.parts.get(name, {}).items()}

    def take(self, name: str) -> dict[str, np.ndarray]:
        """Concatenate and forget a table, one column at a time (peak: one extra column)."""
        parts = self.parts.pop(name, {})
        out = {}
        for k in list(parts):
            out[k] = np.concatenate(parts.pop(k))
        return out


def _simulate(window: Window, seed: int, events: int, bar) -> tuple[_Collector, dict]:
    out = _Collector()
    budget_b2b = round(events * B2B_SHARE)
    budget_b2c = events - budget_b2b
    stats: dict[str, int] = {}

    person0 = device0 = order0 = 0
    total, chunk = 0, 0
    size = int(min(B2C_CHUNK, max(50, math.ceil(budget_b2c / b2c.EST_EVENTS_PER_PERSON * 1.1))))
    while total < budget_b2c:
        r = b2c.simulate(window, seed, chunk, size, person0, device0, order0)
        per_owner = _visible_per_owner(window, r["events"], size)
        cum = np.cumsum(per_owner)
        if total + cum[-1] >= budget_b2c:
            m = int(np.searchsorted(cum, budget_b2c - total)) + 1
            _keep(r, m)
        else:
            m = size
        ev = r["events"]
        ev["eid"] = _pack(STREAM_B2C, chunk, ev.pop("local"))
        r["events"] = ev = _compact(window, ev)
        fb = r["feedback"]
        fb["rid"] = _pack(STREAM_B2C, chunk, fb.pop("local"))
        fb["eid"] = _pack(STREAM_B2C, chunk, fb.pop("event_local"))
        fb["contact"] = np.full(len(fb["rid"]), -1, dtype=np.int64)
        for name in ("events", "orders", "refunds", "feedback", "people"):
            out.add(name, r[name])
        total += len(ev["ts"])
        person0 += m
        device0 += len(r["devices"]["owner"])
        order0 += len(r["orders"]["ts"])
        chunk += 1
        bar.set_postfix_str(f"b2c events {total:,}")
    stats["people_simulated"] = person0

    account0, opp0, total, chunk = 0, 0, 0, 0
    size = int(min(B2B_CHUNK, max(5, math.ceil(budget_b2b / b2b.EST_EVENTS_PER_ACCOUNT * 1.1))))
    contacts0 = person0
    while total < budget_b2b:
        r = b2b.simulate(window, seed, chunk, size, account0, person0, device0, opp0)
        per_owner = _visible_per_owner(window, r["events"], size)
        cum = np.cumsum(per_owner)
        if total + cum[-1] >= budget_b2b:
            m = int(np.searchsorted(cum, budget_b2b - total)) + 1
            _keep(r, m)
        else:
            m = size
        ev = r["events"]
        ev["eid"] = _pack(STREAM_B2B, chunk, ev.pop("local"))
        r["events"] = ev = _compact(window, ev, warmup=True)
        fb = r["feedback"]
        fb["rid"] = _pack(STREAM_B2B, chunk, fb.pop("local"))
        fb["eid"] = _pack(STREAM_B2B, chunk, fb.pop("event_local"))
        for name in ("events", "accounts", "contacts", "opportunities", "stages", "feedback"):
            out.add(name, r[name])
        total += int(window.visible(ev["ts"]).sum())  # the budget counts window events only
        account0 += m
        person0 += len(r["contacts"]["person"])
        device0 += len(r["devices"]["owner"])
        opp0 += len(r["opportunities"]["index"])
        chunk += 1
        bar.set_postfix_str(f"b2b events {total:,}")
    stats.update(accounts=account0, contacts_simulated=person0 - contacts0)
    stats["devices_simulated"] = device0
    return out, stats


def generate(
    out_dir: str | Path,
    events: int = 200_000,
    seed: int = 42,
    start: str = "2025-01-01",
    days: int = 365,
    touchpoint_format: str = "parquet",
    fault_rate: float = 0.0,
    file_grain: str = "month",
    progress: bool = True,
) -> dict:
    """Write a landing zone of synthetic customer-journey data into ``out_dir``.

    Returns ``{"counts": rows per dataset (as written, incl. injected duplicates),
    "entities": people / accounts / ..., "files": [file names], "faults": {dataset: {kind: n}}}``.
    """
    if events < 1:
        raise ValueError("events must be >= 1")
    if touchpoint_format not in ("parquet", "jsonl"):
        raise ValueError("touchpoint_format must be 'parquet' or 'jsonl'")
    if not 0.0 <= fault_rate < 1.0:
        raise ValueError("fault_rate must be in [0, 1)")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    window = Window.build(start, days, file_grain)
    phases = ["simulate", "identities", "touchpoints", "orders", "refunds", "feedback", "crm"]
    bar = tqdm(total=len(phases), desc="generate", unit="phase", disable=not progress)

    data, entities = _simulate(window, seed, events, bar)
    bar.update(1)

    people = data.get("people")
    contacts = data.get("contacts")
    accounts = data.get("accounts") or _empty_accounts()
    if not contacts:
        contacts = _empty_contacts()
    emails = tables.person_emails(people, contacts, accounts)
    orders = data.get("orders")
    ctx = tables.Context(
        window=window,
        salt=(seed * 0x9E3779B1 + 12345) & 0xFFFFFFFF,
        email_hash=tables.sha256_hex(emails),
        order_cents=orders["cents"],
        order_currency=orders["currency"],
        campaigns=tables.campaign_names(window),
    )
    del emails
    bar.update(1)

    result = {
        "counts": {name: 0 for name in DATASETS},
        "entities": entities,
        "files": [],
        "faults": faults.empty_counts(),
    }
    ext = "jsonl" if touchpoint_format == "jsonl" else "parquet"
    ev = data.take("events")
    _count_visible(window, ev, entities)
    spend = tables.spend_days(window, ev, rng_for(seed, "spend"))
    # touchpoints: the window, plus the B2B touchpoints of the warm-up year in their own periods
    _write_periodic(
        out, "touchpoints", ext, ev, tables.touchpoints, ctx, seed, fault_rate, result,
        bounds=window.sim_bounds, labels=window.sim_labels,
    )  # fmt: skip
    del ev
    bar.update(1)
    for name, builder in (
        ("orders", tables.orders),
        ("refunds", tables.refunds),
        ("feedback", tables.feedback),
    ):
        rows = orders if name == "orders" else data.get(name)
        if name == "refunds":  # refunds of orders placed before the window are not written
            rows = _select(rows, orders["ts"][rows["order"]] >= window.start)
        if name == "feedback":  # nor answers about an order / B2C touchpoint before it
            b2b_answer = rows["contact"] >= 0  # B2B warm-up touchpoints are written
            rows = _select(rows, (rows["anchor_ts"] >= window.start) | b2b_answer)
            rows = _select(rows, rows["ts"] >= window.start)
        _write_periodic(out, name, "csv", rows, builder, ctx, seed, fault_rate, result)
        bar.update(1)
    _write_periodic(
        out, "marketing_spend", "csv", spend, tables.marketing_spend, ctx, seed, fault_rate, result
    )

    _write_single(out, "crm_accounts", tables.crm_accounts(ctx, accounts), seed, fault_rate, result)
    _write_single(
        out, "crm_contacts", tables.crm_contacts(ctx, contacts, accounts), seed, fault_rate, result
    )
    opps = data.get("opportunities") or _empty_opps()
    stages = data.get("stages") or _empty_stages()
    _write_single(
        out, "crm_opportunities", tables.crm_opportunities(ctx, opps), seed, fault_rate, result
    )
    _write_single(
        out,
        "crm_opportunity_stages",
        tables.crm_opportunity_stages(ctx, stages),
        seed,
        fault_rate,
        result,
    )
    bar.update(1)
    bar.close()

    entities["orders"] = int(window.visible(orders["ts"]).sum())
    entities["crm_contacts"] = result["counts"]["crm_contacts"]
    entities["opportunities"] = len(opps["index"])
    entities["feedback_responses"] = result["counts"]["feedback"]
    return result


def _write_periodic(
    out, name, ext, table, builder, ctx, seed, fault_rate, result, bounds=None, labels=None
) -> None:
    """One file per period (the window's, unless ``bounds`` / ``labels`` name others); big files
    are built and written in slices of ``writers.SLICE``."""
    window: Window = ctx.window
    if bounds is None:
        bounds, labels = window.bounds, window.labels
    n_periods = len(labels)
    ts = table["ts"]
    probe = faults.Injector(name, ext, fault_rate, rng_for(seed, "faults", name))
    period = faults.choose_late(rng_for(seed, "late", name), ts, bounds, probe.late_share)
    late = period != np.searchsorted(bounds, ts, side="right") - 1
    result["faults"][name]["late"] += int(late.sum())
    order = np.lexsort((ts, late, period))
    edges = np.searchsorted(period[order], np.arange(n_periods + 1))
    del period
    for p in range(n_periods):
        rows = order[edges[p] : edges[p + 1]]
        if not len(rows):
            continue
        # fault streams are keyed by the file's label, so warm-up files do not shift the window's
        injector = faults.Injector(name, ext, fault_rate, rng_for(seed, "faults", name, labels[p]))
        sink = writers.Sink(out / f"{name}_{labels[p]}.{ext}", ext)
        for lo in range(0, len(rows), writers.SLICE):
            part = rows[lo : lo + writers.SLICE]
            cols = builder(ctx, table, part)
            tables.check_columns(name, cols)
            cols, malformed, dups = injector.apply(cols, result["faults"][name], late[part])
            sink.write(cols, malformed, writers.row_order(len(part), dups, injector.rng))
        result["counts"][name] += sink.close()
        result["files"].append(sink.path.name)


def _write_single(out, name, cols, seed, fault_rate, result) -> None:
    tables.check_columns(name, cols)
    injector = faults.Injector(name, "csv", fault_rate, rng_for(seed, "faults", name))
    cols, malformed, dups = injector.apply(cols, result["faults"][name])
    n = len(next(iter(cols.values())))
    sink = writers.Sink(out / f"{name}.csv", "csv")
    sink.write(cols, malformed, writers.row_order(n, dups, injector.rng))
    result["counts"][name] += sink.close()
    result["files"].append(sink.path.name)


def _empty_accounts() -> dict[str, np.ndarray]:
    keys = ("owner", "index", "word", "kind", "legal", "industry", "band", "country", "created")
    out = {k: np.empty(0, np.int64) for k in keys}
    out["german"] = np.empty(0, bool)
    return out


def _empty_contacts() -> dict[str, np.ndarray]:
    keys = ("owner", "person", "account", "first", "last", "title", "phone", "created", "known")
    out = {k: np.empty(0, np.int64) for k in keys}
    out["decision"] = np.empty(0, bool)
    out["in_crm"] = np.empty(0, bool)
    return out


def _empty_opps() -> dict[str, np.ndarray]:
    keys = ("owner", "index", "account", "created", "closed", "status", "cents", "currency")
    return {k: np.empty(0, np.int64) for k in keys}


def _empty_stages() -> dict[str, np.ndarray]:
    return {k: np.empty(0, np.int64) for k in ("owner", "id", "opp", "stage", "ts")}
