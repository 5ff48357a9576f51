"""One enterprise's routing configuration read from the tables into the engine's Snapshot."""

from __future__ import annotations

import hashlib
import hmac
import os
from collections import defaultdict
from typing import Any

from nameko import config

from relais_kit.config import section
from routing.engine import (
    AccountCodePolicy,
    AuthorizationCode,
    AutoAttendant,
    CallCentre,
    CallClass,
    Department,
    Did,
    EmergencyRecipient,
    EmergencySettings,
    ExternalCallSettings,
    Forwarding,
    ForwardRule,
    Holiday,
    HuntAlgorithm,
    HuntGroup,
    HuntMember,
    InstantGroupCall,
    Menu,
    MenuAction,
    MenuKey,
    NightForwarding,
    NightForwardingMode,
    NotificationChannel,
    PagingGroup,
    ParkGroup,
    PhoneZone,
    PickupGroup,
    RestrictionExemption,
    RestrictionLevel,
    RestrictionMatch,
    RestrictionRule,
    Schedule,
    SelectiveForward,
    SimultaneousRing,
    Snapshot,
    SpeedCode,
    Target,
    TargetKind,
    User,
    WeeklyHours,
)
from routing.storage.base import Queries

DEFAULT_TIME_ZONE = "America/Toronto"


def target(kind: str | None, ref: str | None) -> Target | None:
    return Target(TargetKind(kind), ref) if kind and ref else None


def _policy(row: dict[str, Any]) -> AccountCodePolicy:
    return AccountCodePolicy(
        required_for=frozenset(CallClass(c) for c in row["required_for"]),
        must_be_valid=row["must_be_valid"],
        codes=tuple(row["codes"]),
        min_length=row["min_length"],
        max_length=row["max_length"],
        max_attempts=row["max_attempts"],
    )


def _grouped(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[str(row[key])].append(row)
    return out


class SnapshotQueries(Queries):
    def config_version(self, path: list[str]) -> int:
        """Grows whenever anything in the snapshot of the enterprise at the end of `path` changes."""
        return int(
            self.tx.scalar(
                "SELECT coalesce(sum(version), 0) FROM config_versions WHERE tenant_id = ANY(%s::uuid[])", (path,)
            )
        )

    def load_snapshot(self, enterprise_id: str, path: list[str]) -> Snapshot:
        one, all_ = self.tx.one, self.tx.all
        tenant = one("SELECT time_zone FROM tenants WHERE id = %s", (enterprise_id,)) or {}
        settings = one("SELECT * FROM enterprise_settings WHERE tenant_id = %s", (enterprise_id,)) or {}
        args = (enterprise_id,)
        schedules = self._schedules(enterprise_id)
        agents = _grouped(
            all_("SELECT centre_id, user_id FROM call_centre_agents WHERE tenant_id = %s AND joined ORDER BY position",
                 args),
            "centre_id",
        )  # fmt: skip
        codes = tuple(
            AuthorizationCode(row["code_hash"], _str(row["user_id"]))
            for row in all_("SELECT code_hash, user_id FROM authorization_codes WHERE tenant_id = %s", args)
        )
        return Snapshot(
            enterprise_id=enterprise_id,
            reseller_id=path[-2] if len(path) >= 2 else "",
            country=settings.get("country") or "CA",
            time_zone=settings.get("time_zone") or tenant.get("time_zone") or DEFAULT_TIME_ZONE,
            main_number=settings.get("main_number"),
            virtual_operator=target(settings.get("virtual_operator_kind"), settings.get("virtual_operator_ref")),
            instant_group_calls=tuple(
                InstantGroupCall(
                    id=str(row["id"]),
                    name=row["name"],
                    member_user_ids=tuple(str(u) for u in row["member_user_ids"]),
                    external_numbers=tuple(row["external_numbers"]),
                    active=row["active"],
                    extension=row["extension"],
                    answer_confirmation=row["answer_confirmation"],
                )
                for row in all_("SELECT * FROM instant_group_calls WHERE tenant_id = %s ORDER BY name", args)
            ),
            series_completions=tuple(
                tuple(str(u) for u in row["member_user_ids"])
                for row in all_("SELECT member_user_ids FROM series_completions WHERE tenant_id = %s ORDER BY id", args)
            ),
            pickup_groups=tuple(
                PickupGroup(str(row["id"]), row["name"], tuple(str(u) for u in row["member_user_ids"]))
                for row in all_("SELECT * FROM pickup_groups WHERE tenant_id = %s ORDER BY name", args)
            ),
            park_groups=tuple(
                ParkGroup(
                    str(row["id"]), row["name"], tuple(str(u) for u in row["member_user_ids"]), row["recall_seconds"]
                )
                for row in all_("SELECT * FROM park_groups WHERE tenant_id = %s ORDER BY name", args)
            ),
            external_calls=_external_calls(one("SELECT * FROM external_call_settings WHERE tenant_id = %s", args)),
            authorization_codes=codes,
            authorization_key=authorization_key(enterprise_id) if codes else "",
            internal_messaging_only=bool(settings.get("internal_messaging_only", False)),
            show_internal_extensions=bool(settings.get("show_internal_extensions", True)),
            speed_codes=tuple(
                SpeedCode(row["code"], row["number"], _str(row["department_id"]))
                for row in all_("SELECT code, number, department_id FROM speed_codes WHERE tenant_id = %s", args)
            ),
            users=self._users(enterprise_id),
            departments=tuple(
                Department(
                    id=str(row["id"]),
                    name=row["name"],
                    parent_id=str(row["parent_id"]) if row["parent_id"] else None,
                    max_outgoing_external=row["max_outgoing_calls"],
                    max_incoming_external=row["max_incoming_calls"],
                )
                for row in all_("SELECT * FROM departments WHERE tenant_id = %s", args)
            ),
            dids=tuple(
                Did(row["number"], Target(TargetKind(row["target_kind"]), row["target_ref"]))
                for row in all_(
                    "SELECT number, target_kind, target_ref FROM dids WHERE tenant_id = %s UNION ALL"
                    " SELECT pilot, 'hunt_group', id::text FROM hunt_groups WHERE tenant_id = %s AND pilot IS NOT NULL",
                    (enterprise_id, enterprise_id),
                )
            ),
            hunt_groups=self._hunt_groups(enterprise_id),
            call_centres=tuple(
                CallCentre(
                    id=str(row["id"]),
                    name=row["name"],
                    active=row["active"],
                    max_wait_seconds=row["max_wait_seconds"],
                    music=row["music"],
                    overflow=target(row["overflow_kind"], row["overflow_ref"]),
                    extension=row["extension"],
                    queue_max_callers=row["queue_max_callers"],
                    agent_user_ids=tuple(str(a["user_id"]) for a in agents.get(str(row["id"]), [])),
                )
                for row in all_("SELECT * FROM call_centres WHERE tenant_id = %s", args)
            ),
            paging_groups=tuple(
                PagingGroup(
                    str(row["id"]),
                    row["name"],
                    tuple(str(u) for u in row["member_user_ids"]),
                    row["active"],
                    row["extension"],
                    tuple(str(u) for u in row["originator_user_ids"]),
                )
                for row in all_("SELECT * FROM paging_groups WHERE tenant_id = %s", args)
            ),
            auto_attendants=self._auto_attendants(enterprise_id),
            schedules=schedules,
            night_forwarding=tuple(
                NightForwarding(
                    target=Target(TargetKind(row["target_kind"]), row["target_ref"]),
                    mode=NightForwardingMode(row["mode"]),
                    business_schedule_id=_str(row["business_schedule_id"]),
                    holiday_schedule_id=_str(row["holiday_schedule_id"]),
                    user_ids=tuple(str(u) for u in row["user_ids"]),
                )
                for row in all_("SELECT * FROM night_forwarding WHERE tenant_id = %s ORDER BY id", args)
            ),
            restriction_rules=tuple(
                RestrictionRule(
                    id=str(row["id"]),
                    match=RestrictionMatch(row["match"]),
                    value=row["value"],
                    level=RestrictionLevel(row["level"]),
                    owner_id=_str(row["owner_id"]),
                    allow=row["allow"],
                    per_user=row["per_user"],
                    name=row["name"],
                )
                for row in all_(
                    "SELECT * FROM restriction_rules WHERE tenant_id = ANY(%s::uuid[]) ORDER BY id", (path,)
                )
            ),
            restriction_exemptions=tuple(
                RestrictionExemption(str(row["rule_id"]), RestrictionLevel(row["level"]), str(row["subject_id"]))
                for row in all_("SELECT * FROM restriction_exemptions WHERE tenant_id = ANY(%s::uuid[])", (path,))
            ),
            zones=tuple(
                PhoneZone(str(row["id"]), row["name"], tuple(row["area_codes"]))
                for row in all_("SELECT * FROM phone_zones WHERE tenant_id = %s ORDER BY name", args)
            ),
            emergency=self._emergency(enterprise_id),
            account_codes=next(
                (
                    _policy(row)
                    for row in all_(
                        "SELECT * FROM account_code_policies WHERE tenant_id = %s AND user_id IS NULL", args
                    )
                ),
                None,
            ),
        )

    def _users(self, enterprise_id: str) -> tuple[User, ...]:
        args = (enterprise_id,)
        lines = self.tx.all("SELECT * FROM lines WHERE tenant_id = %s ORDER BY user_id", args)
        settings = {
            str(r["user_id"]): r for r in self.tx.all("SELECT * FROM line_forwarding WHERE tenant_id = %s", args)
        }
        rules = _grouped(self.tx.all("SELECT * FROM forwarding_rules WHERE tenant_id = %s", args), "user_id")
        selective = _grouped(
            self.tx.all("SELECT * FROM selective_forwards WHERE tenant_id = %s ORDER BY position", args), "user_id"
        )
        dids = _grouped(
            self.tx.all(
                "SELECT number, target_ref FROM dids WHERE tenant_id = %s AND target_kind = 'user' ORDER BY number",
                args,
            ),
            "target_ref",
        )
        ticks = _grouped(self.tx.all("SELECT * FROM user_restrictions WHERE tenant_id = %s", args), "user_id")
        policies = {
            str(r["user_id"]): _policy(r)
            for r in self.tx.all(
                "SELECT * FROM account_code_policies WHERE tenant_id = %s AND user_id IS NOT NULL", args
            )
        }
        dials = _grouped(
            self.tx.all("SELECT user_id, kind, code, number FROM speed_dials WHERE tenant_id = %s", args), "user_id"
        )
        users = []
        for line in lines:
            user_id = str(line["user_id"])
            setting = settings.get(user_id)
            by_condition = {row["condition"]: row for row in rules.get(user_id, [])}
            forwarding = Forwarding()
            simultaneous = None
            if setting is not None:
                forwarding = Forwarding(
                    always=_rule(by_condition.get("always")),
                    busy=_rule(by_condition.get("busy")),
                    no_answer=_rule(by_condition.get("no_answer")),
                    unreachable=_rule(by_condition.get("unreachable")),
                    selective=tuple(
                        SelectiveForward(
                            callers=tuple(row["callers"]),
                            target=Target(TargetKind(row["target_kind"]), row["target_ref"]),
                            enabled=row["enabled"],
                            business_schedule_id=_str(row["business_schedule_id"]),
                        )
                        for row in selective.get(user_id, [])
                    ),
                    ring_seconds=setting["ring_seconds"],
                    straight_to_voicemail=setting["straight_to_voicemail"],
                )
                if setting["simultaneous_numbers"]:
                    simultaneous = SimultaneousRing(
                        tuple(setting["simultaneous_numbers"]),
                        setting["simultaneous_enabled"],
                        setting["simultaneous_screening"],
                    )
            users.append(
                User(
                    id=user_id,
                    extension=line["extension"],
                    dids=tuple(row["number"] for row in dids.get(user_id, [])),
                    department_id=_str(line["department_id"]),
                    language=line["language"],
                    forwarding=forwarding,
                    simultaneous_ring=simultaneous,
                    voicemail_enabled=line["voicemail_enabled"],
                    restriction_ids=tuple(sorted(str(row["rule_id"]) for row in ticks.get(user_id, []))),
                    account_codes=policies.get(user_id),
                    speed_dials=tuple(
                        (d["code"] if d["kind"] == "8" else f"#{d['code']}", d["number"])
                        for d in sorted(dials.get(user_id, []), key=lambda d: (d["kind"], d["code"]))
                    ),
                )
            )
        return tuple(users)

    def _hunt_groups(self, enterprise_id: str) -> tuple[HuntGroup, ...]:
        args = (enterprise_id,)
        members = _grouped(
            self.tx.all("SELECT * FROM hunt_group_members WHERE tenant_id = %s ORDER BY position", args), "group_id"
        )
        return tuple(
            HuntGroup(
                id=str(row["id"]),
                name=row["name"],
                pilot=row["pilot"],
                extension=row["extension"],
                members=tuple(
                    HuntMember(str(m["user_id"]), m["logged_in"], m["weight"]) for m in members.get(str(row["id"]), [])
                ),
                algorithm=HuntAlgorithm(row["algorithm"]),
                ring_seconds_per_member=row["ring_seconds_per_member"],
                queue_enabled=row["queue_enabled"],
                queue_max_callers=row["queue_max_callers"],
                queue_max_wait_seconds=row["queue_max_wait_seconds"],
                queue_music=row["queue_music"],
                overflow=target(row["overflow_kind"], row["overflow_ref"]),
                active=row["active"],
            )
            for row in self.tx.all("SELECT * FROM hunt_groups WHERE tenant_id = %s ORDER BY name", args)
        )

    def _auto_attendants(self, enterprise_id: str) -> tuple[AutoAttendant, ...]:
        args = (enterprise_id,)
        menus = _grouped(
            self.tx.all("SELECT * FROM attendant_menus WHERE tenant_id = %s ORDER BY menu", args), "attendant_id"
        )
        keys = _grouped(
            self.tx.all(
                "SELECT *, attendant_id::text || '/' || menu AS menu_ref FROM attendant_menu_keys"
                " WHERE tenant_id = %s ORDER BY key",
                args,
            ),
            "menu_ref",
        )
        return tuple(
            AutoAttendant(
                id=str(row["id"]),
                name=row["name"],
                active=row["active"],
                extension=row["extension"],
                business_hours_menu_id=row["business_hours_menu"],
                after_hours_menu_id=row["after_hours_menu"],
                business_schedule_id=_str(row["business_schedule_id"]),
                holiday_schedule_id=_str(row["holiday_schedule_id"]),
                simple_menu=row["simple_menu"],
                operator=target(row["operator_kind"], row["operator_ref"]),
                max_attempts=row["max_attempts"],
                menus=tuple(
                    Menu(
                        id=menu["menu"],
                        prompt=menu["prompt"],
                        timeout_seconds=menu["timeout_seconds"],
                        keys=tuple(
                            MenuKey(key["key"], MenuAction(key["action"]), key["ref"])
                            for key in keys.get(f"{row['id']}/{menu['menu']}", [])
                        ),
                    )
                    for menu in menus.get(str(row["id"]), [])
                ),
            )
            for row in self.tx.all("SELECT * FROM auto_attendants WHERE tenant_id = %s ORDER BY name", args)
        )

    def _schedules(self, enterprise_id: str) -> tuple[Schedule, ...]:
        args = (enterprise_id,)
        hours = _grouped(
            self.tx.all("SELECT * FROM schedule_hours WHERE tenant_id = %s ORDER BY weekday, start_time", args),
            "schedule_id",
        )
        holidays = _grouped(
            self.tx.all("SELECT * FROM schedule_holidays WHERE tenant_id = %s ORDER BY position", args), "schedule_id"
        )
        return tuple(
            Schedule(
                id=str(row["id"]),
                name=row["name"],
                weekly=tuple(
                    WeeklyHours(h["weekday"], h["start_time"], h["end_time"]) for h in hours.get(str(row["id"]), [])
                ),
                holidays=tuple(
                    Holiday(h["start_date"], h["end_date"], h["name"], h["yearly"])
                    for h in holidays.get(str(row["id"]), [])
                ),
            )
            for row in self.tx.all("SELECT * FROM schedules WHERE tenant_id = %s ORDER BY name", args)
        )

    def _emergency(self, enterprise_id: str) -> EmergencySettings:
        settings = self.tx.one("SELECT * FROM emergency_settings WHERE tenant_id = %s", (enterprise_id,))
        recipients = self.tx.all(
            "SELECT * FROM emergency_recipients WHERE tenant_id = %s ORDER BY position", (enterprise_id,)
        )
        if settings is None:
            return EmergencySettings()
        return EmergencySettings(
            extra_numbers=tuple(settings["extra_numbers"]),
            notifications_enabled=settings["notifications_enabled"],
            recipients=tuple(
                EmergencyRecipient(NotificationChannel(r["channel"]), r["address"], _str(r["department_id"]))
                for r in recipients
            ),
        )


def authorization_key(enterprise_id: str) -> str:
    """The key of an enterprise's authorization-code hashes, the same for storing a code and checking one (RTE-13):
    an HMAC of the enterprise id under the platform's secret (ROUTING.SECRETS_KEY, from RELAIS_SECRETS_KEY), so the
    stored hashes of 1–15 digit codes cannot be tried offline by whoever reads the table."""
    secret = str(section(config, "routing").get("SECRETS_KEY") or os.environ.get("RELAIS_SECRETS_KEY") or "")
    if not secret:
        raise RuntimeError("ROUTING.SECRETS_KEY (RELAIS_SECRETS_KEY) is not set: authorization codes cannot be keyed")
    return hmac.new(secret.encode(), str(enterprise_id).encode(), hashlib.sha256).hexdigest()


def _external_calls(row: dict[str, Any] | None) -> ExternalCallSettings:
    if row is None:
        return ExternalCallSettings()
    return ExternalCallSettings(
        max_outgoing=row["max_outgoing_calls"],
        max_incoming=row["max_incoming_calls"],
        local_carrier_code=row["local_carrier_code"],
        long_distance_carrier_code=row["long_distance_carrier_code"],
        international_carrier_code=row["international_carrier_code"],
    )


def _rule(row: dict[str, Any] | None) -> ForwardRule | None:
    if row is None:
        return None
    return ForwardRule(Target(TargetKind(row["target_kind"]), row["target_ref"]), row["enabled"])


def _str(value: Any) -> str | None:
    return str(value) if value is not None else None
