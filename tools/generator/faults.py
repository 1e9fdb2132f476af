"""Fault injection: the dirty data a real landing zone receives, counted per kind and dataset.

Each row is hit by at most one fault, so the loader's quarantine reasons map one to one:

===================  ==========================================  =========================
kind                 what happens                                loader reason
===================  ==========================================  =========================
duplicate            the row is written twice (same file)        duplicate_key
late                 row moved to a later file, 3-20 days late   (valid, loads)
malformed            truncated JSON line / CSV row cut short     malformed_record
wrong_type           "ten", "abc", unparsable timestamp           wrong_type
unknown_code         channel "tiktok_live", survey_type "xyz"    unknown_code
out_of_range         NPS 15, CSAT 0, negative amount             out_of_range
missing_required     a required field left empty                 missing_required_field
===================  ==========================================  =========================

Parquet files only get typed-level faults (no malformed records).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from journey_warehouse.landing.contract import DATASETS

KINDS = (
    "duplicate", "late", "malformed", "wrong_type", "unknown_code", "out_of_range",
    "missing_required",
)  # fmt: skip
REASON = {
    "duplicate": "duplicate_key",
    "malformed": "malformed_record",
    "wrong_type": "wrong_type",
    "unknown_code": "unknown_code",
    "out_of_range": "out_of_range",
    "missing_required": "missing_required_field",
}
BAD_TS = ("yesterday", "31/02/2025 10:00", "2025-13-45T25:61:00+00:00", "n/a")
WRONG_TYPE: dict[str, dict[str, tuple[str, ...]]] = {
    "touchpoints": {"occurred_at": BAD_TS, "email_hash": ("abc", "not-a-hash", "N/A")},
    "orders": {
        "ordered_at": BAD_TS,
        "order_amount": ("ten", "12,50 EUR", "abc"),
        "item_count": ("abc", "two", "1.5"),
    },
    "refunds": {"refunded_at": BAD_TS, "refund_amount": ("ten", "abc")},
    "feedback": {"responded_at": BAD_TS, "score": ("ten", "abc", "8/10")},
    "crm_accounts": {"created_at": BAD_TS},
    "crm_contacts": {"created_at": BAD_TS, "is_decision_maker": ("maybe", "ja")},
    "crm_opportunities": {"created_at": BAD_TS, "amount": ("abc", "10k"), "closed_at": ("soon",)},
    "crm_opportunity_stages": {"entered_at": BAD_TS},
    "marketing_spend": {"spend_date": ("yesterday", "31/02/2025"), "amount": ("ten", "1.2k")},
}
UNKNOWN: dict[str, dict[str, tuple[str, ...]]] = {
    "touchpoints": {"channel": ("tiktok_live", "carrier_pigeon"), "event_type": ("xyz_click",)},
    "orders": {"currency": ("EURO", "BTC"), "channel": ("tiktok_live",)},
    "refunds": {"currency": ("XYZ", "EURO")},
    "feedback": {"survey_type": ("xyz", "ces2"), "language": ("fr",)},
    "crm_opportunities": {"status": ("pending",), "currency": ("EURO",)},
    "crm_opportunity_stages": {"stage": ("discovery", "closed")},
    "marketing_spend": {"channel": ("tiktok_live",), "currency": ("EURO",)},
}
OUT_OF_RANGE: dict[str, dict[str, tuple[str, ...]]] = {
    "orders": {"order_amount": ("-5.00", "-0.01"), "item_count": ("0", "-1")},
    "refunds": {"refund_amount": ("-1.00",)},
    "crm_opportunities": {"amount": ("-100.00",)},
    "marketing_spend": {"amount": ("-10.00",)},
    "feedback": {"score": ()},  # depends on the survey type, see _out_of_range_scores
}
PERIODIC = ("touchpoints", "orders", "refunds", "feedback")


def kinds_for(dataset: str, file_format: str) -> tuple[str, ...]:
    out = ["duplicate"]
    if dataset in PERIODIC:
        out.append("late")
    if file_format != "parquet":
        out.append("malformed")
    out.append("wrong_type")
    if dataset in UNKNOWN:
        out.append("unknown_code")
    if dataset in OUT_OF_RANGE:
        out.append("out_of_range")
    out.append("missing_required")
    return tuple(out)


def empty_counts() -> dict[str, dict[str, int]]:
    return {name: {k: 0 for k in KINDS} for name in DATASETS}


def choose_late(
    rng: np.random.Generator, ts: np.ndarray, bounds: np.ndarray, share: float
) -> np.ndarray:
    """File period per row: its own, or for ~``share`` of rows a later one it arrives late in.

    A late row lands in the first period that starts 3-20 days after it occurred.
    """
    period = np.searchsorted(bounds, ts, side="right") - 1
    if share <= 0 or not len(ts):
        return period
    n_periods = len(bounds) - 1
    delay = rng.uniform(3, 20, len(ts)) * 86_400
    target = np.searchsorted(bounds, ts + delay, side="right") - 1
    # the first period starting at least 3 days after the event
    target = np.maximum(target, np.searchsorted(bounds, ts + 3 * 86_400, side="left"))
    gap = bounds[np.minimum(target, n_periods)] - ts
    eligible = (
        (period >= 0)
        & (target < n_periods)
        & (target > period)
        & (gap >= 3 * 86_400)
        & (gap <= 20 * 86_400)
    )
    if not eligible.any():
        return period
    p = min(1.0, share / eligible.mean())
    late = eligible & (rng.random(len(ts)) < p)
    return np.where(late, target, period)


class Injector:
    """Corrupts the string columns of one output file and reports what it did."""

    def __init__(self, dataset: str, file_format: str, rate: float, rng: np.random.Generator):
        self.dataset = dataset
        self.rng = rng
        self.kinds = kinds_for(dataset, file_format)
        self.rate = rate
        self.other = [k for k in self.kinds if k != "late"]
        # the rate covers all kinds; late rows are chosen when files are assigned
        self.row_rate = rate * len(self.other) / len(self.kinds) if self.kinds else 0.0

    @property
    def late_share(self) -> float:
        return self.rate / len(self.kinds) if "late" in self.kinds else 0.0

    def apply(
        self,
        cols: dict[str, pa.Array],
        counts: dict[str, int],
        protected: np.ndarray | None = None,
    ) -> tuple[dict[str, pa.Array], np.ndarray, np.ndarray]:
        """Returns (columns, malformed row positions, duplicated row positions).

        ``protected`` rows (late arrivals) get no second fault.
        """
        n = len(next(iter(cols.values())))
        none = np.empty(0, dtype=np.int64)
        if self.rate <= 0 or n == 0:
            return cols, none, none
        rng = self.rng
        hit = rng.random(n) < self.row_rate
        if protected is not None:
            hit &= ~protected
        kind = np.where(hit, rng.integers(0, len(self.other), n), -1)
        rows = {k: np.flatnonzero(kind == i) for i, k in enumerate(self.other)}
        for name, values in (("wrong_type", WRONG_TYPE), ("unknown_code", UNKNOWN),
                             ("out_of_range", OUT_OF_RANGE)):  # fmt: skip
            if name in rows and len(rows[name]):
                cols = self._set_values(cols, rows[name], values[self.dataset])
        if "missing_required" in rows and len(rows["missing_required"]):
            required = DATASETS[self.dataset].required
            r = rows["missing_required"]
            which = rng.integers(0, len(required), len(r))
            for i, col in enumerate(required):
                cols[col] = _set(cols[col], r[which == i], None)
        for k, r in rows.items():
            counts[k] += len(r)
        return cols, rows.get("malformed", none), rows.get("duplicate", none)

    def _set_values(self, cols, rows, options: dict[str, tuple[str, ...]]):
        names = list(options)
        which = self.rng.integers(0, len(names), len(rows))
        for i, col in enumerate(names):
            r = rows[which == i]
            if not len(r):
                continue
            if self.dataset == "feedback" and col == "score" and not options[col]:
                values = _out_of_range_scores(cols["survey_type"], r)
            else:
                values = np.array(options[col], dtype=object)[
                    self.rng.integers(0, len(options[col]), len(r))
                ]
            cols[col] = _set(cols[col], r, values)
        return cols


def _out_of_range_scores(survey: pa.Array, rows: np.ndarray) -> np.ndarray:
    kinds = np.array(survey.take(pa.array(rows)).to_numpy(zero_copy_only=False), dtype=object)
    return np.select([kinds == "nps", kinds == "csat"], ["15", "0"], "9").astype(object)


def _set(col: pa.Array, rows: np.ndarray, values) -> pa.Array:
    """``col`` with ``rows`` replaced by ``values`` (None: null)."""
    if not len(rows):
        return col
    n = len(col)
    if values is None:
        mask = np.zeros(n, dtype=bool)
        mask[rows] = True
        return pc.if_else(pa.array(mask), pa.nulls(n, pa.string()), col)
    idx = np.arange(n, dtype=np.int64)
    idx[rows] = n + np.arange(len(rows))
    return pa.concat_arrays([col.cast(pa.string()), pa.array(list(values), pa.string())]).take(
        pa.array(idx)
    )
