"""B2B accounts: buying groups, opportunity cycles with stage history, sales touchpoints, NPS.

One call simulates a chunk of accounts. Every returned table carries ``owner`` (chunk-local
account) so that the caller can keep a prefix of the accounts when the event budget is reached.
"""

from __future__ import annotations

import numpy as np

from . import feedback as fb
from .events import DEVICE_SERVICE, EMAIL_ALWAYS, EMAIL_SOMETIMES, EventBuffer
from .timeline import DAY, HOUR, Window, choose, rng_for, starts
from .vocab import (
    BAND_DEAL_EUR,
    BAND_P,
    CH,
    COMPANY_KINDS,
    COMPANY_WORDS,
    COUNTRY_CURRENCY,
    COUNTRY_GERMAN,
    COUNTRY_P,
    DECISION_TITLES,
    ET,
    FIRST_NAMES,
    INDUSTRIES,
    LAST_NAMES,
    LEGAL_FORMS,
    OTHER_TITLES,
    STAGE,
    mix,
)

NEVER = np.iinfo(np.int64).max // 4
FX = np.array([1.0, 1.1, 0.85, 0.95])  # per CURRENCIES: EUR, USD, GBP, CHF
EST_EVENTS_PER_ACCOUNT = 60.0
MAX_CYCLES = 3
OPEN, WON, LOST = 0, 1, 2

# (stage, probability to advance into it, mean days to get there)
NEW_DEAL = (
    ("engaged", 1.0, 0.0),
    ("mql", 0.8, 14.0),
    ("sql", 0.7, 12.0),
    ("opportunity", 0.8, 10.0),
    ("proposal", 0.85, 18.0),
    ("negotiation", 0.85, 14.0),
)
EXPANSION_DEAL = (("opportunity", 1.0, 0.0), ("proposal", 0.85, 14.0), ("negotiation", 0.85, 10.0))
P_WIN = {"new": 0.6, "expansion": 0.7}

AWARENESS = mix({"paid_social": 3, "display": 2, "organic_search": 3, "paid_search": 2,
                 "organic_social": 1, "event": 1.2, "video": 0.5})  # fmt: skip
NURTURE = mix({"webinar": 3, "organic_search": 2, "email": 2.5, "paid_search": 1, "event": 0.5})
FORM = mix({"organic_search": 4, "paid_social": 3, "direct": 3})


def simulate(
    window: Window,
    seed: int,
    chunk: int,
    n: int,
    account0: int,
    person0: int,
    device0: int,
    opp0: int,
) -> dict[str, dict[str, np.ndarray]]:
    rng = rng_for(seed, "b2b", chunk)
    w1 = window.end
    arange = np.arange(n)

    # --- accounts and buying groups ------------------------------------------------------------
    country = rng.choice(len(COUNTRY_P), n, p=COUNTRY_P)
    currency = COUNTRY_CURRENCY[country]
    german = COUNTRY_GERMAN[country]
    band = rng.choice(len(BAND_P), n, p=BAND_P)
    w_sim = window.sim_start
    e0 = (w_sim + rng.random(n) * (w1 - 30 * DAY - w_sim)).astype(np.int64)  # first engagement
    known_before = rng.random(n) < 0.4  # already in the CRM (e.g. an old lead list)
    created = np.where(
        known_before,
        e0 - (rng.uniform(30, 1000, n) * DAY).astype(np.int64),
        e0 - (rng.uniform(0, 3, n) * DAY).astype(np.int64),
    )
    onboarding_issue = rng.random(n) < 0.3

    size = rng.integers(3, 9, n)  # buying group of 3-8
    c_start = starts(size)
    n_c = int(size.sum())
    c_acc = np.repeat(arange, size)
    c_slot = np.arange(n_c) - c_start[c_acc]
    decision = (c_slot == 0) | ((c_slot == 1) & (size >= 6)[c_acc] & (rng.random(n_c) < 0.6))
    title = np.where(
        decision,
        rng.integers(0, len(DECISION_TITLES), n_c),
        len(DECISION_TITLES) + rng.integers(0, len(OTHER_TITLES), n_c),
    )
    c_known = np.where(
        rng.random(n_c) < 0.85,
        e0[c_acc] + (rng.uniform(0, 60, n_c) * DAY).astype(np.int64),
        NEVER,
    )
    c_ndev = 1 + (rng.random(n_c) < 0.4)
    d_start = starts(c_ndev)
    n_dev = int(c_ndev.sum())
    d_owner = np.repeat(np.arange(n_c), c_ndev)
    d_slot = np.arange(n_dev) - d_start[d_owner]
    pid = person0 + np.arange(n_c)
    gacc = account0 + arange

    def random_contact(acc: np.ndarray) -> np.ndarray:
        return c_start[acc] + (rng.random(len(acc)) * size[acc]).astype(np.int64)

    def device(contact: np.ndarray) -> np.ndarray:
        slot = (rng.random(len(contact)) * c_ndev[contact]).astype(np.int64)
        return device0 + d_start[contact] + slot

    ev = EventBuffer(window)
    forced_c: list[np.ndarray] = []  # contacts known by a CRM activity / form at a time
    forced_t: list[np.ndarray] = []

    def touches(acc, contact, ts, channel, etype=None, *, service=False, mode=EMAIL_SOMETIMES,
                ref=-1, aux=None) -> int:  # fmt: skip
        if service or mode == EMAIL_ALWAYS:
            forced_c.append(contact)
            forced_t.append(np.asarray(ts, dtype=np.int64))
        dev = np.full(len(contact), DEVICE_SERVICE, np.int64) if service else device(contact)
        return ev.add(
            rng, ts, pid[contact], dev, channel, etype, account=gacc[acc], ref=ref, aux=aux,
            email_mode=EMAIL_ALWAYS if service else mode, b2b=True,
        )  # fmt: skip

    # lead nurturing: newsletters and event invitations to every known contact
    nurtured = np.flatnonzero(c_known < w1)
    span = (w1 - c_known[nurtured]) / DAY
    i, ts = window.spread(
        rng, rng.poisson(0.05 * span), c_known[nurtured], np.full(len(nurtured), w1)
    )
    who = nurtured[i]
    touches(c_acc[who], who, ts, CH["email"], mode=EMAIL_ALWAYS)
    k = rng.poisson(0.6, n)  # anonymous research by the buying group before engaging
    i, ts = window.spread(rng, k, e0 - 30 * DAY, e0)
    touches(i, random_contact(i), ts, choose(rng, AWARENESS, len(i)))

    # --- opportunity cycles --------------------------------------------------------------------
    opp_acc, opp_created, opp_closed, opp_status, opp_cents = [], [], [], [], []
    st_opp, st_stage, st_ts = [], [], []
    fb_parts: list[dict[str, np.ndarray]] = []
    n_opp = 0
    start = e0.copy()
    kind = np.zeros(n, dtype=np.int8)  # 0 new deal, 1 expansion
    parent = np.full(n, -1, dtype=np.int64)

    demo_anchors: list[dict[str, np.ndarray]] = []
    for _cycle in range(MAX_CYCLES):
        acc = np.flatnonzero(start < w1 - DAY)
        if not len(acc):
            break
        opp = opp0 + n_opp + np.arange(len(acc))  # global opportunity index
        n_opp += len(acc)
        expansion = kind[acc] == 1
        # the parent (won) deal enters "expansion" when the new deal starts
        has_parent = expansion & (parent[acc] >= 0)
        st_opp.append(parent[acc][has_parent])
        st_stage.append(np.full(int(has_parent.sum()), STAGE["expansion"]))
        st_ts.append(start[acc][has_parent])
        grow = acc[has_parent]
        touches(
            grow, c_start[grow], start[grow], CH["sales_call"], ET["expansion_call"],
            service=True, ref=parent[grow],
        )  # fmt: skip
        status = np.zeros(len(acc), dtype=np.int8)
        closed = np.full(len(acc), NEVER, dtype=np.int64)
        last = start[acc].copy()
        for is_exp, seq in ((False, NEW_DEAL), (True, EXPANSION_DEAL)):
            sel = np.flatnonzero(expansion == is_exp)
            if not len(sel):
                continue
            s_status, s_closed, s_last = _progress(
                rng, window, acc[sel], opp[sel], start[acc[sel]], seq,
                P_WIN["expansion" if is_exp else "new"], st_opp, st_stage, st_ts, touches,
                random_contact, c_start, demo_anchors,
            )  # fmt: skip
            status[sel], closed[sel], last[sel] = s_status, s_closed, s_last
        base = BAND_DEAL_EUR[band[acc]] * rng.lognormal(0.0, 0.45, len(acc))
        base = np.where(expansion, base * rng.uniform(0.25, 0.6, len(acc)), base)
        cents = np.rint(base * FX[currency[acc]] / 100.0).astype(np.int64) * 10_000
        opp_acc.append(acc)
        opp_created.append(start[acc])
        opp_closed.append(closed)
        opp_status.append(status)
        opp_cents.append(np.maximum(cents, 10_000))

        # won deals: onboarding sessions, product usage, NPS, maybe advocacy and expansion
        won = np.flatnonzero(status == WON)
        wacc, wopp = acc[won], opp[won]
        t_on = closed[won] + (rng.uniform(7, 21, len(won)) * DAY).astype(np.int64)
        ok = t_on < w1
        won, wacc, wopp, t_on = won[ok], wacc[ok], wopp[ok], t_on[ok]
        st_opp.append(wopp)
        st_stage.append(np.full(len(won), STAGE["onboarding"]))
        st_ts.append(t_on)
        k = rng.integers(2, 5, len(won))
        widx, ts = window.spread(rng, k, t_on, t_on + 14 * DAY)
        first_of = starts(k)
        who = random_contact(wacc[widx])
        ts[first_of] = t_on
        first_ev = touches(
            wacc[widx], who, ts, CH["webinar"], ET["onboarding_session"], service=True,
            ref=wopp[widx],
        )  # fmt: skip
        # product usage by the buying group after onboarding
        members = np.flatnonzero(np.isin(c_acc, wacc) & (rng.random(n_c) < 0.8))
        m_on = np.full(n, NEVER, dtype=np.int64)
        m_on[wacc] = t_on
        lo = m_on[c_acc[members]]
        span = np.maximum(w1 - lo, 0) / DAY
        midx, ts = window.spread(rng, rng.poisson(0.05 * span), lo, np.full(len(members), w1))
        usage = members[midx]
        is_app = rng.random(len(usage)) < 0.6
        touches(
            c_acc[usage], usage, ts, np.where(is_app, CH["app"], CH["direct"]),
            np.where(is_app, ET["app_session"], ET["login"]),
        )  # fmt: skip
        # NPS / CSAT of the first onboarding participant
        resp = np.flatnonzero(rng.random(len(won)) < 0.4)
        r_contact = who[first_of[resp]]
        r_ts = t_on[resp] + (rng.uniform(3, 20, len(resp)) * DAY).astype(np.int64)
        survey = np.where(rng.random(len(resp)) < 0.6, fb.NPS, fb.CSAT)
        zeros = np.zeros(len(resp), bool)
        issue = onboarding_issue[wacc[resp]]
        score = fb.scores(rng, survey, late=zeros, refund=zeros, support=zeros, issue=issue)
        ok = r_ts < w1
        fb_parts.append({
            "owner": wacc[resp][ok], "contact": r_contact[ok], "ts": r_ts[ok],
            "survey": survey[ok], "score": score[ok], "issue": issue[ok],
            "event_local": (first_ev + first_of[resp])[ok], "anchor_ts": t_on[resp][ok],
        })  # fmt: skip
        detractor = np.zeros(len(won), bool)
        promoter = np.zeros(len(won), bool)
        detractor[resp[ok]] = fb.detractor(survey, score)[ok]
        promoter[resp[ok]] = fb.promoter(survey, score)[ok]
        # advocacy
        adv = np.flatnonzero(rng.random(len(won)) < np.where(promoter, 0.5, 0.12))
        t_adv = t_on[adv] + (rng.uniform(30, 150, len(adv)) * DAY).astype(np.int64)
        ok = t_adv < w1
        adv, t_adv = adv[ok], t_adv[ok]
        st_opp.append(wopp[adv])
        st_stage.append(np.full(len(adv), STAGE["advocacy"]))
        st_ts.append(t_adv)
        review = rng.random(len(adv)) < 0.5
        touches(
            wacc[adv], random_contact(wacc[adv]), t_adv,
            np.where(review, CH["review_site"], CH["referral"]),
            np.where(review, ET["review_posted"], ET["referral_sent"]),
            mode=EMAIL_ALWAYS, aux=rng.integers(4, 6, len(adv)).astype(np.int32),
        )  # fmt: skip
        # next cycle: expansion after a win (rarely after a bad NPS), re-engagement after a loss
        nxt_start = np.full(n, NEVER, dtype=np.int64)
        nxt_kind = np.zeros(n, dtype=np.int8)
        nxt_parent = np.full(n, -1, dtype=np.int64)
        grow = rng.random(len(won)) < np.where(detractor, 0.1, 0.45)
        g = won[grow]
        nxt_start[acc[g]] = t_on[grow] + (rng.uniform(60, 200, len(g)) * DAY).astype(np.int64)
        nxt_kind[acc[g]] = 1
        nxt_parent[acc[g]] = opp[g]
        lost = np.flatnonzero((status == LOST) & (rng.random(len(acc)) < 0.3))
        nxt_start[acc[lost]] = closed[lost] + (rng.uniform(60, 180, len(lost)) * DAY).astype(
            np.int64
        )
        start, kind, parent = nxt_start, nxt_kind, nxt_parent

    # CSAT after product demos
    if demo_anchors:
        a = {k: np.concatenate([d[k] for d in demo_anchors]) for k in demo_anchors[0]}
        m = len(a["acc"])
        r_ts = a["anchor_ts"] + (rng.uniform(0.5, 3, m) * DAY).astype(np.int64)
        survey = np.full(m, fb.CSAT)
        zeros = np.zeros(m, bool)
        score = fb.scores(rng, survey, late=zeros, refund=zeros, support=zeros,
                          issue=rng.random(m) < 0.1)  # fmt: skip
        ok = r_ts < w1
        fb_parts.append({
            "owner": a["acc"][ok], "contact": a["contact"][ok], "ts": r_ts[ok],
            "survey": survey[ok], "score": score[ok], "issue": zeros[ok],
            "event_local": a["event_local"][ok], "anchor_ts": a["anchor_ts"][ok],
        })  # fmt: skip

    # --- identification: form fills and CRM activities make a contact known ---------------------
    if forced_c:
        np.minimum.at(c_known, np.concatenate(forced_c), np.concatenate(forced_t))
    d_known = np.where(
        d_slot == 0,
        c_known[d_owner],
        np.where(
            rng.random(n_dev) < 0.6,
            c_known[d_owner] + (rng.exponential(30.0, n_dev) * DAY).astype(np.int64),
            NEVER,
        ),
    )
    d_known = np.minimum(d_known, NEVER)

    cols = ev.columns()
    contact = cols["person"] - person0
    dev = cols["device"]
    known_at = np.where(
        dev >= 0, d_known[np.clip(dev - device0, 0, max(n_dev - 1, 0))], c_known[contact]
    )
    known = cols["ts"] >= known_at
    person_known = cols["ts"] >= c_known[contact]
    mode = cols["email_mode"]
    cols["customer"] = np.zeros(len(mode), dtype=bool)
    cols["email"] = person_known & (
        (mode == EMAIL_ALWAYS) | ((mode == EMAIL_SOMETIMES) & known & (rng.random(len(mode)) < 0.5))
    )
    # known visitors carry the account; anonymous ones half of the time (reverse-IP lookup)
    cols["account"] = np.where(known | (rng.random(len(mode)) < 0.5), cols["account"], -1).astype(
        np.int32
    )
    owner = c_acc[contact]
    cols["owner"] = owner
    cols["local"] = np.arange(len(mode), dtype=np.int64)

    # --- tables --------------------------------------------------------------------------------
    o_acc = np.concatenate(opp_acc) if opp_acc else np.empty(0, np.int64)
    opportunities = {
        "owner": o_acc,
        "index": opp0 + np.arange(len(o_acc)),
        "account": account0 + o_acc,
        "created": np.concatenate(opp_created) if opp_acc else np.empty(0, np.int64),
        "closed": np.concatenate(opp_closed) if opp_acc else np.empty(0, np.int64),
        "status": np.concatenate(opp_status) if opp_acc else np.empty(0, np.int8),
        "cents": np.concatenate(opp_cents) if opp_acc else np.empty(0, np.int64),
        "currency": currency[o_acc],
    }
    s_opp = np.concatenate(st_opp).astype(np.int64)
    s_ts = np.concatenate(st_ts).astype(np.int64)
    s_stage = np.concatenate(st_stage).astype(np.int8)
    order = np.lexsort((s_ts, s_opp))
    s_opp, s_ts, s_stage = s_opp[order], s_ts[order], s_stage[order]
    first = np.searchsorted(s_opp, s_opp, side="left")
    stages = {
        "owner": opportunities["owner"][s_opp - opp0] if len(s_opp) else np.empty(0, np.int64),
        "id": s_opp * 16 + (np.arange(len(s_opp)) - first),
        "opp": s_opp,
        "stage": s_stage,
        "ts": s_ts,
    }
    in_crm = c_known < w1
    contacts = {
        "owner": c_acc,
        "person": pid,
        "account": account0 + c_acc,
        "first": rng.integers(0, len(FIRST_NAMES), n_c).astype(np.int16),
        "last": rng.integers(0, len(LAST_NAMES), n_c).astype(np.int16),
        "title": title.astype(np.int16),
        "decision": decision,
        "phone": rng.integers(10_000_000, 99_999_999, n_c),
        "created": np.where(in_crm, c_known, -1),
        "in_crm": in_crm,
        "known": c_known,
    }
    accounts = {
        "owner": arange,
        "index": gacc,
        "word": rng.integers(0, len(COMPANY_WORDS), n).astype(np.int16),
        "kind": rng.integers(0, len(COMPANY_KINDS), n).astype(np.int16),
        "legal": rng.integers(0, len(LEGAL_FORMS), n).astype(np.int16),
        "industry": rng.integers(0, len(INDUSTRIES), n).astype(np.int16),
        "band": band.astype(np.int8),
        "country": country.astype(np.int8),
        "created": np.minimum(created, w1 - DAY),
        "german": german,
    }
    feedback = _feedback(rng, fb_parts, c_known, pid, person0, account0, german, onboarding_issue)
    cols["ts"] = window.warp(cols["ts"])
    for table, keys in (
        (opportunities, ("created", "closed")),
        (stages, ("ts",)),
        (contacts, ("created", "known")),
        (accounts, ("created",)),
        (feedback, ("ts", "anchor_ts")),
    ):
        for k in keys:
            table[k] = window.warp(table[k])
    return {
        "events": cols,
        "accounts": accounts,
        "contacts": contacts,
        "opportunities": opportunities,
        "stages": stages,
        "feedback": feedback,
        "devices": {"owner": c_acc[d_owner]},
    }


def _progress(rng, window, acc, opp, start, seq, p_win, st_opp, st_stage, st_ts, touches,
              random_contact, c_start, anchors):  # fmt: skip
    """Walk deals through the stages; returns (status, closed_at, last stage time)."""
    w1 = window.end
    k = len(acc)
    t = start.copy()
    alive = np.ones(k, dtype=bool)
    stalled_at = np.full(k, NEVER, dtype=np.int64)
    for step, (stage, p_adv, mean_days) in enumerate(seq):
        if step == 0:
            moved = alive.copy()
            prev = t.copy()
        else:
            go = alive & (rng.random(k) < p_adv)
            t_next = t + (rng.gamma(2.0, mean_days / 2.0, k) * DAY).astype(np.int64)
            stall = alive & ~go
            stalled_at[stall] = t[stall]
            moved = go & (t_next < w1)
            prev = t.copy()
            t = np.where(moved, t_next, t)
            alive = moved
        idx = np.flatnonzero(moved)
        st_opp.append(opp[idx])
        st_stage.append(np.full(len(idx), STAGE[stage]))
        st_ts.append(t[idx])
        _stage_touches(rng, window, stage, acc[idx], opp[idx], t[idx], prev[idx], touches,
                       random_contact, c_start, anchors)  # fmt: skip
    t_close = t + (rng.gamma(2.0, 8.0, k) * DAY).astype(np.int64)
    closing = alive & (t_close < w1)
    won = closing & (rng.random(k) < p_win)
    lost_at = np.where(
        closing & ~won,
        t_close,
        stalled_at + (rng.uniform(14, 60, k) * DAY).astype(np.int64),
    )
    # a stalled deal is usually closed as lost weeks later; some linger open in the pipeline
    lingers = (stalled_at < NEVER) & (stalled_at > w1 - 240 * DAY) & (rng.random(k) < 0.35)
    lost = ~won & (lost_at < w1) & (closing | ((stalled_at < NEVER) & ~lingers))
    status = np.where(won, WON, np.where(lost, LOST, OPEN)).astype(np.int8)
    closed = np.where(won, t_close, np.where(lost, lost_at, NEVER))
    for code, mask in ((STAGE["closed_won"], won), (STAGE["closed_lost"], lost)):
        idx = np.flatnonzero(mask)
        st_opp.append(opp[idx])
        st_stage.append(np.full(len(idx), code))
        st_ts.append(closed[idx])
    return status, closed, t


def _stage_touches(rng, window, stage, acc, opp, t, prev, touches, random_contact, c_start,
                   anchors):  # fmt: skip
    """Touchpoints of the buying group leading into a stage entry."""
    n = len(acc)
    if not n:
        return
    dm = c_start[acc]  # the first contact is a decision maker
    if stage == "engaged":
        k = 2 + rng.poisson(3.0, n)
        i, ts = window.spread(rng, k, t - 21 * DAY, t)
        touches(acc[i], random_contact(acc[i]), ts, choose(rng, AWARENESS, len(i)))
    elif stage == "mql":
        k = 1 + rng.poisson(2.0, n)
        i, ts = window.spread(rng, k, prev, t)
        channel = choose(rng, NURTURE, len(i))
        touches(acc[i], random_contact(acc[i]), ts, channel)
        touches(acc, random_contact(acc), t, choose(rng, FORM, n), ET["signup"], mode=EMAIL_ALWAYS)
    elif stage == "sql":
        touches(acc, random_contact(acc), t, CH["demo"], ET["demo_requested"], mode=EMAIL_ALWAYS)
        k = rng.integers(1, 3, n)
        i, ts = window.spread(rng, k, prev, t)
        touches(acc[i], random_contact(acc[i]), ts, CH["organic_search"], ET["page_view"],
                aux=np.zeros(len(i), np.int32))  # fmt: skip
    elif stage == "opportunity":
        k = rng.integers(2, 5, n)
        i, ts = window.spread(rng, k, t, t + 2 * HOUR)
        who = random_contact(acc[i])
        first = touches(acc[i], who, ts, CH["demo"], ET["demo_held"], service=True, ref=opp[i])
        # some attendees rate the demo (CSAT)
        g = starts(k)[rng.random(n) < 0.25]
        anchors.append({"acc": acc[i[g]], "contact": who[g], "event_local": first + g,
                        "anchor_ts": ts[g]})  # fmt: skip
        call = np.flatnonzero(rng.random(n) < 0.5)
        i, ts = window.spread(rng, np.ones(len(call), np.int64), prev[call], t[call])
        touches(acc[call], random_contact(acc[call]), ts, CH["sales_call"], ET["sales_call"],
                service=True, ref=opp[call])  # fmt: skip
    elif stage == "proposal":
        touches(acc, dm, t, CH["sales_call"], ET["proposal_sent"], service=True, ref=opp)
        i, ts = window.spread(rng, np.ones(n, np.int64), prev, t)
        touches(acc, random_contact(acc), ts, CH["sales_call"], ET["sales_call"], service=True,
                ref=opp)  # fmt: skip
    elif stage == "negotiation":
        k = rng.integers(1, 4, n)
        i, ts = window.spread(rng, k, prev, t)
        who = np.where(rng.random(len(i)) < 0.6, dm[i], random_contact(acc[i]))
        touches(acc[i], who, ts, CH["sales_call"], ET["sales_call"], service=True, ref=opp[i])


def _feedback(rng, parts, c_known, pid, person0, account0, german, onboarding_issue):
    keys = ("owner", "contact", "ts", "survey", "score", "issue", "event_local", "anchor_ts")
    f = {k: np.concatenate([p[k] for p in parts]) if parts else np.empty(0, np.int64) for k in keys}
    n_f = len(f["ts"])
    g = german[f["owner"]] if n_f else np.empty(0, bool)
    zeros = np.zeros(n_f, bool)
    text = fb.texts(
        rng, f["survey"], f["score"], g, late=zeros, refund=zeros, support=zeros,
        app_issue=zeros, onboarding_issue=f["issue"].astype(bool),
    )  # fmt: skip
    return {
        "owner": f["owner"],
        "local": np.arange(n_f, dtype=np.int64),
        "ts": f["ts"],
        "survey": f["survey"].astype(np.int8),
        "score": f["score"].astype(np.int16),
        "person": pid[f["contact"]] if n_f else np.empty(0, np.int64),
        "customer": zeros,
        "device": np.full(n_f, -1, dtype=np.int64),
        "account": (account0 + f["owner"]).astype(np.int32),
        "contact": f["contact"],
        "event_local": f["event_local"],
        "anchor_ts": f["anchor_ts"],
        "order": np.full(n_f, -1, dtype=np.int64),
        "channel": np.full(n_f, CH["email"], dtype=np.int8),
        "german": g,
        "text": text,
        "local_tz": zeros,
    }
