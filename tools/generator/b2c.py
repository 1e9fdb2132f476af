"""B2C customers: devices, identification, BG/NBD purchases, refunds, support, feedback, events.

One call simulates a chunk of people with whole-array numpy operations. Every table it returns
has an ``owner`` column (chunk-local person) so that the caller can keep a prefix of the people
when the event budget is reached.
"""

from __future__ import annotations

import numpy as np

from . import feedback as fb
from .events import (
    CAMPAIGN_VARIANTS,
    CAMPAIGN_WINBACK,
    DEVICE_SERVICE,
    EMAIL_ALWAYS,
    EMAIL_SOMETIMES,
    EventBuffer,
)
from .timeline import DAY, HOUR, MINUTE, Window, choose, rng_for, starts
from .vocab import (
    ACQUISITION,
    ANON_SAFE,
    BROWSE,
    CH,
    CUR,
    ET,
    FIRST_NAMES,
    LAST_NAMES,
    MAIL_DOMAINS,
    ORDER_CHANNEL,
    OWNED,
    PATH,
    REFUND_REASON_P,
    REFUND_REASONS,
)

NEVER = np.iinfo(np.int64).max // 4

# --- model parameters (documented in docs/generator.md) ---------------------------------------
P_CONVERTER = 0.33  # people who buy at least once (if the window leaves them time to)
P_SIGNUP_ONLY = 0.14  # register but never buy
BGNBD_R, BGNBD_ALPHA = 0.55, 55.0  # purchase rate per day ~ Gamma(r, rate alpha)
BGNBD_A, BGNBD_B = 0.9, 3.0  # dropout probability after each purchase ~ Beta(a, b)
GG_P, GG_Q, GG_GAMMA = 5.0, 3.5, 45.0  # spend per order ~ Gamma(p, nu), nu ~ Gamma(q, gamma)
MAX_ORDERS = 40
P_REACTIVATE = 0.15
FX = np.array([1.0, 1.1, 0.85, 0.95])  # per CURRENCIES: EUR, USD, GBP, CHF
EST_EVENTS_PER_PERSON = 11.0


def simulate(
    window: Window, seed: int, chunk: int, n: int, person0: int, device0: int, order0: int
) -> dict[str, dict[str, np.ndarray]]:
    rng = rng_for(seed, "b2c", chunk)
    w1 = window.end
    arange = np.arange(n)

    # --- people and devices ---------------------------------------------------------------
    t0 = window.sample_times(rng, n)
    german = rng.random(n) < 0.4
    currency = np.where(
        german,
        CUR["EUR"],
        rng.choice([CUR["EUR"], CUR["GBP"], CUR["CHF"], CUR["USD"]], n, p=[0.72, 0.14, 0.08, 0.06]),
    ).astype(np.int8)
    ndev = rng.choice([1, 2, 3], n, p=[0.5, 0.33, 0.17])
    dev_start = starts(ndev)  # chunk-local
    n_dev = int(ndev.sum())
    dev_owner = np.repeat(arange, ndev)
    dev_slot = np.arange(n_dev) - dev_start[dev_owner]

    def device_of(person: np.ndarray, slot: np.ndarray) -> np.ndarray:
        return device0 + dev_start[person] + slot

    def any_slot(person: np.ndarray) -> np.ndarray:
        # the first device (laptop / main browser) is used most
        u = rng.random(len(person))
        slot = np.where(u < 0.55, 0, (rng.random(len(person)) * ndev[person]).astype(np.int64))
        return device_of(person, np.minimum(slot, ndev[person] - 1))

    u = rng.random(n)
    converter = u < P_CONVERTER
    signup_only = (u >= P_CONVERTER) & (u < P_CONVERTER + P_SIGNUP_ONLY)
    t1 = t0 + (rng.gamma(1.3, 5.0, n) * DAY + 10 * MINUTE).astype(np.int64)
    converter &= t1 < w1

    # identification: at checkout (sign-up during the first order) or earlier
    t_id = np.full(n, NEVER, dtype=np.int64)
    checkout_signup = t1 - rng.integers(2 * MINUTE, 20 * MINUTE, n)
    early = t0 + (rng.random(n) * (t1 - t0)).astype(np.int64)
    t_id = np.where(converter, np.where(rng.random(n) < 0.35, early, checkout_signup), t_id)
    t_id = np.where(converter, np.maximum(t_id, t0), t_id)
    later = t0 + (rng.exponential(5.0, n) * DAY).astype(np.int64)
    t_id = np.where(signup_only & (later < w1), later, t_id)
    identified = t_id < NEVER

    # --- purchases: BG/NBD process from the first purchase ----------------------------------
    cv = np.flatnonzero(converter)
    m = len(cv)
    lam = rng.gamma(BGNBD_R, 1.0 / BGNBD_ALPHA, m)
    p_drop = rng.beta(BGNBD_A, BGNBD_B, m)
    gaps = rng.exponential(1.0, (m, MAX_ORDERS - 1)) / np.maximum(lam, 1e-9)[:, None] * DAY
    times = np.empty((m, MAX_ORDERS))
    times[:, 0] = t1[cv]
    times[:, 1:] = t1[cv, None] + np.cumsum(gaps, axis=1)
    alive_for = rng.geometric(p_drop)  # purchases before the customer silently drops out
    col = np.arange(MAX_ORDERS)
    valid = (col[None, :] < alive_for[:, None]) & (times < w1)
    rows, cols = np.nonzero(valid)
    o_person = cv[rows]
    o_ts = times[rows, cols].astype(np.int64)
    o_react = np.zeros(len(rows), dtype=bool)
    # churned customers (dropped out well before the end): some are won back later
    last_idx = np.minimum(alive_for, MAX_ORDERS) - 1
    last_ts = times[np.arange(m), last_idx]
    dropped = (alive_for < MAX_ORDERS) & (last_ts < w1)
    back = dropped & (rng.random(m) < P_REACTIVATE)
    t_back = last_ts + rng.uniform(90, 200, m) * DAY
    back &= t_back < w1
    t_back2 = t_back + (1 + rng.exponential(30.0, m)) * DAY
    second = back & (rng.random(m) < 0.4) & (t_back2 < w1)
    o_person = np.concatenate([o_person, cv[back], cv[second]])
    o_ts = np.concatenate([o_ts, t_back[back].astype(np.int64), t_back2[second].astype(np.int64)])
    o_react = np.concatenate([o_react, np.ones(back.sum(), bool), np.zeros(second.sum(), bool)])
    # no order in the first minutes of the window: its purchase event would fall before it
    early_in_window = (o_ts >= window.start) & (o_ts < window.start + 2 * MINUTE)
    o_ts = np.where(early_in_window, window.start + 2 * MINUTE, o_ts)
    order = np.lexsort((o_ts, o_person))
    o_person, o_ts, o_react = o_person[order], o_ts[order], o_react[order]
    n_o = len(o_person)

    # --- order attributes -------------------------------------------------------------------
    o_channel = choose(rng, ORDER_CHANNEL, n_o).astype(np.int8)
    store = o_channel == CH["store"]
    app = o_channel == CH["app"]
    slot = np.where(
        store, 0, np.where(app, ndev[o_person] - 1, (rng.random(n_o) * ndev[o_person]).astype(int))
    )
    o_device = device_of(o_person, slot)
    nu = rng.gamma(GG_Q, 1.0 / GG_GAMMA, n)  # per-person spend "rate" (Gamma-Gamma)
    spend = rng.gamma(GG_P, 1.0 / nu[o_person])
    o_cur = currency[o_person]
    o_cents = np.maximum(100, np.rint(spend * FX[o_cur] * 100)).astype(np.int64)
    o_items = np.minimum(20, 1 + rng.poisson(spend / 60.0)).astype(np.int64)
    late = ~store & (rng.random(n_o) < 0.10)
    refund = rng.random(n_o) < 0.035 + 0.15 * late
    support = rng.random(n_o) < 0.05 + 0.35 * late + 0.4 * refund
    app_issue = app & (rng.random(n_o) < 0.12)
    support_ts = o_ts + np.where(late, rng.uniform(6, 14, n_o), rng.uniform(1, 8, n_o)) * DAY
    support_ts = support_ts.astype(np.int64)
    support_call = rng.random(n_o) < 0.45

    # --- feedback about an order or a support contact -------------------------------------------
    n_orders = np.bincount(o_person, minlength=n)
    first_order = starts(n_orders)
    resp = np.flatnonzero(converter & (rng.random(n) < 0.2))
    oi = first_order[resp] + (rng.random(len(resp)) * n_orders[resp]).astype(np.int64)
    on_support = support[oi] & (rng.random(len(resp)) < 0.55)
    survey = np.where(on_support, fb.CES, np.where(rng.random(len(resp)) < 0.55, fb.NPS, fb.CSAT))
    r_ts = np.where(
        on_support,
        support_ts[oi] + rng.integers(HOUR, 48 * HOUR, len(resp)),
        o_ts[oi] + (np.where(late[oi], rng.uniform(9, 16, len(resp)), rng.uniform(3, 10, len(resp)))
                    * DAY).astype(np.int64),
    )  # fmt: skip
    ok = r_ts < w1
    resp, oi, on_support, survey, r_ts = resp[ok], oi[ok], on_support[ok], survey[ok], r_ts[ok]
    score = fb.scores(
        rng,
        survey,
        late=late[oi],
        refund=refund[oi],
        support=support[oi],
        issue=app_issue[oi],
    )
    # detractors churn more often: their later orders never happen
    churn = fb.detractor(survey, score) & (rng.random(len(resp)) < 0.6)
    cut = np.full(n, NEVER, dtype=np.int64)
    cut[resp[churn]] = r_ts[churn]
    keep = o_ts <= cut[o_person]
    new_index = np.cumsum(keep) - 1
    oi = new_index[oi]

    def kept(a: np.ndarray) -> np.ndarray:
        return a[keep]

    o_person, o_ts, o_react, o_channel, o_device, o_cur, o_cents, o_items = map(
        kept, (o_person, o_ts, o_react, o_channel, o_device, o_cur, o_cents, o_items)
    )
    store, app, late, refund, support, app_issue = map(
        kept, (store, app, late, refund, support, app_issue)
    )
    support_ts, support_call = kept(support_ts), kept(support_call)
    n_o = len(o_person)
    o_global = order0 + np.arange(n_o)
    n_orders = np.bincount(o_person, minlength=n)
    last_order_ts = np.full(n, NEVER, dtype=np.int64)
    last_order_ts[o_person] = o_ts  # sorted by time within person: the last write wins

    # --- device identification times -----------------------------------------------------------
    dev_known = np.full(n_dev, NEVER, dtype=np.int64)
    first_dev = dev_start[identified]
    dev_known[first_dev] = t_id[identified]
    other = (dev_slot > 0) & identified[dev_owner] & (rng.random(n_dev) < 0.7)
    dev_known[other] = t_id[dev_owner[other]] + (
        rng.exponential(20.0, int(other.sum())) * DAY
    ).astype(np.int64)
    # a device an order is placed on is logged in by then
    login_at = np.maximum(o_ts - rng.integers(MINUTE, 10 * MINUTE, n_o), t_id[o_person])
    np.minimum.at(dev_known, o_device - device0, login_at)

    ev = EventBuffer(window)
    pid = person0 + arange  # global person ids

    def owned_to_paid(channel: np.ndarray, person: np.ndarray, ts: np.ndarray) -> np.ndarray:
        """Owned messaging (e-mail, SMS, push) needs an opt-in: unknown people get ads instead."""
        bad = np.isin(channel, OWNED) & (ts < t_id[person])
        channel = channel.copy()
        channel[bad] = choose(rng, ANON_SAFE, int(bad.sum()))
        return channel

    # 1. acquisition: first touch at t0, then a few more touches within ten days
    k = 1 + rng.poisson(1.5, n)
    who, ts = window.spread(rng, k, t0, t0 + 10 * DAY)
    firsts = starts(k)
    ts[firsts] = t0
    channel = choose(rng, PATH, len(who))
    channel[firsts] = choose(rng, ACQUISITION, n)
    channel = owned_to_paid(channel, who, ts)
    device = any_slot(who)
    device[firsts] = device_of(arange, np.zeros(n, dtype=np.int64))
    ev.add(rng, ts, pid[who], device, channel, local_tz=channel == CH["store"])

    # 2. browsing (consideration) and abandoned carts
    browsers = rng.random(n) < 0.6
    who, ts = window.spread(rng, rng.poisson(3.0, n) * browsers, t0, t0 + 30 * DAY)
    channel = owned_to_paid(choose(rng, BROWSE, len(who)), who, ts)
    ev.add(rng, ts, pid[who], any_slot(who), channel)
    carts = np.flatnonzero(rng.random(n) < 0.25)
    ts = t0[carts] + (rng.random(len(carts)) * 20 * DAY).astype(np.int64)
    device = any_slot(carts)
    ev.add(rng, ts, pid[carts], device, CH["direct"], ET["add_to_cart"])
    half = rng.random(len(carts)) < 0.5
    ev.add(
        rng, ts[half] + rng.integers(MINUTE, 15 * MINUTE, int(half.sum())), pid[carts[half]],
        device[half], CH["direct"], ET["checkout_start"],
    )  # fmt: skip

    # 3. sign-up on the first device, 4. logins on further devices
    ids = np.flatnonzero(identified)
    channel = np.where(rng.random(len(ids)) < 0.7, CH["direct"], CH["app"])
    ev.add(
        rng, t_id[ids], pid[ids], device_of(ids, np.zeros(len(ids), dtype=np.int64)), channel,
        ET["signup"], email_mode=EMAIL_ALWAYS,
    )  # fmt: skip
    logins = np.flatnonzero((dev_slot > 0) & (dev_known < w1))
    owner = dev_owner[logins]
    is_app = (dev_slot[logins] == ndev[owner] - 1) & (ndev[owner] > 1)
    ev.add(
        rng, dev_known[logins], pid[owner], device0 + logins,
        np.where(is_app, CH["app"], CH["direct"]), ET["login"],
    )  # fmt: skip

    # 5. marketing path before every order
    k = 1 + rng.poisson(2.2, n_o)
    lo = np.maximum(t0[o_person], o_ts - 10 * DAY)
    hi = np.maximum(o_ts - 30 * MINUTE, lo + 1)
    oidx, ts = window.spread(rng, k, lo, hi)
    who = o_person[oidx]
    channel = owned_to_paid(choose(rng, PATH, len(oidx)), who, ts)
    ev.add(rng, ts, pid[who], any_slot(who), channel)
    wb = np.flatnonzero(o_react)  # win-back e-mail before a reactivation order
    ts = o_ts[wb] - (rng.uniform(1, 4, len(wb)) * DAY).astype(np.int64)
    ev.add(
        rng, ts, pid[o_person[wb]], any_slot(o_person[wb]), CH["email"], ET["email_click"],
        email_mode=EMAIL_ALWAYS,
        campaign=window.month_of(ts) * CAMPAIGN_VARIANTS + CAMPAIGN_WINBACK,
    )  # fmt: skip

    # 6. the buying session: product views, cart, checkout, purchase (store: a visit)
    web = np.flatnonzero(~store)
    k = 1 + rng.poisson(1.0, len(web))
    widx, ts = window.spread(rng, k, o_ts[web] - 40 * MINUTE, o_ts[web] - 5 * MINUTE)
    o = web[widx]
    ev.add(rng, ts, pid[o_person[o]], o_device[o], o_channel[o], ET["product_view"])
    for etype, lo_s, hi_s in (
        ("add_to_cart", 3 * MINUTE, 20 * MINUTE),
        ("checkout_start", 60, 170),
    ):
        ts = o_ts[web] - rng.integers(lo_s, hi_s, len(web))
        ev.add(rng, ts, pid[o_person[web]], o_device[web], o_channel[web], ET[etype])
    st = np.flatnonzero(store)
    ts = o_ts[st] - rng.integers(5 * MINUTE, 40 * MINUTE, len(st))
    ev.add(rng, ts, pid[o_person[st]], o_device[st], CH["store"], ET["store_visit"], local_tz=True)
    ts = o_ts - rng.integers(5, 55, n_o)
    ev.add(
        rng, ts, pid[o_person], o_device, o_channel, ET["purchase"], ref=o_global,
        local_tz=store,
    )  # fmt: skip

    # 7. retention: logins, app sessions, push and newsletter opens while the person is active
    active_end = np.where(
        n_orders > 0,
        np.minimum(last_order_ts + 60 * DAY, w1),
        np.minimum(t_id + 45 * DAY, w1),
    )
    span = np.where(identified, np.maximum(active_end - t_id, 0), 0) / DAY
    rate = np.where(n_orders > 0, 0.08, 0.05)
    who, ts = window.spread(rng, rng.poisson(rate * span), t_id, active_end)
    kind = rng.choice(4, len(who), p=[0.2, 0.45, 0.15, 0.2])
    channel = np.array([CH["direct"], CH["app"], CH["push"], CH["email"]])[kind]
    etype = np.array([ET["login"], ET["app_session"], ET["push_open"], ET["email_open"]])[kind]
    app_dev = device_of(who, ndev[who] - 1)
    device = np.where(kind == 1, app_dev, any_slot(who))
    ev.add(
        rng, ts, pid[who], device, channel, etype,
        email_mode=np.where(kind == 3, EMAIL_ALWAYS, EMAIL_SOMETIMES),
        local_tz=(kind == 1) & german[who] & (rng.random(len(who)) < 0.5),
    )  # fmt: skip

    # 8. support contacts (call: contact-centre id; chat: on the main device)
    sup = np.flatnonzero(support & (support_ts < w1))
    call = support_call[sup]
    topic = np.where(late[sup], 0, np.where(refund[sup], 1, 2))
    wait = np.where(call, rng.gamma(2.0, 6.0, len(sup)), rng.gamma(1.5, 2.0, len(sup)))
    sup_first = ev.add(
        rng, support_ts[sup], pid[o_person[sup]],
        np.where(call, DEVICE_SERVICE, device_of(o_person[sup], np.zeros(len(sup), dtype=int))),
        np.where(call, CH["contact_center_call"], CH["contact_center_chat"]),
        np.where(call, ET["support_call"], ET["support_chat"]),
        ref=o_global[sup], aux=topic * 1000 + np.minimum(wait, 999).astype(np.int32),
    )  # fmt: skip
    support_event = np.full(n_o, -1, dtype=np.int64)
    support_event[sup] = sup_first + np.arange(len(sup))

    # 9. feedback anchors for people without orders: app survey (known) / site survey (anonymous)
    app_resp = np.flatnonzero(signup_only & identified & (rng.random(n) < 0.06))
    a_ts = t_id[app_resp] + (rng.uniform(0.1, 30, len(app_resp)) * DAY).astype(np.int64)
    ok = a_ts < w1 - HOUR
    app_resp, a_ts = app_resp[ok], a_ts[ok]
    crashed = rng.random(len(app_resp)) < 0.4
    app_first = ev.add(
        rng, a_ts, pid[app_resp], device_of(app_resp, ndev[app_resp] - 1), CH["app"],
        ET["app_session"], aux=crashed.astype(np.int32),
    )  # fmt: skip
    site_resp = np.flatnonzero(~identified & (rng.random(n) < 0.025))
    s_ts = t0[site_resp] + rng.integers(MINUTE, 2 * DAY, len(site_resp))
    ok = s_ts < w1 - HOUR
    site_resp, s_ts = site_resp[ok], s_ts[ok]
    site_device = device_of(site_resp, np.zeros(len(site_resp), dtype=np.int64))
    site_first = ev.add(rng, s_ts, pid[site_resp], site_device, CH["direct"], ET["page_view"])

    # --- assemble feedback ----------------------------------------------------------------------
    f_person = np.concatenate([resp, app_resp, site_resp])
    n_f = len(f_person)
    f_survey = np.concatenate(
        [survey, np.full(len(app_resp), fb.CSAT), np.full(len(site_resp), fb.CSAT)]
    )
    a_score = fb.scores(
        rng, np.full(len(app_resp), fb.CSAT), late=np.zeros(len(app_resp)),
        refund=np.zeros(len(app_resp)), support=np.zeros(len(app_resp)), issue=crashed,
    )  # fmt: skip
    zeros = np.zeros(len(site_resp))
    s_score = fb.scores(
        rng, np.full(len(site_resp), fb.CSAT), late=zeros, refund=zeros, support=zeros,
        issue=zeros,
    )  # fmt: skip
    f_score = np.concatenate([score, a_score, s_score])
    f_ts = np.concatenate([
        r_ts,
        a_ts + rng.integers(5 * MINUTE, 2 * HOUR, len(app_resp)),
        s_ts + rng.integers(MINUTE, 10 * MINUTE, len(site_resp)),
    ])  # fmt: skip
    f_late = np.concatenate([late[oi], np.zeros(len(app_resp) + len(site_resp), bool)])
    f_refund = np.concatenate([refund[oi], np.zeros(len(app_resp) + len(site_resp), bool)])
    f_support = np.concatenate([on_support, np.zeros(len(app_resp) + len(site_resp), bool)])
    f_app = np.concatenate([app_issue[oi], crashed, np.zeros(len(site_resp), bool)])
    f_text = fb.texts(
        rng, f_survey, f_score, german[f_person], late=f_late, refund=f_refund,
        support=f_support, app_issue=f_app, onboarding_issue=np.zeros(n_f, bool),
    )  # fmt: skip
    f_event = np.concatenate([
        np.where(on_support, support_event[oi], -1),
        app_first + np.arange(len(app_resp)),
        site_first + np.arange(len(site_resp)),
    ])  # fmt: skip
    f_order = np.concatenate([
        np.where(on_support, -1, o_global[oi]), np.full(len(app_resp) + len(site_resp), -1)
    ])  # fmt: skip
    f_anchor = np.concatenate([
        np.where(on_support, support_ts[oi], o_ts[oi]), a_ts, s_ts
    ])  # fmt: skip
    f_device = np.concatenate([
        o_device[oi], device_of(app_resp, ndev[app_resp] - 1), site_device
    ])  # fmt: skip
    f_channel = np.concatenate([
        np.where(rng.random(len(resp)) < 0.8, CH["email"], CH["app"]),
        np.full(len(app_resp), CH["app"]),
        np.full(len(site_resp), CH["direct"]),
    ]).astype(np.int8)  # fmt: skip

    # 10. advocacy: referrals and reviews, likelier after a high score
    prom = fb.promoter(f_survey, f_score)
    detr = fb.detractor(f_survey, f_score)
    for etype, channel, p_prom, p_detr, p_other in (
        ("referral_sent", CH["referral"], 0.35, 0.0, 0.03),
        ("review_posted", CH["review_site"], 0.30, 0.15, 0.04),
    ):
        p = np.where(prom, p_prom, np.where(detr, p_detr, p_other))
        sel = np.flatnonzero((rng.random(n_f) < p) & identified[f_person])
        ts = f_ts[sel] + (rng.uniform(0.1, 14, len(sel)) * DAY).astype(np.int64)
        rating = np.where(
            prom[sel],
            rng.integers(4, 6, len(sel)),
            np.where(detr[sel], rng.integers(1, 3, len(sel)), rng.integers(3, 5, len(sel))),
        )
        ok = ts < w1
        sel, ts, rating = sel[ok], ts[ok], rating[ok]
        ev.add(
            rng, ts, pid[f_person[sel]], any_slot(f_person[sel]), channel, ET[etype],
            aux=rating.astype(np.int32),
        )  # fmt: skip
        # repeat buyers recommend the shop now and then, survey or not
        loyal = np.flatnonzero((n_orders >= 2) & (rng.random(n) < p_other))
        ts = last_order_ts[loyal] + (rng.uniform(3, 20, len(loyal)) * DAY).astype(np.int64)
        ok = ts < w1
        loyal, ts = loyal[ok], ts[ok]
        ev.add(
            rng, ts, pid[loyal], any_slot(loyal), channel, ET[etype],
            aux=rng.integers(3, 6, len(loyal)).astype(np.int32),
        )  # fmt: skip

    # --- identity flags per event -------------------------------------------------------------------
    cols = ev.columns()
    local_person = cols["person"] - person0
    dev = cols["device"]
    known_at = np.where(
        dev >= 0, dev_known[np.clip(dev - device0, 0, max(n_dev - 1, 0))], t_id[local_person]
    )
    cols["customer"] = cols["ts"] >= known_at
    person_known = cols["ts"] >= t_id[local_person]
    mode = cols["email_mode"]
    cols["email"] = person_known & (
        (mode == EMAIL_ALWAYS) | ((mode == EMAIL_SOMETIMES) & cols["customer"]
                                  & (rng.random(len(mode)) < 0.2))
    )  # fmt: skip
    cols["account"] = np.full(len(mode), -1, dtype=np.int32)
    cols["owner"] = local_person
    cols["local"] = np.arange(len(mode), dtype=np.int64)

    # --- tables ----------------------------------------------------------------------------------
    orders = {
        "owner": o_person,
        "index": o_global,
        "person": person0 + o_person,
        "ts": o_ts,
        "device": np.where(~store & (rng.random(n_o) < 0.9), o_device, -1),
        "email": rng.random(n_o) < 0.75,
        "currency": o_cur,
        "cents": o_cents,
        "items": o_items,
        "channel": o_channel,
        "local_tz": store,
    }
    ref = np.flatnonzero(refund)
    r_ts = o_ts[ref] + (
        np.where(late[ref], rng.uniform(8, 25, len(ref)), rng.uniform(3, 30, len(ref))) * DAY
    ).astype(np.int64)
    ok = r_ts < w1
    ref, r_ts = ref[ok], r_ts[ok]
    partial = rng.random(len(ref)) < 0.35
    share = rng.uniform(0.1, 0.9, len(ref))
    r_cents = np.where(partial, np.maximum(1, np.rint(o_cents[ref] * share)), o_cents[ref])
    reason = rng.choice(len(REFUND_REASONS), len(ref), p=REFUND_REASON_P)
    reason = np.where(
        late[ref] & (rng.random(len(ref)) < 0.6), REFUND_REASONS.index("late_delivery"), reason
    )
    refunds = {
        "owner": o_person[ref],
        "order": o_global[ref],
        "ts": r_ts,
        "currency": o_cur[ref],
        "cents": r_cents.astype(np.int64),
        "reason": reason.astype(np.int16),
    }
    feedback = {
        "owner": f_person,
        "local": np.arange(n_f, dtype=np.int64),
        "ts": f_ts,
        "survey": f_survey.astype(np.int8),
        "score": f_score,
        "person": person0 + f_person,
        "customer": f_ts >= t_id[f_person],
        "device": f_device,
        "account": np.full(n_f, -1, dtype=np.int32),
        "event_local": f_event,  # chunk-local event index or -1
        "anchor_ts": f_anchor,  # time of the order / touchpoint the response is about
        "order": f_order,
        "channel": f_channel,
        "german": german[f_person],
        "text": f_text,
        "local_tz": rng.random(n_f) < 0.1,
    }
    people = {
        "owner": arange,
        "customer": identified,
        "first": rng.integers(0, len(FIRST_NAMES), n).astype(np.int16),
        "last": rng.integers(0, len(LAST_NAMES), n).astype(np.int16),
        "number": rng.integers(0, 1000, n).astype(np.int16),
        "domain": rng.integers(0, len(MAIL_DOMAINS), n).astype(np.int16),
    }
    devices = {"owner": dev_owner}
    cols["ts"] = window.warp(cols["ts"])
    for table, keys in ((orders, ("ts",)), (refunds, ("ts",)), (feedback, ("ts", "anchor_ts"))):
        for k in keys:
            table[k] = window.warp(table[k])
    return {
        "events": cols,
        "orders": orders,
        "refunds": refunds,
        "feedback": feedback,
        "people": people,
        "devices": devices,
    }
