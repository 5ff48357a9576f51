"""The call history (MED-01): one row per call, read from both journals, the pjsua2 workers' (``call_facts``: the
caller's leg and the legs placed from it) and the SIP front's for calls it proxied (``front_call_facts``).

An enterprise's administrators list its calls (filter by day range and by line: a number, a SIP name or a user
id found as caller, callee or who answered); a user lists their own calls (their id, their SIP names and the numbers
the gateway read for them from accounts). Outside the caller's place: NotFound, as for everything in media.scope.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from media.scope import Scope, require_admin, require_tenant
from relais_kit.db import Transaction
from relais_kit.errors import NotFound
from relais_kit.validation import Msg, as_uuid, load

MAX_PAGE = 1000
MAX_RANGE_DAYS = 366

# One row per call. A worker call is its caller's leg ('<call_id>:in'); who answered is the first placed leg that
# answered (the duration counts from its answer), else the worker itself (auto attendant, voicemail). A proxied
# call is one leg.
CALLS = """
WITH calls AS (
    SELECT s.call_id, s.occurred_at AS started_at, s.caller, s.callee, s.enterprise_id, s.tenant_path,
           'worker' AS handled_by, coalesce(o.occurred_at, a.occurred_at) AS answered_at, e.occurred_at AS ended_at,
           e.disposition, e.cause,
           coalesce(
               o.callee,
               CASE WHEN EXISTS (SELECT 1 FROM voicemail_messages v WHERE v.call_id = s.call_id) THEN 'voicemail'
                    WHEN a.occurred_at IS NOT NULL THEN 'service' END
           ) AS answered_by
    FROM call_facts s
    LEFT JOIN call_facts a ON a.fact_key = s.leg_id || ':answered'
    LEFT JOIN call_facts e ON e.fact_key = s.leg_id || ':ended'
    LEFT JOIN LATERAL (
        SELECT p.callee, p.occurred_at FROM call_facts p WHERE p.call_id = s.call_id AND p.fact = 'answered'
           AND p.direction = 'outbound' ORDER BY p.occurred_at LIMIT 1
    ) o ON true
    WHERE s.fact = 'started' AND s.direction = 'inbound' AND s.enterprise_id = ANY(%(tenants)s::uuid[])
      AND s.occurred_at >= %(since)s AND s.occurred_at < %(until)s
    UNION ALL
    SELECT s.call_id, s.occurred_at, s.caller, s.callee, s.enterprise_id, s.tenant_path,
           'proxy', a.occurred_at, e.occurred_at, e.disposition, e.cause,
           CASE WHEN a.occurred_at IS NOT NULL THEN s.callee END
    FROM front_call_facts s
    LEFT JOIN front_call_facts a ON a.call_id = s.call_id AND a.fact = 'answered'
    LEFT JOIN front_call_facts e ON e.call_id = s.call_id AND e.fact = 'ended'
    WHERE s.fact = 'started' AND s.enterprise_id = ANY(%(tenants)s::uuid[])
      AND s.occurred_at >= %(since)s AND s.occurred_at < %(until)s
)
SELECT *, count(*) OVER () AS total FROM calls
WHERE %(tenant)s::uuid = ANY(tenant_path)
  AND (cardinality(%(lines)s::text[]) = 0 OR caller = ANY(%(lines)s) OR callee = ANY(%(lines)s)
       OR answered_by = ANY(%(lines)s))
ORDER BY started_at DESC, call_id
LIMIT %(limit)s OFFSET %(offset)s
"""

PER_PERIOD = """
WITH starts AS (
    SELECT occurred_at FROM call_facts WHERE fact = 'started' AND direction = 'inbound'
      AND enterprise_id = %(tenant)s AND occurred_at >= %(since)s AND occurred_at < %(until)s
    UNION ALL
    SELECT occurred_at FROM front_call_facts WHERE fact = 'started'
      AND enterprise_id = %(tenant)s AND occurred_at >= %(since)s AND occurred_at < %(until)s
)
SELECT date_trunc(%(unit)s, occurred_at AT TIME ZONE %(zone)s) AS period, count(*) AS calls
FROM starts GROUP BY 1 ORDER BY 1
"""


def _known_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


class _Zoned(Schema):
    """Days, hours and the times shown are the enterprise's (its time zone, IANA name); UTC when not given."""

    class Meta:
        unknown = EXCLUDE

    time_zone = fields.String(
        load_default="UTC", validate=validate.Length(min=1, max=64, error=Msg("Between {min} and {max} characters."))
    )

    @validates_schema
    def _zone(self, data: dict[str, Any], **_: Any) -> None:
        if not _known_zone(data.get("time_zone", "UTC")):
            raise ValidationError(Msg("Unknown time zone."), "time_zone")


class CallQuery(_Zoned):
    since = fields.Date(load_default=None, allow_none=True)
    until = fields.Date(load_default=None, allow_none=True)
    line = fields.String(load_default="", validate=validate.Length(max=128, error=Msg("At most {max} characters.")))
    limit = fields.Integer(
        load_default=50, validate=validate.Range(min=1, max=MAX_PAGE, error=Msg("Between {min} and {max}."))
    )
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, error=Msg("At least {min}.")))

    @validates_schema
    def _range(self, data: dict[str, Any], **_: Any) -> None:
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            raise ValidationError(Msg("The end date cannot be before the start date."), "until")
        if since and until and (until - since).days > MAX_RANGE_DAYS:
            raise ValidationError(Msg("At most 366 days at a time."), "until")


class UserCallQuery(CallQuery):
    numbers = fields.List(
        fields.String(validate=validate.Length(min=1, max=128)), load_default=list, validate=validate.Length(max=50)
    )


class ChartQuery(_Zoned):
    unit = fields.String(load_default="day", validate=validate.OneOf(["hour", "day"], error=Msg("hour or day.")))
    periods = fields.Integer(
        load_default=14, validate=validate.Range(min=1, max=168, error=Msg("Between {min} and {max}."))
    )


def _window(data: dict[str, Any]) -> tuple[datetime, datetime]:
    """Whole days in the query's time zone, the end day included; the last 30 days when no date is given."""
    zone = ZoneInfo(data["time_zone"])
    today = datetime.now(zone).date()
    until: date = data.get("until") or today
    since: date = data.get("since") or min(until, today) - timedelta(days=30)
    return datetime.combine(since, time(), zone), datetime.combine(until + timedelta(days=1), time(), zone)


def _rows(tx: Transaction, tenant: str, tenants: list[str], data: dict[str, Any], lines: list[str]) -> dict[str, Any]:
    since, until = _window(data)
    rows = tx.all(
        CALLS,
        {
            "tenant": tenant,
            "tenants": tenants,
            "since": since,
            "until": until,
            "lines": lines,
            "limit": data["limit"],
            "offset": data["offset"],
        },
    )
    total = int(rows[0]["total"]) if rows else 0
    return {
        "items": [_call(row, ZoneInfo(data["time_zone"])) for row in rows],
        "total": total,
        "since": since.date().isoformat(),
        "until": (until - timedelta(days=1)).date().isoformat(),
        "limit": data["limit"],
        "offset": data["offset"],
        "time_zone": data["time_zone"],
    }


def _call(row: dict[str, Any], zone: ZoneInfo) -> dict[str, Any]:
    """One call; its instants in ``zone`` (ISO 8601 with the offset, so they stay exact)."""
    answered, ended = row["answered_at"], row["ended_at"]
    duration = (ended - answered).total_seconds() if answered and ended else None
    disposition = row["disposition"] or ("in_progress" if ended is None else "ended")
    return {
        "call_id": row["call_id"],
        "started_at": row["started_at"].astimezone(zone).isoformat(),
        "answered_at": answered.astimezone(zone).isoformat() if answered else None,
        "ended_at": ended.astimezone(zone).isoformat() if ended else None,
        "caller": row["caller"],
        "callee": row["callee"],
        "answered_by": row["answered_by"],
        "duration_seconds": round(max(duration, 0.0)) if duration is not None else None,
        "disposition": disposition,
        "cause": row["cause"],
        "handled_by": row["handled_by"],
        "enterprise_id": str(row["enterprise_id"]) if row["enterprise_id"] else None,
    }


def _enterprises(tx: Transaction, tenant: str) -> list[str]:
    """The enterprises at or under ``tenant`` (calls are journaled under their enterprise's id)."""
    rows = tx.all("SELECT id::text FROM directory_tenants WHERE %s::uuid = ANY(path)", (tenant,))
    return sorted({tenant, *(row["id"] for row in rows)})


def list_calls(tx: Transaction, scope: Scope, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
    tenant = require_tenant(tx, scope, enterprise_id, "enterprise")
    require_admin(scope)
    data = load(CallQuery(), query or {})
    line = data["line"].strip()
    return _rows(tx, tenant, _enterprises(tx, tenant), data, [line] if line else [])


def list_user_calls(tx: Transaction, scope: Scope, user_id: Any, query: Any = None) -> dict[str, Any]:
    """A user's own calls: as caller or callee, or the one who answered. Only the signed-in user's."""
    user = as_uuid(user_id)
    if user is None or scope.user_id != str(user):
        raise NotFound("user")
    data = load(UserCallQuery(), query or {})
    names = tx.all("SELECT DISTINCT username FROM subscriber WHERE user_id = %s", (str(user),))
    lines = sorted({str(user), *(row["username"] for row in names), *(n.strip() for n in data["numbers"])} - {""})
    if data["line"].strip():
        lines = [data["line"].strip()] if data["line"].strip() in lines else ["-"]
    return _rows(tx, scope.tenant, _enterprises(tx, scope.tenant), data, lines)


def calls_per_period(tx: Transaction, scope: Scope, enterprise_id: Any, query: Any = None) -> dict[str, Any]:
    """How many calls started in each of the last ``periods`` hours or days, zeros included. Periods are the
    wall-clock hours and days of the query's time zone (a day is local midnight to midnight)."""
    tenant = require_tenant(tx, scope, enterprise_id, "enterprise")
    require_admin(scope)
    data = load(ChartQuery(), query or {})
    unit, periods, zone = data["unit"], data["periods"], ZoneInfo(data["time_zone"])
    step = timedelta(hours=1) if unit == "hour" else timedelta(days=1)
    now = datetime.now(zone).replace(minute=0, second=0, microsecond=0, tzinfo=None)  # local wall clock
    if unit == "day":
        now = now.replace(hour=0)
    first = now - step * (periods - 1)
    window = {
        "tenant": tenant,
        "since": first.replace(tzinfo=zone),
        "until": (now + step).replace(tzinfo=zone),
        "unit": unit,
        "zone": data["time_zone"],
    }
    counts = {row["period"]: int(row["calls"]) for row in tx.all(PER_PERIOD, window)}
    points = [first + step * i for i in range(periods)]
    return {
        "unit": unit,
        "time_zone": data["time_zone"],
        "points": [{"at": p.replace(tzinfo=zone).isoformat(), "calls": counts.get(p, 0)} for p in points],
    }
