"""Touchpoint events as columns of small integers, appended group by group.

An event is kept as codes (person, device, channel, event type, campaign, ...) until it is
written; strings are only built per output file. ``device`` >= 0 is a browser / app device,
``DEVICE_SERVICE`` marks contact-centre and CRM activities that carry a per-person service id.
"""

from __future__ import annotations

import numpy as np

from .timeline import Window
from .vocab import CH, CHANNEL_EVENTS, ET, MARKETING_CHANNELS

DEVICE_SERVICE = -1
# email_hash policy: 0 never, 1 sometimes once known, 2 always once known
EMAIL_NEVER, EMAIL_SOMETIMES, EMAIL_ALWAYS = 0, 1, 2
# campaign variants per month: 0..21 channel campaigns, then special ones
CAMPAIGN_WINBACK = 23
CAMPAIGN_B2B = 24  # + channel: account-based marketing campaigns
CAMPAIGN_VARIANTS = 48

_FIELDS = {
    "ts": np.int64,
    "person": np.int64,  # global person index (B2C people first, then B2B contacts)
    "device": np.int64,  # global device index or DEVICE_SERVICE
    "account": np.int32,  # owning B2B account (global index) or -1
    "channel": np.int8,
    "etype": np.int8,
    "campaign": np.int32,  # month * CAMPAIGN_VARIANTS + variant, or -1
    "ref": np.int64,  # order index (purchase) / opportunity index (B2B) or -1
    "aux": np.int32,  # free small integer driving the attributes (page, product, rating, ...)
    "email_mode": np.int8,
    "local_tz": np.bool_,  # written in Europe/Berlin local time
    "b2b": np.bool_,
}

_MARKETING = np.zeros(len(CH), dtype=bool)
_MARKETING[[CH[c] for c in MARKETING_CHANNELS]] = True


def _etype_tables() -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for channel in CH:
        weights = {k: v for k, v in CHANNEL_EVENTS[channel].items() if v > 0}
        codes = np.array([ET[k] for k in weights], dtype=np.int8)
        p = np.array(list(weights.values()), dtype=float)
        out.append((codes, p / p.sum()))
    return out


_ETYPES = _etype_tables()


def etypes_for(rng: np.random.Generator, channels: np.ndarray) -> np.ndarray:
    """An event type per event, drawn from its channel's typical event types."""
    out = np.empty(len(channels), dtype=np.int8)
    for code, (types, p) in enumerate(_ETYPES):
        mask = channels == code
        k = int(mask.sum())
        if k:
            out[mask] = types[rng.choice(len(types), size=k, p=p)] if len(types) > 1 else types[0]
    return out


class EventBuffer:
    """Groups of events appended as column arrays, concatenated once at the end of a chunk."""

    def __init__(self, window: Window):
        self.window = window
        self.parts: dict[str, list[np.ndarray]] = {k: [] for k in _FIELDS}
        self.size = 0

    def add(
        self,
        rng: np.random.Generator,
        ts: np.ndarray,
        person: np.ndarray,
        device: np.ndarray | int,
        channel: np.ndarray | int,
        etype: np.ndarray | int | None = None,
        *,
        account: np.ndarray | int = -1,
        ref: np.ndarray | int = -1,
        aux: np.ndarray | None = None,
        email_mode: np.ndarray | int = EMAIL_SOMETIMES,
        campaign: np.ndarray | None = None,
        local_tz: np.ndarray | bool = False,
        b2b: bool = False,
    ) -> int:
        """Append a group of events; returns the chunk-local index of its first event.

        Events outside the simulated period are dropped, so callers that later refer to events
        by position (feedback anchors) only pass times inside it.
        """
        ts = np.asarray(ts, dtype=np.int64)
        first = self.size
        inside = (ts >= self.window.sim_start) & (ts < self.window.end)
        if not inside.all():
            n_all = len(ts)

            def cut(x):
                if x is None or np.ndim(x) == 0:
                    return x
                return np.asarray(x)[inside] if len(x) == n_all else x

            ts, person, device, channel, etype = map(cut, (ts, person, device, channel, etype))
            account, ref, aux, email_mode, campaign, local_tz = map(
                cut, (account, ref, aux, email_mode, campaign, local_tz)
            )
        n = len(ts)
        if n == 0:
            return first
        ch = np.broadcast_to(np.asarray(channel, dtype=np.int8), (n,))
        et = etypes_for(rng, ch) if etype is None else np.asarray(etype, dtype=np.int8)
        if campaign is None:
            month = self.window.month_of(ts)
            variant = ch.astype(np.int64) + (CAMPAIGN_B2B if b2b else 0)
            campaign = np.where(_MARKETING[ch], month * CAMPAIGN_VARIANTS + variant, -1)
        values = {
            "ts": ts,
            "person": person,
            "device": device,
            "account": account,
            "channel": ch,
            "etype": et,
            "campaign": campaign,
            "ref": ref,
            "aux": rng.integers(0, 1 << 20, n) if aux is None else aux,
            "email_mode": email_mode,
            "local_tz": local_tz,
            "b2b": b2b,
        }
        for k, dtype in _FIELDS.items():
            self.parts[k].append(np.broadcast_to(np.asarray(values[k], dtype=dtype), (n,)).copy())
        self.size += n
        return first

    def columns(self) -> dict[str, np.ndarray]:
        return {
            k: (np.concatenate(v) if v else np.empty(0, dtype=_FIELDS[k]))
            for k, v in self.parts.items()
        }
