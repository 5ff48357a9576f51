"""The RPCs of the group services and enterprise settings (RTE-07, RTE-09..16), mixed into RoutingService.

Each object-by-object service gets list_<plural>, get_<name>, create_<name>, update_<name>, delete_<name>; all take
the gateway's ``scope`` first and answer NotFound for anything outside it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from relais_kit.db import Database
from relais_kit.rpc import rpc
from routing import group_services as work
from routing.group_resources import GROUP_SERVICES, GroupService
from routing.scope import Scope, parse_scope
from routing.storage import RoutingStore


class _Scoped:
    db: Database

    @contextmanager
    def _in_scope(self, scope: Any) -> Iterator[tuple[RoutingStore, Scope]]:
        who = parse_scope(scope)
        with self.db.transaction() as tx:
            yield RoutingStore(tx), who


def _crud(service: GroupService) -> dict[str, Callable[..., Any]]:
    def list_(self: _Scoped, scope: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._in_scope(scope) as (store, who):
            return work.list_groups(store, who, service, enterprise_id)

    def get(self: _Scoped, scope: Any, object_id: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.get_group(store, who, service, object_id)

    def create(self: _Scoped, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.create_group(store, who, service, enterprise_id, payload)

    def update(self: _Scoped, scope: Any, object_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.update_group(store, who, service, object_id, payload)

    def delete(self: _Scoped, scope: Any, object_id: Any) -> None:
        with self._in_scope(scope) as (store, who):
            work.delete_group(store, who, service, object_id)

    return {
        f"list_{service.plural}": rpc(list_),
        f"get_{service.name}": rpc(get),
        f"create_{service.name}": rpc(create),
        f"update_{service.name}": rpc(update),
        f"delete_{service.name}": rpc(delete),
    }


class GroupServiceRpcs(_Scoped):
    @rpc
    def set_call_centre_agent(self, scope: Any, centre_id: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.set_agent_state(store, who, centre_id, user_id, payload)

    @rpc
    def create_speed_code_range(self, scope: Any, enterprise_id: Any, payload: Any) -> list[dict[str, Any]]:
        with self._in_scope(scope) as (store, who):
            return work.create_speed_code_range(store, who, enterprise_id, payload)

    @rpc
    def move_speed_codes(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.move_speed_codes(store, who, enterprise_id, payload)

    @rpc
    def get_speed_dials(self, scope: Any, enterprise_id: Any, user_id: Any, kind: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.get_speed_dials(store, who, enterprise_id, user_id, kind)

    @rpc
    def set_speed_dials(self, scope: Any, enterprise_id: Any, user_id: Any, kind: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.set_speed_dials(store, who, enterprise_id, user_id, kind, payload)

    @rpc
    def get_account_code_policy(self, scope: Any, enterprise_id: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.get_account_code_policy(store, who, enterprise_id)

    @rpc
    def set_account_code_policy(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.set_account_code_policy(store, who, enterprise_id, payload)

    @rpc
    def get_line_account_codes(self, scope: Any, enterprise_id: Any, user_id: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.get_line_account_codes(store, who, enterprise_id, user_id)

    @rpc
    def set_line_account_codes(self, scope: Any, enterprise_id: Any, user_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.set_line_account_codes(store, who, enterprise_id, user_id, payload)

    @rpc
    def clear_line_account_codes(self, scope: Any, enterprise_id: Any, user_id: Any) -> None:
        with self._in_scope(scope) as (store, who):
            work.clear_line_account_codes(store, who, enterprise_id, user_id)

    @rpc
    def list_authorization_codes(self, scope: Any, enterprise_id: Any) -> list[dict[str, Any]]:
        with self._in_scope(scope) as (store, who):
            return work.list_authorization_codes(store, who, enterprise_id)

    @rpc
    def create_authorization_code(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.create_authorization_code(store, who, enterprise_id, payload)

    @rpc
    def delete_authorization_code(self, scope: Any, code_id: Any) -> None:
        with self._in_scope(scope) as (store, who):
            work.delete_authorization_code(store, who, code_id)

    @rpc
    def get_external_calls(self, scope: Any, enterprise_id: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.get_external_calls(store, who, enterprise_id)

    @rpc
    def set_external_calls(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.set_external_calls(store, who, enterprise_id, payload)

    @rpc
    def get_emergency_settings(self, scope: Any, enterprise_id: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.get_emergency(store, who, enterprise_id)

    @rpc
    def set_emergency_settings(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.set_emergency(store, who, enterprise_id, payload)

    @rpc
    def get_enterprise_settings(self, scope: Any, enterprise_id: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.get_enterprise_settings(store, who, enterprise_id)

    @rpc
    def set_enterprise_settings(self, scope: Any, enterprise_id: Any, payload: Any) -> dict[str, Any]:
        with self._in_scope(scope) as (store, who):
            return work.set_enterprise_settings(store, who, enterprise_id, payload)


for _service in GROUP_SERVICES:
    for _name, _method in _crud(_service).items():
        setattr(GroupServiceRpcs, _name, _method)
