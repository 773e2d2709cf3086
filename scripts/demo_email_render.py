"""The demo's email events (demo_email.py) as the sending tool exports them:
the rows of the optional raw table ``email_events``, with a few bad ones
(an exact duplicate, unknown and upper-case event types, unparseable
timestamps, a row without recipient, a row without campaign)."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

import demo_email as de

COLUMNS = ["event_id", "contact_id", "email", "campaign_id", "campaign_name", "event_type",
           "occurred_at", "url", "user_agent", "is_filtered"]
TS_EMAIL = {"z": 0.90, "ms_z": 0.07, "naive": 0.02, "offset": 0.01}
CHUNK = 1_000_000
# event types of the sending tool outside the contract (staging rejects them)
UNKNOWN_TYPES = ["deferred", "processed", "dropped", "forward"]
TYPE_VOCAB = de.TYPES + [t.upper() for t in de.TYPES] + [f" {t.capitalize()} " for t in de.TYPES] + UNKNOWN_TYPES


def write(cfg, cal, ids, people, mail: SimpleNamespace, sink) -> tuple[int, dict]:
    """Writes email_events through ``sink`` chunk by chunk; returns its rows and the summary."""
    kit = mail.kit
    ev = de.events(cfg, kit, people, mail)
    for b, lo in enumerate(range(0, ev.n, CHUNK)):
        rng = cfg.rng("email", "render", b)
        cols = render(cfg, cal, kit, ids, mail, ev, lo, min(lo + CHUNK, ev.n), rng)
        sink.write(cols)
        # exact duplicates (an export re-sent), written after the chunk they copy
        dups = pa.array(kit.pick_rows(rng, min(CHUNK, ev.n - lo), 0.002, minimum=1))
        sink.write({k: pc.take(v, dups) for k, v in cols.items()})
    return sink.close(), de.summary(mail, ev)


def event_types(rng, kit, kind: np.ndarray) -> pa.Array:
    """Mostly as the contract spells them; some upper case or padded, a few unknown."""
    n = kind.size
    u = rng.random(n)
    code = kind.astype(np.int64) + np.select([u < 0.03, u < 0.035], [len(de.TYPES), 2 * len(de.TYPES)], 0)
    unknown = kit.pick_rows(rng, n, 0.0003, minimum=2)
    code[unknown] = 3 * len(de.TYPES) + rng.integers(0, len(UNKNOWN_TYPES), unknown.size)
    return kit.pick(TYPE_VOCAB, code, dictionary=True)


def click_urls(cfg, kit, ids, cat, rng, serial: np.ndarray, path: np.ndarray, campaign: np.ndarray,
               person: np.ndarray) -> pa.Array:
    """The clicked link: the page with the email's utm values, some with the
    sending tool's tracking parameters or the recipient's address."""
    base = kit.join(kit.pick(kit.FULL_URLS, path), "?utm_source=", kit.pick(cat.source, campaign),
                    "&utm_medium=email&utm_campaign=", kit.pick(cat.slug, campaign))
    u = rng.random(serial.size)
    hub = np.array(cat.source)[campaign] == "hubspot"
    hsenc = kit.join("&_hsenc=p2ANqtz-", kit.token_strings(serial, cfg.salt("email-hsenc"), b"", 40),
                     "&_hsmi=", kit.pick(cat.campaign_id, campaign))
    address = pc.replace_substring(pc.utf8_lower(pc.take(ids.email, pa.array(person))), "@", "%40")
    extra = kit.where(hub & (u < 0.45), hsenc, kit.where(~hub & (u < 0.15), kit.join("&email=", address), ""))
    return kit.join(base, kit.where(u > 0.98, kit.join(extra, "#content"), extra))


def render(cfg, cal, kit, ids, mail: SimpleNamespace, ev: SimpleNamespace, lo: int, hi: int, rng) -> dict:
    """The rows ``lo:hi`` of the events (in time order), with the planted defects."""
    S, cat, aud = mail.S, mail.cat, mail.aud
    n = hi - lo
    send, kind, time = ev.send[lo:hi], ev.type[lo:hi], ev.time[lo:hi]
    person, campaign = S.person[send], S.campaign[send]
    mode = aud.mode[person].copy()                 # 0 contact id, 1 both, 2 email only, 3 neither
    mode[kit.pick_rows(rng, n, 0.0001, minimum=1)] = 3
    given = np.flatnonzero((mode == 1) | (mode == 2))
    email = kit.scatter(n, [given, np.flatnonzero((mode == 0) | (mode == 3))],
                        [kit.case_mess(rng, pc.take(ids.email, pa.array(person[given])), 0.12, 0.06),
                         pa.nulls(n - given.size, pa.string())])
    clicks = np.flatnonzero(kind == de.CLICK)
    url = kit.scatter(n, [clicks, np.flatnonzero(kind != de.CLICK)],
                      [click_urls(cfg, kit, ids, cat, rng, lo + clicks, ev.path[lo:hi][clicks], campaign[clicks],
                                  person[clicks]), pa.nulls(n - clicks.size, pa.string())])
    old = (campaign == cat.renamed) & (time < cat.rename_time)
    no_campaign = np.zeros(n, bool)
    no_campaign[kit.pick_rows(rng, n, 0.00005, minimum=1)] = True
    engagement = (kind == de.OPEN) | (kind == de.CLICK)
    cols = {
        "event_id": kit.uuid_strings(lo + np.arange(n), cfg.salt("email-event")),
        "contact_id": kit.where(mode >= 2, None, ids.contact_id(person)),
        "email": email,
        "campaign_id": kit.pick(cat.campaign_id, campaign, no_campaign, dictionary=True),
        "campaign_name": kit.pick(cat.name + [cat.old_name], np.where(old, cat.n, campaign),
                                  rng.random(n) < 0.02, dictionary=True),
        "event_type": event_types(rng, kit, kind),
        "occurred_at": cal.timestamps(rng, time, TS_EMAIL, bad_rate=0.0003),
        "url": url,
        "user_agent": kit.pick(ev.agents, np.maximum(ev.agent[lo:hi], 0), ev.agent[lo:hi] < 0, dictionary=True),
        "is_filtered": kit.pick(["false", "true"], ev.filtered[lo:hi].astype(np.int64), ~engagement, dictionary=True),
    }
    return cols
