"""Routing's domain errors (their names are part of the contract); the shared ones come from relais_kit.errors."""

from __future__ import annotations

from nameko.exceptions import deserialize_to_instance

from relais_kit.errors import DomainError


@deserialize_to_instance
class RoutingContention(DomainError):
    """The call's shared state kept changing under it (many calls to one group at once); media may retry."""

    code = "routing_contention"
