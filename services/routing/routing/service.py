"""The routing nameko service: wiring only; the work is in calls.py, configuration.py and consumers.py."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from nameko import config
from nameko.timer import timer

from relais_kit.config import section
from relais_kit.db import Database, Transaction
from relais_kit.events import consumes
from relais_kit.rpc import rpc
from relais_kit.service import PlatformService
from routing import calls, configuration, consumers, line_consumers
from routing.call_path import RoutingCallPath
from routing.group_rpcs import GroupServiceRpcs
from routing.resources import AUTO_ATTENDANT, HUNT_GROUP, PHONE_ZONE, RESTRICTION_RULE, SCHEDULE
from routing.scope import Scope, parse_scope, require_admin, require_tenant
from routing.snapshots import Snapshots
from routing.storage import RoutingStore

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
MAX_CALL_SECONDS = 6 * 3600
KEEP_ENDED_SECONDS = 24 * 3600
PARK_SLOTS = 20

# The consumers whose processed events `relais rebuild-projections` forgets (their qualified names, as recorded).
PROJECTION_CONSUMERS = tuple(
    f"routing.service.RoutingService.{name}"
    for name in (
        "on_reseller_created",
        "on_reseller_updated",
        "on_reseller_deleted",
        "on_customer_account_created",
        "on_customer_account_updated",
        "on_customer_account_deleted",
        "on_department_changed",
        "on_department_deleted",
        "on_user_created",
        "on_user_updated",
        "on_user_deleted",
        "on_extension_changed",
        "on_did_assigned",
        "on_phone_assigned",
    )
)


class RoutingService(GroupServiceRpcs, PlatformService):
    name = "routing"
    schema = "routing"
    migrations_dir = MIGRATIONS
    kit_tables = ("inbox",)

    db = Database("routing")
    snapshots = Snapshots()
    call_path = RoutingCallPath()  # route_call, step_call, call_ended over keep-alive HTTP for media

    @contextmanager
    def _scoped(self, scope: Any) -> Iterator[tuple[RoutingStore, Scope]]:
        who = parse_scope(scope)
        with self.db.transaction() as tx:
            yield RoutingStore(tx), who

    # --- the call path, asked by media (protos/rpc/routing.v1.json) -------------------------------------------

    @rpc
    def route_call(self, request: Any) -> dict[str, Any]:
        return calls.route_call(self.db, self.snapshots, request)

    @rpc
    def step_call(self, state: Any, event: Any) -> dict[str, Any]:
        return calls.step_call(self.db, self.snapshots, state, event)

    @rpc
    def call_ended(self, call_id: Any) -> dict[str, Any]:
        return calls.call_ended(self.db, {"call_id": call_id})

    @rpc
    def trace_route(
        self, scope: Any, caller_number: Any, dialled_number: Any, at: Any = None, enterprise_id: Any = None
    ) -> dict[str, Any]:
        payload = {"caller_number": caller_number, "dialled_number": dialled_number, "at": at}
        return calls.trace_route(
            self.db, self.snapshots, parse_scope(scope), {**payload, "enterprise_id": enterprise_id}
        )

    @rpc
    def park_call(self, call_id: Any, enterprise_id: Any, parked_by: Any = None) -> dict[str, Any]:
        """RTE-10: the lowest free park slot of the enterprise now holds the call (or the one it already holds)."""
        with self.db.transaction() as tx:
            slot = RoutingStore(tx).park(str(enterprise_id), str(call_id), parked_by, PARK_SLOTS)
        return {"call_id": str(call_id), "slot": slot}

    @rpc
    def retrieve_parked(self, enterprise_id: Any, slot: Any) -> dict[str, Any]:
        with self.db.transaction() as tx:
            call_id = RoutingStore(tx).retrieve_parked(str(enterprise_id), int(slot))
        return {"slot": int(slot), "call_id": call_id}

    @timer(interval=60)
    def release_stale_calls(self) -> None:
        """Calls whose end never arrived stop holding their department's counters after MAX_CALL_SECONDS."""
        settings = section(config, "routing")
        with self.db.transaction() as tx:
            RoutingStore(tx).release_stale_calls(
                int(settings.get("MAX_CALL_SECONDS", MAX_CALL_SECONDS)), KEEP_ENDED_SECONDS
            )

    # --- configuration (RTE-02..08), scoped by the gateway's `scope` -----------------------------------------

    @rpc
    def unblock_line(self, scope: Any, enterprise_id: Any, user_id: Any) -> dict[str, Any]:
        """RTE-13: lift the block set after too many wrong account codes."""
        with self._scoped(scope) as (store, who):
            require_admin(who)
            require_tenant(store, who, enterprise_id)
            return {"user_id": str(user_id), "unblocked": store.unblock_line(str(user_id))}

    @rpc
    def list_restriction_rules(self, scope: Any, tenant_id: Any) -> list[dict[str, Any]]:
        with self._scoped(scope) as (store, who):
            return configuration.list_objects(store, who, RESTRICTION_RULE, tenant_id)

    @rpc
    def get_restriction_rule(self, scope: Any, rule_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.get(store, who, RESTRICTION_RULE, rule_id)

    @rpc
    def create_restriction_rule(self, scope: Any, tenant_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.create(store, who, RESTRICTION_RULE, tenant_id, payload)

    @rpc
    def update_restriction_rule(self, scope: Any, rule_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.update(store, who, RESTRICTION_RULE, rule_id, payload)

    @rpc
    def delete_restriction_rule(self, scope: Any, rule_id: Any) -> None:
        with self._scoped(scope) as (store, who):
            configuration.delete(store, who, RESTRICTION_RULE, rule_id)

    @rpc
    def add_restriction_exemption(self, scope: Any, rule_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.add_exemption(store, who, rule_id, payload)

    @rpc
    def remove_restriction_exemption(self, scope: Any, exemption_id: Any) -> None:
        with self._scoped(scope) as (store, who):
            configuration.remove_exemption(store, who, exemption_id)

    @rpc
    def list_restriction_exemptions(self, scope: Any, tenant_id: Any) -> list[dict[str, Any]]:
        with self._scoped(scope) as (store, who):
            return configuration.list_exemptions(store, who, tenant_id)

    @rpc
    def set_user_restrictions(self, scope: Any, enterprise_id: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.set_user_restrictions(store, who, enterprise_id, user_id, payload)

    @rpc
    def list_user_restrictions(self, scope: Any, enterprise_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.list_user_restrictions(store, who, enterprise_id)

    @rpc
    def list_phone_zones(self, scope: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._scoped(scope) as (store, who):
            return configuration.list_objects(store, who, PHONE_ZONE, enterprise_id)

    @rpc
    def get_phone_zone(self, scope: Any, zone_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.get(store, who, PHONE_ZONE, zone_id)

    @rpc
    def create_phone_zone(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.create(store, who, PHONE_ZONE, enterprise_id, payload)

    @rpc
    def update_phone_zone(self, scope: Any, zone_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.update(store, who, PHONE_ZONE, zone_id, payload)

    @rpc
    def delete_phone_zone(self, scope: Any, zone_id: Any) -> None:
        with self._scoped(scope) as (store, who):
            configuration.delete(store, who, PHONE_ZONE, zone_id)

    @rpc
    def list_schedules(self, scope: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._scoped(scope) as (store, who):
            return configuration.list_objects(store, who, SCHEDULE, enterprise_id)

    @rpc
    def get_schedule(self, scope: Any, schedule_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.get(store, who, SCHEDULE, schedule_id)

    @rpc
    def create_schedule(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.create(store, who, SCHEDULE, enterprise_id, payload)

    @rpc
    def update_schedule(self, scope: Any, schedule_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.update(store, who, SCHEDULE, schedule_id, payload)

    @rpc
    def delete_schedule(self, scope: Any, schedule_id: Any) -> None:
        with self._scoped(scope) as (store, who):
            configuration.delete(store, who, SCHEDULE, schedule_id)

    @rpc
    def list_hunt_groups(self, scope: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._scoped(scope) as (store, who):
            return configuration.list_objects(store, who, HUNT_GROUP, enterprise_id)

    @rpc
    def get_hunt_group(self, scope: Any, group_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.get(store, who, HUNT_GROUP, group_id)

    @rpc
    def create_hunt_group(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.create(store, who, HUNT_GROUP, enterprise_id, payload)

    @rpc
    def update_hunt_group(self, scope: Any, group_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.update(store, who, HUNT_GROUP, group_id, payload)

    @rpc
    def delete_hunt_group(self, scope: Any, group_id: Any) -> None:
        with self._scoped(scope) as (store, who):
            configuration.delete(store, who, HUNT_GROUP, group_id)

    @rpc
    def list_auto_attendants(self, scope: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._scoped(scope) as (store, who):
            return configuration.list_objects(store, who, AUTO_ATTENDANT, enterprise_id)

    @rpc
    def get_auto_attendant(self, scope: Any, attendant_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.get(store, who, AUTO_ATTENDANT, attendant_id)

    @rpc
    def create_auto_attendant(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.create(store, who, AUTO_ATTENDANT, enterprise_id, payload)

    @rpc
    def update_auto_attendant(self, scope: Any, attendant_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.update(store, who, AUTO_ATTENDANT, attendant_id, payload)

    @rpc
    def delete_auto_attendant(self, scope: Any, attendant_id: Any) -> None:
        with self._scoped(scope) as (store, who):
            configuration.delete(store, who, AUTO_ATTENDANT, attendant_id)

    @rpc
    def get_forwarding(self, scope: Any, enterprise_id: Any, user_id: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.get_forwarding(store, who, enterprise_id, user_id)

    @rpc
    def set_forwarding(self, scope: Any, enterprise_id: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._scoped(scope) as (store, who):
            return configuration.set_forwarding(store, who, enterprise_id, user_id, payload)

    # --- projections of accounts' data -----------------------------------------------------------------------

    @consumes("accounts", "reseller_created", consumers.ResellerChanged)
    def on_reseller_created(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.reseller_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "reseller_updated", consumers.ResellerChanged)
    def on_reseller_updated(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.reseller_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "reseller_deleted", consumers.TenantDeleted)
    def on_reseller_deleted(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.tenant_deleted(RoutingStore(tx), event, data)

    @consumes("accounts", "customer_account_created", consumers.CustomerAccountChanged)
    def on_customer_account_created(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.customer_account_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "customer_account_updated", consumers.CustomerAccountChanged)
    def on_customer_account_updated(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.customer_account_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "customer_account_deleted", consumers.TenantDeleted)
    def on_customer_account_deleted(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.tenant_deleted(RoutingStore(tx), event, data)

    @consumes("accounts", "department_changed", consumers.DepartmentChanged)
    def on_department_changed(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.department_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "department_deleted", consumers.DepartmentDeleted)
    def on_department_deleted(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        consumers.department_deleted(RoutingStore(tx), event, data)

    @consumes("accounts", "user_created", line_consumers.UserChanged)
    def on_user_created(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        line_consumers.user_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "user_updated", line_consumers.UserChanged)
    def on_user_updated(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        line_consumers.user_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "user_deleted", line_consumers.UserChanged)
    def on_user_deleted(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        line_consumers.user_deleted(RoutingStore(tx), event, data)

    @consumes("accounts", "extension_changed", line_consumers.ExtensionChanged)
    def on_extension_changed(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        line_consumers.extension_changed(RoutingStore(tx), event, data)

    @consumes("accounts", "did_assigned", line_consumers.DidAssigned)
    def on_did_assigned(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        line_consumers.did_assigned(RoutingStore(tx), event, data)

    @consumes("accounts", "phone_assigned", line_consumers.PhoneAssigned)
    def on_phone_assigned(self, tx: Transaction, event: dict[str, Any], data: dict[str, Any]) -> None:
        line_consumers.phone_assigned(RoutingStore(tx), event, data)
