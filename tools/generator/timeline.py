"""Time: the generation window, file periods, seasonality, local time offsets, random streams."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import numpy as np

DAY = 86_400
HOUR = 3_600
MINUTE = 60

# share of activity per hour of day (UTC), evening peak
_HOURLY = np.array(
    [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1.2, 2.5, 3.5, 4.2, 4.5, 4.6, 4.8, 4.6, 4.4, 4.5,
     4.8, 5.2, 5.9, 6.6, 6.9, 6.0, 4.2, 2.2]
)  # fmt: skip
# time-of-day density: half flat, half the hourly profile (night activity stays plausible)
_DENSITY = 0.5 / 24 + 0.5 * _HOURLY / _HOURLY.sum()
_DAY_CDF = np.concatenate([[0.0], np.cumsum(_DENSITY)])
_DAY_CDF /= _DAY_CDF[-1]
_HOUR_EDGES = np.arange(25, dtype=float) * HOUR
_WEEKDAY = np.array([1.0, 1.0, 0.98, 1.0, 0.95, 0.85, 1.05])  # Monday first
_MONTH = np.array([0.95, 0.85, 0.9, 0.9, 0.95, 0.9, 0.9, 0.92, 0.98, 1.02, 1.25, 1.3])


def rng_for(seed: int, *keys: str | int) -> np.random.Generator:
    """An independent random stream per (seed, purpose, chunk): order of use never matters."""
    parts = [int(seed) & 0xFFFFFFFF]
    for k in keys:
        parts.append(zlib.crc32(k.encode()) if isinstance(k, str) else int(k))
    return np.random.default_rng(np.random.SeedSequence(parts))


LEAD_DAYS = 365  # history simulated before the window so that it starts in a steady state


@dataclass
class Window:
    """The written period [start, end) in epoch seconds, its file periods, and the simulated
    period [sim_start, end): people and accounts also arrive during a warm-up year before the
    window, so the window opens with an existing customer base instead of an empty shop."""

    start: int
    end: int
    sim_start: int
    grain: str
    bounds: np.ndarray = field(repr=False)  # period starts followed by the window end
    labels: list[str] = field(repr=False)
    # the same periods over the whole simulated period [sim_start, end): B2B touchpoints of the
    # warm-up year are written too, so that the CRM history has its touchpoints
    sim_bounds: np.ndarray = field(repr=False)
    sim_labels: list[str] = field(repr=False)
    day_cdf: np.ndarray = field(repr=False)
    dst: np.ndarray = field(repr=False)  # (n, 2) Europe/Berlin summer-time [from, to)
    month_starts: np.ndarray = field(repr=False)
    month_labels: list[str] = field(repr=False)

    @classmethod
    def build(cls, start: str, days: int, grain: str, lead_days: int = LEAD_DAYS) -> Window:
        if grain not in ("month", "day"):
            raise ValueError("file grain must be 'month' or 'day'")
        if days < 1:
            raise ValueError("days must be >= 1")
        d0 = date.fromisoformat(start)
        d1 = d0 + timedelta(days=days)
        epoch = datetime(1970, 1, 1, tzinfo=UTC)

        def secs(d: date) -> int:
            return int((datetime(d.year, d.month, d.day, tzinfo=UTC) - epoch).total_seconds())

        s0 = d0 - timedelta(days=lead_days)

        def months_from(first: date) -> list[date]:
            out, m = [], date(first.year, first.month, 1)
            while m < d1:
                out.append(m)
                m = date(m.year + (m.month == 12), m.month % 12 + 1, 1)
            return out

        def periods(first: date) -> tuple[np.ndarray, list[str]]:
            if grain == "month":
                ms = months_from(first)
                starts, labels = [max(m, first) for m in ms], [m.strftime("%Y-%m") for m in ms]
            else:
                starts = [first + timedelta(days=i) for i in range((d1 - first).days)]
                labels = [d.isoformat() for d in starts]
            return np.array([secs(s) for s in starts] + [secs(d1)], dtype=np.int64), labels

        bounds, labels = periods(d0)
        sim_bounds, sim_labels = periods(s0)
        months = months_from(s0)  # campaign months, the warm-up year included
        all_days = [d0 + timedelta(days=i) for i in range(-lead_days, days)]
        weights = np.array([_WEEKDAY[d.weekday()] * _MONTH[d.month - 1] for d in all_days])
        for i, d in enumerate(all_days):  # Black Friday week and the run-up to Christmas
            if d.month == 11 and 22 <= d.day <= 30:
                weights[i] *= 1.6
            if d.month == 12 and 1 <= d.day <= 20:
                weights[i] *= 1.3
        dst = []
        for year in range(d0.year - lead_days // 365 - 2, d1.year + 2):
            dst.append((secs(_last_sunday(year, 3)) + HOUR, secs(_last_sunday(year, 10)) + HOUR))
        return cls(
            start=secs(d0),
            end=secs(d1),
            sim_start=secs(d0) - lead_days * DAY,
            grain=grain,
            bounds=bounds,
            labels=labels,
            sim_bounds=sim_bounds,
            sim_labels=sim_labels,
            day_cdf=np.cumsum(weights) / weights.sum(),
            dst=np.array(dst, dtype=np.int64),
            month_starts=np.array([secs(m) for m in months], dtype=np.int64),
            month_labels=[m.strftime("%Y-%m") for m in months],
        )

    @property
    def n_periods(self) -> int:
        return len(self.labels)

    def period_of(self, ts: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.bounds, ts, side="right") - 1

    def month_of(self, ts: np.ndarray) -> np.ndarray:
        """Month index for campaign names (months of the warm-up year and the window)."""
        return np.clip(np.searchsorted(self.month_starts, ts, side="right") - 1, 0, None)

    def berlin_offset(self, ts: np.ndarray) -> np.ndarray:
        """UTC offset in hours of Europe/Berlin (1 in winter, 2 in summer time)."""
        summer = np.zeros(len(ts), dtype=bool)
        for lo, hi in self.dst:
            summer |= (ts >= lo) & (ts < hi)
        return np.where(summer, 2, 1).astype(np.int8)

    def sample_times(self, rng: np.random.Generator, n: int, lo: float = 0.0) -> np.ndarray:
        """Seasonal timestamps: a day by weekday/month weights, an hour by the daily profile.

        ``lo`` in [0, 1) skips the first share of the window's activity mass.
        """
        u = lo + rng.random(n) * (1.0 - lo)
        day = np.searchsorted(self.day_cdf, u, side="right").clip(0, len(self.day_cdf) - 1)
        return self.sim_start + day * DAY + rng.integers(0, DAY, n)

    def warp(self, ts: np.ndarray) -> np.ndarray:
        """Give uniformly drawn times a daily rhythm (evening peak, quiet nights).

        A monotone map of each day onto itself: every "A before B" and the day of every
        timestamp survive, only gaps within a day stretch or shrink (by at most ~2x).
        Sentinels (negative, or beyond the window) are left alone.
        """
        ts = np.asarray(ts, dtype=np.int64)
        ok = (ts > 0) & (ts < self.end + 400 * DAY)
        day = np.floor_divide(ts, DAY)
        second = (ts - day * DAY).astype(float)
        mapped = np.interp(second / DAY, _DAY_CDF, _HOUR_EDGES).astype(np.int64)
        return np.where(ok, day * DAY + np.minimum(mapped, DAY - 1), ts)

    def spread(
        self, rng: np.random.Generator, counts: np.ndarray, lo: np.ndarray, hi: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Like :func:`spread`, with the interval cut to the window."""
        lo = np.clip(lo, self.sim_start, self.end - 1)
        hi = np.clip(hi, lo, self.end - 1)
        return spread(rng, counts, lo, hi)

    def clip(self, ts: np.ndarray) -> np.ndarray:
        return np.clip(ts, self.sim_start, self.end - 1)

    def visible(self, ts: np.ndarray) -> np.ndarray:
        """Inside the written window."""
        return (ts >= self.start) & (ts < self.end)


def _last_sunday(year: int, month: int) -> date:
    d = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def spread(
    rng: np.random.Generator, counts: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``counts[i]`` uniform times in [lo[i], hi[i]) per owner i: (owner index, time) arrays."""
    owner = np.repeat(np.arange(len(counts)), counts)
    lo_o, hi_o = lo[owner], hi[owner]
    t = lo_o + rng.random(len(owner)) * np.maximum(hi_o - lo_o, 1)
    return owner, t.astype(np.int64)


def choose(rng: np.random.Generator, table: tuple[np.ndarray, np.ndarray], n: int) -> np.ndarray:
    codes, p = table
    return codes[rng.choice(len(codes), size=n, p=p)]


def starts(counts: np.ndarray) -> np.ndarray:
    """Index of the first member of each group when groups of ``counts`` are laid end to end."""
    counts = np.asarray(counts, dtype=np.int64)
    return np.cumsum(counts) - counts
