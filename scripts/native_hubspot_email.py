"""The demo's email events in the shape Fivetran's HubSpot connector lands
them (`email_event`, `email_event_click`, `email_event_open`,
`email_event_status_change`, `email_campaign`), for
scripts/native_hubspot_demo.py.

Derived from the contract file email_events (view c_email_events; no file, no
email tables) and the contacts (c_crm_contacts):

- an event names its recipient by address only: the row's email, else its
  contact's email; a row with neither is not written;
- the contract's types become HubSpot's (`sent` -> SENT, `spam_report` ->
  SPAMREPORT, ...); an `unsubscribe` is a STATUSCHANGE whose status record
  says UNSUBSCRIBED; a type the contract rejects but HubSpot has
  (`deferred`, `processed`, ...) is written as HubSpot's. HubSpot has no
  reply event: `reply` rows, and rows of any other type, are not written;
- an event id is unique in HubSpot: a row repeated in the file is written
  once (its latest version); a row without an id is not written;
- one campaign per campaign id, named by its latest non-empty name;
- HubSpot also logs events the contract has none for, written here so that
  the adapter's row accounting has them: a PROCESSED step for every fourth
  send, a DEFERRED one before every tenth delivery, a FORWARD of every tenth
  open, a DROPPED event for the next two campaigns of a recipient who had
  bounced, unsubscribed or reported spam (HubSpot no longer mails them), and
  a resubscription (STATUSCHANGE to SUBSCRIBED) of the first recipient who
  unsubscribed.
"""

from __future__ import annotations

# contract event type -> HubSpot email_event.type
# (a type the contract rejects but HubSpot has, such as `deferred`, is written as HubSpot's)
HUBSPOT_TYPES = {"sent": "SENT", "delivered": "DELIVERED", "open": "OPEN", "click": "CLICK", "bounce": "BOUNCE",
                 "spam_report": "SPAMREPORT", "unsubscribe": "STATUSCHANGE", "processed": "PROCESSED",
                 "deferred": "DEFERRED", "dropped": "DROPPED", "forward": "FORWARD", "print": "PRINT"}
OPTIONAL_COLUMNS = ("user_agent", "is_filtered")


def _uuid(expr: str) -> str:
    """A HubSpot-looking event id derived from a text expression."""
    return (r"regexp_replace(md5(" + expr + r"), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\1-\2-\3-\4-\5')")


def _iso(expr: str) -> str:
    """A timestamptz as the contract's ISO text in UTC."""
    return f"strftime(timezone('UTC', {expr}), '%Y-%m-%dT%H:%M:%SZ')"


def _case(mapping: dict[str, str]) -> str:
    return "case lower(trim(event_type)) " + " ".join(f"when '{k}' then '{v}'" for k, v in mapping.items()) + " end"


VIEWS = {
    # the contract rows HubSpot would have, one per event id, with their recipient and type
    "hs_email_rows": f"""
        select * from (
            select trim(e.event_id) as event_id,
                coalesce(nullif(trim(e.email), ''), nullif(trim(c.email), '')) as recipient,
                e.campaign_id, e.campaign_name, {_case(HUBSPOT_TYPES)} as type, e.occurred_at,
                e.url, e.user_agent, e.is_filtered
            from c_email_events as e
            left join (select contact_id, any_value(email) as email from c_crm_contacts group by 1) as c
                on trim(e.contact_id) = trim(c.contact_id)
            where nullif(trim(e.event_id), '') is not null
            qualify row_number() over (partition by trim(e.event_id)
                order by try_cast(e.occurred_at as timestamptz) desc nulls last, e.occurred_at desc) = 1
        ) where type is not null and recipient is not null""",
    # the first send of a campaign to a recipient (HubSpot's sent_by_id)
    "hs_email_sends": """
        select campaign_id, lower(recipient) as recipient_key, arg_min(event_id, occurred_at) as sent_id,
            min(occurred_at) as sent_at
        from hs_email_rows where type = 'SENT' group by 1, 2""",
    # events HubSpot logs that the contract has no type for
    "hs_email_extra": f"""
        select {_uuid("event_id || '-processed'")} as event_id, recipient, campaign_id, 'PROCESSED' as type,
            occurred_at, 'false' as is_filtered
        from hs_email_rows where type = 'SENT' and hash(event_id) % 4 = 0
        union all
        select {_uuid("event_id || '-deferred'")}, recipient, campaign_id, 'DEFERRED', occurred_at, 'false'
        from hs_email_rows where type = 'DELIVERED' and hash(event_id) % 10 = 0
        union all
        select {_uuid("event_id || '-forward'")}, recipient, campaign_id, 'FORWARD', occurred_at, 'false'
        from hs_email_rows where type = 'OPEN' and hash(event_id) % 10 = 0
        union all
        select {_uuid("recipient_key || '-dropped-' || campaign_id")}, recipient, campaign_id, 'DROPPED',
            {_iso('first_sent_at')}, 'false'
        from (
            select stops.recipient_key, stops.recipient, sends.campaign_id, sends.first_sent_at,
                row_number() over (partition by stops.recipient_key order by sends.first_sent_at, sends.campaign_id)
                    as campaign_rank
            from (
                select lower(recipient) as recipient_key, any_value(recipient) as recipient,
                    min(try_cast(occurred_at as timestamptz)) as stopped_at
                from hs_email_rows where type in ('BOUNCE', 'STATUSCHANGE', 'SPAMREPORT') group by 1
            ) as stops
            join (
                select campaign_id, min(try_cast(occurred_at as timestamptz)) as first_sent_at
                from hs_email_rows where type = 'SENT' group by 1
            ) as sends on sends.first_sent_at > stops.stopped_at
            where not exists (select 1 from hs_email_rows as r where r.campaign_id = sends.campaign_id
                and lower(r.recipient) = stops.recipient_key)
        ) where campaign_rank <= 2
        union all
        select * from (
            select {_uuid("event_id || '-resubscribed'")}, recipient, campaign_id, 'STATUSCHANGE',
                {_iso("try_cast(occurred_at as timestamptz) + interval 30 day")}, 'false'
            from hs_email_rows where type = 'STATUSCHANGE' and try_cast(occurred_at as timestamptz) is not null
            order by occurred_at, event_id limit 1
        )""",
}

QUERIES = {
    "email_event": """
        with events as (
            select event_id, recipient, campaign_id, type, occurred_at, is_filtered from hs_email_rows
            union all select * from hs_email_extra
        )
        select events.event_id as id, events.occurred_at as created, events.type, events.recipient,
            events.campaign_id as email_campaign_id,
            case when events.type != 'SENT' then sends.sent_id end as sent_by_id,
            case when events.type != 'SENT' then sends.sent_at end as sent_by_created,
            null::varchar as caused_by_id, null::varchar as obsoleted_by_id,
            coalesce(events.is_filtered, 'false') as filtered_event, '4242' as portal_id, '113' as app_id
        from events
        left join hs_email_sends as sends
            on events.campaign_id = sends.campaign_id and lower(events.recipient) = sends.recipient_key""",
    "email_event_click": """
        select event_id as id, url, null::varchar as referer, user_agent, null::varchar as browser,
            null::varchar as ip_address, null::varchar as location
        from hs_email_rows where type = 'CLICK'""",
    "email_event_open": """
        select event_id as id, null::varchar as browser, null::varchar as duration, user_agent,
            null::varchar as ip_address, null::varchar as location
        from hs_email_rows where type = 'OPEN'""",
    "email_event_status_change": f"""
        select event_id as id, 'UNSUBSCRIBED' as portal_subscription_status, '[]' as subscriptions,
            null::varchar as requested_by, 'SOURCE_RECIPIENT' as source, null::varchar as bounced
        from hs_email_rows where type = 'STATUSCHANGE'
        union all
        select event_id, 'SUBSCRIBED', '[]', null::varchar, 'SOURCE_RECIPIENT', null::varchar
        from hs_email_extra where type = 'STATUSCHANGE'""",
    "email_campaign": """
        select campaign_id as id,
            arg_max(campaign_name, coalesce(try_cast(occurred_at as timestamptz), '1900-01-01'::timestamptz))
                filter (where nullif(trim(campaign_name), '') is not null) as name,
            null::varchar as subject, 'BATCH_EMAIL' as type, null::varchar as sub_type, 'Batch' as app_name,
            null::varchar as content_id,
            count(*) filter (where type = 'SENT') as num_included, 0 as num_queued
        from hs_email_rows group by campaign_id""",
}


def create_email_views(con, reader) -> bool:
    """Create the views above; reader(table) is the contract file's reader.
    Returns False (and creates nothing) when the folder has no email_events file."""
    try:
        con.execute(f"create view c_email_events_file as select * from {reader('email_events')}")
    except Exception:  # no email events file: no email tables
        return False
    present = {row[0].lower() for row in con.execute("describe c_email_events_file").fetchall()}
    optional = ", ".join(f"null::varchar as {c}" for c in OPTIONAL_COLUMNS if c not in present)
    con.execute(f"create view c_email_events as select *{', ' + optional if optional else ''} from c_email_events_file")
    for name, sql in VIEWS.items():
        con.execute(f"create view {name} as {sql}")
    return True
