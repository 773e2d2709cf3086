"""Email engagement of the demo data: the optional raw table ``email_events``.

Northwind's marketing team emails the contacts who opted in: a monthly
newsletter, webinar invitations, product announcements and two nurture
sequences (six emails to a new inbound lead until sales takes over, three
after an ebook download). Every send has its ``sent`` and ``delivered`` (or
``bounce``) event, then opens, clicks, replies, unsubscribes and spam
reports at rates near published B2B benchmarks (the constants below); privacy
proxies open on delivery (Apple Mail Privacy Protection) and the link
scanners of some companies' mail gateways click every link seconds after it.

Human clicks come from the web sessions the generator already draws: a
person session whose traffic is email (utm_medium email) of a contact on the
list becomes a click on the latest matching email delivered to them, a few
seconds before the session starts, on the session's landing URL; the
session's utm_campaign becomes that email's (``plan``, ``Attribution`` in the
generator). Other human clicks have no session (a browser the site does not
know). Every draw comes from its own random stream (``Settings.rng("email",
...)``): the other files stay as they were, except the utm_campaign of the
email sessions a click explains.

The helpers and constants (string kernels, samplers, traffic sources, user
agents) are the generator's, passed in as ``kit`` (a namespace of its
globals); the rows are rendered by demo_email_render.py.
"""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np

DAY, HOUR, MINUTE = 86_400, 3_600, 60

NEWSLETTER, TRACK_A, TRACK_B, WEBINAR, PRODUCT = range(5)     # campaign kinds
# search groups of a click's session: the newsletter (utm_source newsletter),
# each nurture track, and the other HubSpot emails (utm_source hubspot)
GROUP = np.array([0, 1, 2, 3, 3])
TYPES = ["sent", "delivered", "open", "click", "bounce", "unsubscribe", "reply", "spam_report"]
SENT, DELIVERED, OPEN, CLICK, BOUNCE, UNSUBSCRIBE, REPLY, SPAM = range(8)
HUMAN, PROXY, SCANNER = range(3)

TRACK_A_EMAILS = ["Why last-touch attribution misleads", "Five B2B funnel benchmarks",
                  "Scoring leads on behaviour", "How a SaaS team found its real pipeline sources",
                  "Attribution models compared", "Book a 20-minute walkthrough"]
TRACK_A_GAP_DAYS = 12              # between two emails of the lead track; the first a day after the lead
TRACK_B_EMAILS = ["Your copy of the RevOps playbook", "Three RevOps metrics boards ask for",
                  "A funnel dashboard template"]
TRACK_B_DELAYS = np.array([10 * MINUTE, 3 * DAY, 7 * DAY])
PRODUCT_NEWS = [(0.06, "lead_scoring_v2", "Lead scoring 2.0"), (0.25, "salesforce_sync", "Two-way Salesforce sync"),
                (0.45, "funnel_analytics", "Funnel analytics"), (0.66, "markov_attribution", "Markov attribution"),
                (0.86, "pipeline_insights", "Pipeline insights")]
WEBINAR_TOPICS = ["Attribution masterclass", "Pipeline reviews that work"]
RENAME_AT = 0.5                    # the lead track's first email is renamed half-way through the window

# the mix of the audience and its behaviour (B2B benchmarks: delivery 97-98 %,
# unique opens 20-25 % without privacy-proxy opens, unique clicks 2-4 %,
# replies ~0.5 %, unsubscribes 0.2-0.5 %, spam reports 0.02-0.05 %)
OPT_IN = {"inbound": 0.60, "other": 0.25}   # contacts on the marketing list (inbound leads opt in more)
LIST_STAY_DAYS = 420               # mean stay on the list (job changes, list cleanups)
SUNSET_DAYS = 90                   # mean stay once a person's interest has ended (unengaged contacts are sunset)
GHOST_SUBSCRIBERS = 0.8            # newsletter sign-ups the CRM never got: the email tool still sends
WEBINAR_SEGMENT = 0.4              # share of the list a webinar invitation goes to
DEAD_ADDRESS = 0.006               # addresses that hard-bounce (suppressed after the first bounce)
SOFT_BOUNCE = 0.02
MPP_SHARE = 0.30                   # recipients behind Apple Mail Privacy Protection
HUMAN_OPEN = 0.33                  # open probability of a recipient of average engagement
REPEAT_OPEN = 0.35
REPEAT_CLICK = 0.25                # of the clicks with no session (a person's later sessions repeat the others)
NO_SESSION_SHARE = 0.20            # human clicks (first of a send) with no session behind them
SCANNER_ACCOUNTS = 0.02            # companies whose mail gateway follows every link
# per campaign kind (newsletter, lead track, ebook track, webinar, product news)
OPEN_FACTOR = np.array([1.0, 1.2, 1.35, 0.9, 1.05])
CLICK_FACTOR = np.array([1.0, 1.3, 1.5, 1.1, 1.0])
REPLY_RATE = np.array([0.0015, 0.011, 0.008, 0.002, 0.002])
UNSUB_RATE = np.array([0.0045, 0.0025, 0.002, 0.003, 0.003])
SPAM_RATE = np.array([0.0004, 0.0002, 0.0002, 0.0003, 0.0003])
ID_MODES = np.array([0.78, 0.10, 0.12])    # recipient given as contact id / both / email only

MAIL_AGENTS = [  # mail clients of human opens (Apple Mail on a Mac opens behind the privacy proxy)
    ("Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)", 0.38),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36", 0.26),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", 0.16),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0", 0.12),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Mobile Safari/537.36", 0.08),
]
PROXY_AGENTS = [  # Apple Mail Privacy Protection fetching the images on delivery
    ("Mozilla/5.0", 0.75),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)", 0.25),
]
SCANNER_AGENTS = [
    ("Mozilla/5.0 (compatible; Barracuda Sentinel Link Protection)", 0.25),
    ("Mimecast-URL-Protect/1.0 (+https://www.mimecast.com/)", 0.25),
    ("Mozilla/5.0 (compatible; Proofpoint URL Defense)", 0.20),
    # a scanner posing as a browser: only its timing gives it away
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", 0.30),
]


# --------------------------------------------------------------------------
# Campaigns
# --------------------------------------------------------------------------
def _month_text(day: np.ndarray) -> list[str]:
    return [str(d)[:7] for d in day.astype("datetime64[D]")]


def catalog(cal, start: int, as_of: int) -> SimpleNamespace:
    """Every email of the window (and of the 40 days before it, whose sends
    the first clicks may follow): kind, id, name, utm values, send time
    (-1 for the nurture emails, sent per person)."""
    lo, hi = start - 40 * DAY, as_of - 3 * HOUR
    rows = []                                   # kind, step, time, name, slug, source
    first = np.arange(np.datetime64(lo, "s").astype("datetime64[M]"),
                      np.datetime64(as_of, "s").astype("datetime64[M]") + 1).astype("datetime64[D]").astype(np.int64)
    tuesday = first + (1 - (first + 3) % 7) % 7 + 7          # the second Tuesday
    for day, month in zip(tuesday, _month_text(first)):
        rows.append((NEWSLETTER, 0, day * DAY + 14 * HOUR, f"Newsletter | {month} | The Revenue Signal",
                     f"newsletter_{month.replace('-', '_')}", "newsletter"))
    for t in cal.webinars(lo, as_of + 40 * DAY):
        day = _month_text(np.array([t // DAY]))[0]
        topic = WEBINAR_TOPICS[int(t // DAY // 30) % len(WEBINAR_TOPICS)]
        rows.append((WEBINAR, 0, int(t) - 9 * DAY - 30 * MINUTE, f"Webinar invite | {topic} | {day}",
                     f"webinar_{day.replace('-', '_')}", "hubspot"))
    for frac, slug, title in PRODUCT_NEWS:
        day = (start + frac * (as_of - start)) // DAY
        rows.append((PRODUCT, 0, int(day * DAY + 15 * HOUR), f"Product news | {title}", f"product_{slug}", "hubspot"))
    for k, title in enumerate(TRACK_A_EMAILS):
        rows.append((TRACK_A, k, -1, f"Nurture | Attribution track | {k + 1} of {len(TRACK_A_EMAILS)}: {title}",
                     "nurture_attribution_track", "hubspot"))
    for k, title in enumerate(TRACK_B_EMAILS):
        rows.append((TRACK_B, k, -1, f"Nurture | RevOps playbook follow-up | {k + 1} of {len(TRACK_B_EMAILS)}: {title}",
                     "nurture_revops_track", "hubspot"))
    rows = [r for r in rows if r[2] < 0 or lo <= r[2] <= hi]
    kind, step, time, name, slug, source = (list(x) for x in zip(*rows))
    n = len(rows)
    kind = np.array(kind)
    renamed = np.flatnonzero((kind == TRACK_A) & (np.array(step) == 0))
    return SimpleNamespace(
        n=n, kind=kind, step=np.array(step), time=np.array(time, np.int64), name=name, slug=slug,
        source=source, campaign_id=[str(183_400_117 + 104_729 * k) for k in range(n)],
        old_name="Nurture | Attribution | Email 1", renamed=int(renamed[0]),
        rename_time=int(start + RENAME_AT * (as_of - start)))


# --------------------------------------------------------------------------
# Audience and sends
# --------------------------------------------------------------------------
def audience(cfg, people, kit) -> SimpleNamespace:
    """Who is on the marketing list, from when to when, and how each reads email."""
    rng = cfg.rng("email", "audience")
    n = people.n
    crm = people.crm & people.written
    opt_in = np.where(people.origin == 0, OPT_IN["inbound"], OPT_IN["other"])
    member = crm & (rng.random(n) < opt_in)
    f = people.forms
    signup = (f.kind == kit.F_NEWSLETTER) & ~people.crm[f.person]
    ghost_join = np.full(n, np.inf)
    np.minimum.at(ghost_join, f.person[signup], f.time[signup].astype(float))
    ghost = np.isfinite(ghost_join) & (rng.random(n) < GHOST_SUBSCRIBERS)
    join = np.where(crm, people.created + rng.uniform(0.1, 30, n) * HOUR, ghost_join)
    join = np.where(member | ghost, join, np.inf)
    n_acc = int(people.account.max()) + 1 if n else 0
    scanning = rng.random(max(n_acc, 1)) < SCANNER_ACCOUNTS
    mode = kit.draw(rng, ID_MODES, n)
    return SimpleNamespace(
        member=member | ghost, crm=crm, join=join,
        leave=np.minimum(join + rng.exponential(LIST_STAY_DAYS * DAY, n),
                         people.c_end + rng.exponential(SUNSET_DAYS * DAY, n)),
        engaged=rng.gamma(0.8, 1 / 0.8, n), mpp=rng.random(n) < MPP_SHARE,
        dead=rng.random(n) < DEAD_ADDRESS,
        scanner=(people.account >= 0) & ~people.free_mail & scanning[np.maximum(people.account, 0)],
        mode=np.where(ghost & ~crm, 2, mode), mail_agent=kit.draw(rng, kit.weights(MAIL_AGENTS)[1], n))


def blast_sends(cfg, cat: SimpleNamespace, aud: SimpleNamespace) -> list[tuple]:
    """Newsletters, webinar invitations and product news to the list of the day
    (the sending tool works through the list over half an hour)."""
    rng = cfg.rng("email", "blasts")
    mem = np.flatnonzero(aud.member)
    join, leave, crm = aud.join[mem], aud.leave[mem], aud.crm[mem]
    parts = []
    for c in np.flatnonzero(cat.time >= 0):
        t = cat.time[c]
        ok = (join <= t) & (leave > t) & (crm | (cat.kind[c] == NEWSLETTER))
        if cat.kind[c] == WEBINAR:
            ok &= rng.random(mem.size) < WEBINAR_SEGMENT
        who = mem[ok]
        parts.append((who, np.full(who.size, c), t + rng.integers(0, 30 * MINUTE, who.size)))
    return parts


def nurture_sends(cfg, people, kit, cat: SimpleNamespace, aud: SimpleNamespace) -> list[tuple]:
    """The lead track (inbound leads until they become SQL) and the ebook
    follow-up (after a contact's first ebook download)."""
    rng = cfg.rng("email", "nurture")
    ids_a = np.flatnonzero(cat.kind == TRACK_A)
    ids_b = np.flatnonzero(cat.kind == TRACK_B)
    who = np.flatnonzero(aud.member & aud.crm & (people.origin == 0) & np.isfinite(people.lead))
    k = np.tile(np.arange(ids_a.size), who.size)
    o = np.repeat(who, ids_a.size)
    jitter = np.repeat(rng.uniform(0, 6 * HOUR, who.size), ids_a.size)
    t = people.lead[o] + DAY + k * TRACK_A_GAP_DAYS * DAY + jitter
    stop = np.where(np.isfinite(people.sql[o]), people.sql[o], np.inf)
    parts = [(o, ids_a[k], t, stop)]
    f = people.forms
    ebook = np.flatnonzero((f.kind == kit.F_EBOOK) & aud.member[f.person] & aud.crm[f.person])
    person, first = np.unique(f.person[ebook], return_index=True)
    k = np.tile(np.arange(ids_b.size), person.size)
    o = np.repeat(person, ids_b.size)
    t = np.repeat(f.time[ebook[first]], ids_b.size) + TRACK_B_DELAYS[k] + rng.integers(0, 5 * MINUTE, o.size)
    parts.append((o, ids_b[k], t, np.full(o.size, np.inf)))
    out = []
    for o, c, t, stop in parts:
        ok = (t >= aud.join[o]) & (t < aud.leave[o]) & (t < stop)
        out.append((o[ok], c[ok], t[ok].astype(np.int64)))
    return out


def deliver(cfg, cat: SimpleNamespace, aud: SimpleNamespace, parts: list[tuple], lo: int, hi: int) -> SimpleNamespace:
    """Sends with their delivery or bounce, replies, unsubscribes and spam
    reports; nothing is sent after an unsubscribe, a spam report or a hard bounce."""
    rng = cfg.rng("email", "delivery")
    person = np.concatenate([p[0] for p in parts]).astype(np.int64)
    campaign = np.concatenate([p[1] for p in parts]).astype(np.int64)
    time = np.concatenate([p[2] for p in parts]).astype(np.int64)
    keep = (time >= lo) & (time <= hi)
    person, campaign, time = person[keep], campaign[keep], time[keep]
    n = person.size
    kind = cat.kind[campaign]
    dead = aud.dead[person]
    bounce = dead | (rng.random(n) < SOFT_BOUNCE)
    u = rng.random(n)
    unsub = ~bounce & (u < UNSUB_RATE[kind])
    spam = ~bounce & ~unsub & (u < UNSUB_RATE[kind] + SPAM_RATE[kind])
    reply = ~bounce & (rng.random(n) < REPLY_RATE[kind])
    after = rng.integers(1, 90, n)
    t_leave = time + after + (rng.lognormal(np.log(4 * HOUR), 1.2, n)).astype(np.int64)
    cut = np.full(aud.member.size, np.iinfo(np.int64).max)
    np.minimum.at(cut, person[unsub | spam], t_leave[unsub | spam])
    np.minimum.at(cut, person[dead], time[dead])
    ok = time <= cut[person]
    S = SimpleNamespace(person=person, campaign=campaign, time=time, kind=kind, bounce=bounce, unsub=unsub,
                        spam=spam, reply=reply, t_deliv=time + after, t_leave=t_leave)
    S = SimpleNamespace(**{k: v[ok] for k, v in vars(S).items()})
    S.n = S.person.size
    return S


# --------------------------------------------------------------------------
# Clicks that open a web session
# --------------------------------------------------------------------------
MIN_CLICK_LAG = 5 * MINUTE     # a session's email was delivered at least this long before it (no instant click)
HORIZON = np.array([35, 28, 28, 28]) * DAY    # how old the email a session follows may be, per search group


def _latest(index: SimpleNamespace, person: np.ndarray, group, t: np.ndarray) -> np.ndarray:
    """Per session: the delivered send of ``group`` to ``person`` latest before
    ``t``, at most HORIZON[group] old (-1 for none)."""
    owner = person * 4 + group
    i = np.searchsorted(index.key, owner * 2**32 + t, side="right") - 1
    j = np.maximum(i, 0)
    ok = (i >= 0) & (index.owner[j] == owner) & (t - index.t[j] <= HORIZON[group])
    return np.where(ok, index.send[j], -1)


def session_clicks(cfg, people, kit, S: SimpleNamespace, f_path: np.ndarray) -> SimpleNamespace:
    """The email sessions of list members that an email explains: the latest
    email of the session's kind (newsletter; nurture track or other HubSpot
    email) delivered to the person in the weeks before. Sets
    ``people.sessions.email_campaign`` (the email's utm_campaign on the session's
    landing URL and form)."""
    rng = cfg.rng("email", "sessions")
    s = people.sessions
    em = np.flatnonzero(s.channel == kit.CH_EMAIL)
    variant = s.src[em] - kit.SRC.offset[kit.CH_EMAIL]      # 0 newsletter, 1 lead track, 2 ebook track
    person, t = s.person[em].astype(np.int64), s.start[em] - MIN_CLICK_LAG
    deliv = np.flatnonzero(~S.bounce)
    owner = S.person[deliv] * 4 + GROUP[S.kind[deliv]]
    key = owner * 2**32 + S.t_deliv[deliv]              # by person and group, then delivery time
    order = np.argsort(key, kind="stable")
    index = SimpleNamespace(key=key[order], owner=owner[order], send=deliv[order], t=S.t_deliv[deliv][order])
    track = _latest(index, person, np.where(variant == 2, 2, 1), t)
    other = _latest(index, person, 3, t)
    later = np.where((other >= 0) & ((track < 0) | (S.t_deliv[other] > S.t_deliv[track])), other, track)
    send = np.where(variant == 0, _latest(index, person, 0, t), later)
    ok = send >= 0
    rows, send = em[ok], send[ok]
    s.email_campaign = np.full(s.n, -1, np.int64)
    s.email_campaign[rows] = S.campaign[send]
    # the landing page view: a one-page form session lands on the form page
    form = s.form[rows]
    path = np.where((form >= 0) & (s.pages[rows] == 1), f_path[np.maximum(form, 0)], s.landing[rows])
    return SimpleNamespace(send=send, time=s.start[rows] - rng.integers(3, 50, rows.size), path=path,
                           browser=s.browser[rows].astype(np.int64))


# --------------------------------------------------------------------------
# Engagement events
# --------------------------------------------------------------------------
def _part(send, kind, time, agent=-1, path=-1, machine=HUMAN, filtered=False, session=False) -> dict:
    n = np.asarray(send).size
    return {"send": np.asarray(send, np.int64), "type": np.full(n, kind, np.int8),
            "time": np.asarray(time).astype(np.int64), "agent": np.broadcast_to(agent, n).astype(np.int16),
            "path": np.broadcast_to(path, n).astype(np.int16), "machine": np.full(n, machine, np.int8),
            "filtered": np.broadcast_to(filtered, n).astype(bool), "session": np.broadcast_to(session, n).astype(bool)}


def _lag(rng, median: float, sigma: float, n: int, lo: float, hi: float = 20 * DAY) -> np.ndarray:
    return np.clip(rng.lognormal(np.log(median), sigma, n), lo, hi).astype(np.int64)


def email_paths(kit, rng, n: int) -> np.ndarray:
    """Links of the emails: the pages email sessions land on."""
    paths = np.array(list(kit.LANDING_BY_CHANNEL[kit.CH_EMAIL]))
    w = np.array(list(kit.LANDING_BY_CHANNEL[kit.CH_EMAIL].values()))
    return paths[kit.draw(rng, w / w.sum(), n)]


def base_events(rng, S: SimpleNamespace) -> list[dict]:
    deliv, bounced = np.flatnonzero(~S.bounce), np.flatnonzero(S.bounce)
    parts = [_part(np.arange(S.n), SENT, S.time), _part(deliv, DELIVERED, S.t_deliv[deliv]),
             _part(bounced, BOUNCE, S.time[bounced] + rng.integers(2, 600, bounced.size))]
    r = np.flatnonzero(S.reply)
    parts.append(_part(r, REPLY, S.t_deliv[r] + _lag(rng, 5 * HOUR, 1.2, r.size, 10 * MINUTE)))
    for flag, kind in ((S.unsub, UNSUBSCRIBE), (S.spam, SPAM)):
        r = np.flatnonzero(flag)
        parts.append(_part(r, kind, S.t_leave[r]))
    return parts


def machine_events(rng, kit, S: SimpleNamespace, aud: SimpleNamespace, agents: dict) -> list[dict]:
    """Privacy-proxy opens on delivery, and mail gateways' link scanners
    opening and clicking within seconds of it."""
    deliv = ~S.bounce
    p = np.flatnonzero(deliv & aud.mpp[S.person])
    early = rng.random(p.size) < 0.65
    t = S.t_deliv[p] + np.where(early, rng.integers(2, 45, p.size), _lag(rng, 40 * MINUTE, 1.2, p.size, 60))
    twice = rng.random(p.size) < 0.15          # a second fetch later (another device syncing)
    t2 = S.t_deliv[p[twice]] + _lag(rng, 6 * HOUR, 1.0, int(twice.sum()), HOUR)
    agent = agents["proxy"] + kit.draw(rng, kit.weights(PROXY_AGENTS)[1], p.size)
    parts = [_part(np.r_[p, p[twice]], OPEN, np.r_[t, t2], np.r_[agent, agent[twice]], machine=PROXY,
                   filtered=rng.random(p.size + int(twice.sum())) < 0.4)]
    sc = np.flatnonzero(deliv & aud.scanner[S.person])
    agent = agents["scanner"] + kit.draw(rng, kit.weights(SCANNER_AGENTS)[1], sc.size)
    k = 1 + (rng.random(sc.size) < 0.5) + (rng.random(sc.size) < 0.2)
    o = np.repeat(np.arange(sc.size), k)
    parts.append(_part(sc[o], CLICK, S.t_deliv[sc[o]] + rng.integers(1, 9, o.size), agent[o],
                       email_paths(kit, rng, o.size), SCANNER, rng.random(o.size) < 0.5))
    op = rng.random(sc.size) < 0.6
    parts.append(_part(sc[op], OPEN, S.t_deliv[sc[op]] + rng.integers(1, 5, int(op.sum())), agent[op],
                       machine=SCANNER, filtered=rng.random(int(op.sum())) < 0.5))
    return parts


def human_clicks(cfg, rng, kit, people, S, aud, derived: SimpleNamespace) -> tuple[list[dict], np.ndarray]:
    """Clicks that open a session, clicks on a browser the site does not know
    (NO_SESSION_SHARE of the first clicks) and their second clicks.
    Returns the parts and each send's first human click time (-1: none)."""
    agent = kit.user_agent_codes(cfg, derived.browser, np.zeros(derived.browser.size, bool))
    parts = [_part(derived.send, CLICK, derived.time, agent, derived.path, session=True)]
    clicked = np.zeros(S.n, bool)
    clicked[derived.send] = True
    d = int(clicked.sum())
    free = np.flatnonzero(~S.bounce & ~clicked)
    # people with no browser of their own always click on an unknown one
    w = aud.engaged[S.person[free]] * CLICK_FACTOR[S.kind[free]] * np.where(people.n_browsers[S.person[free]] > 0, 1, 3)
    want = NO_SESSION_SHARE / (1 - NO_SESSION_SHARE) * d
    other = free[rng.random(free.size) < np.clip(w * want / max(w.sum(), 1e-9), 0, 0.9)]
    human = kit.draw(rng, kit.weights(kit.HUMAN_AGENTS)[1], other.size)
    parts.append(_part(other, CLICK, S.t_deliv[other] + _lag(rng, 3 * HOUR, 1.4, other.size, 120), human,
                       email_paths(kit, rng, other.size)))
    send = np.concatenate([p["send"] for p in parts])
    time = np.concatenate([p["time"] for p in parts])
    first = np.full(S.n, np.iinfo(np.int64).max)
    np.minimum.at(first, send, time)
    # a second click on the same email a little later (the repeated clicks of
    # people on a known browser are their later sessions from the same email)
    rep = np.flatnonzero(rng.random(other.size) < REPEAT_CLICK)
    parts.append(_part(other[rep], CLICK, parts[1]["time"][rep] + rng.integers(20, 25 * MINUTE, rep.size),
                       human[rep], email_paths(kit, rng, rep.size)))
    return parts, np.where(first == np.iinfo(np.int64).max, -1, first)


def human_opens(rng, S: SimpleNamespace, aud: SimpleNamespace, first_click: np.ndarray, agents: dict) -> list[dict]:
    """Opens in the recipient's mail client, some repeated; a click mostly
    comes right after an open (no open when images stay blocked). Behind
    a privacy proxy a person's own opens never show."""
    seen = ~S.bounce & ~aud.mpp[S.person]
    p_open = np.clip(HUMAN_OPEN * aud.engaged[S.person] * OPEN_FACTOR[S.kind], 0, 0.95)
    clicked = first_click >= 0
    opener = seen & ((rng.random(S.n) < p_open) | S.reply | (clicked & (rng.random(S.n) < 0.85)))
    o = np.flatnonzero(opener)
    before = S.t_deliv[o] + np.maximum(61, first_click[o] - S.t_deliv[o] - rng.integers(5, 240, o.size))
    t = np.where(clicked[o], before, S.t_deliv[o] + _lag(rng, 2.5 * HOUR, 1.3, o.size, 61))
    extra = np.where(rng.random(o.size) < REPEAT_OPEN, rng.geometric(0.55, o.size), 0)
    r = np.repeat(np.arange(o.size), extra)
    agent = agents["mail"] + aud.mail_agent[S.person[o]]
    return [_part(np.r_[o, o[r]], OPEN, np.r_[t, t[r] + _lag(rng, 5 * HOUR, 1.5, r.size, 30)],
                  np.r_[agent, agent[r]])]


def agent_vocab(kit) -> tuple[list[str], dict]:
    """User agents of the file: the site's browser agents, mail clients, the proxy, the scanners."""
    browsers = list(kit.USER_AGENTS)
    mail, proxy = kit.weights(MAIL_AGENTS)[0], kit.weights(PROXY_AGENTS)[0]
    scanners = kit.weights(SCANNER_AGENTS)[0]
    offsets = {"mail": len(browsers), "proxy": len(browsers) + len(mail),
               "scanner": len(browsers) + len(mail) + len(proxy)}
    return browsers + mail + proxy + scanners, offsets


def plan(cfg, cal, people, camp, f_path: np.ndarray, kit) -> SimpleNamespace:
    """Campaigns, list, sends and the sessions clicks open; run before the web
    files are rendered (it sets the utm_campaign of those sessions)."""
    cat = catalog(cal, cfg.start, cfg.as_of)
    aud = audience(cfg, people, kit)
    parts = blast_sends(cfg, cat, aud) + nurture_sends(cfg, people, kit, cat, aud)
    S = deliver(cfg, cat, aud, parts, cfg.start - 40 * DAY, cfg.as_of - 2 * HOUR)
    derived = session_clicks(cfg, people, kit, S, f_path)
    camp.email_slugs = list(cat.slug)
    return SimpleNamespace(cat=cat, aud=aud, S=S, derived=derived, kit=kit)


def events(cfg, kit, people, mail: SimpleNamespace) -> SimpleNamespace:
    """Every event of the window, in time order."""
    rng = cfg.rng("email", "events")
    S, aud = mail.S, mail.aud
    vocab, agents = agent_vocab(kit)
    parts = base_events(rng, S) + machine_events(rng, kit, S, aud, agents)
    clicks, first = human_clicks(cfg, rng, kit, people, S, aud, mail.derived)
    parts += clicks + human_opens(rng, S, aud, first, agents)
    ev = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    keep = (ev["time"] >= cfg.start) & (ev["time"] <= cfg.as_of - 2 * HOUR)
    order = np.flatnonzero(keep)
    order = order[np.argsort(ev["time"][order] * 8 + ev["type"][order], kind="stable")]
    return SimpleNamespace(n=order.size, agents=vocab, **{k: v[order] for k, v in ev.items()})


def summary(mail: SimpleNamespace, ev: SimpleNamespace) -> dict:
    """Event counts and unique-recipient rates (per email sent in the window)."""
    n = mail.S.n

    def has(mask: np.ndarray) -> np.ndarray:
        out = np.zeros(n, bool)
        out[ev.send[mask]] = True
        return out

    sent = has(ev.type == SENT)
    delivered = has(ev.type == DELIVERED) & sent
    human_click = (ev.type == CLICK) & (ev.machine == HUMAN)
    first = np.zeros(n, bool)
    first[ev.send[human_click & ev.session]] = True

    def rate(mask: np.ndarray, base: np.ndarray) -> float | None:
        return round(float((mask & sent).sum() / base.sum()), 4) if base.any() else None

    clicks = int((ev.type == CLICK).sum())
    return {
        "events": {t: int((ev.type == k).sum()) for k, t in enumerate(TYPES)},
        "campaigns": int(np.unique(mail.S.campaign[sent]).size) if sent.any() else 0,
        "delivery_rate": rate(delivered, sent),
        "bounce_rate": rate(has(ev.type == BOUNCE), sent),
        "human_open_rate": rate(has((ev.type == OPEN) & (ev.machine == HUMAN)), delivered),
        "proxy_open_recipients": rate(has((ev.type == OPEN) & (ev.machine == PROXY)), delivered),
        "human_click_rate": rate(has(human_click), delivered),
        "clickers_with_a_session": rate(first, has(human_click) & sent),
        "machine_share_of_clicks": round(float(((ev.type == CLICK) & (ev.machine != HUMAN)).sum() / clicks), 3)
        if clicks else None,
        "reply_rate": rate(has(ev.type == REPLY), delivered),
        "unsubscribe_rate": rate(has(ev.type == UNSUBSCRIBE), delivered),
        "spam_report_rate": rate(has(ev.type == SPAM), delivered),
    }

