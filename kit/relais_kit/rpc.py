"""The RPC entrypoint every service uses: nameko's, with replies published lean, and domain errors expected.

nameko publishes each RPC reply as a persistent message with publisher confirms, after serialising the result
once to check it and again to send it. A reply goes to the caller's exclusive, auto-deleted reply queue: it can
never be recovered from disk, and a reply lost with the broker is a timeout for the caller either way. So replies
here are transient, unconfirmed and serialised once. Requests and events keep nameko's durable defaults.

All RPC entrypoints of a service share one consumer of the service's queue, so a service must not mix this
decorator with ``nameko.rpc.rpc``.
"""

from __future__ import annotations

import sys
from functools import partial
from typing import Any

import kombu.serialization
from nameko import config
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_SSL_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY, NON_PERSISTENT
from nameko.exceptions import UnserializableValueError, serialize
from nameko.rpc import Rpc, RpcConsumer, get_rpc_exchange

from relais_kit.errors import DomainError


class _ReplyPublisher(Publisher):
    use_confirms = False
    delivery_mode = NON_PERSISTENT


class _LeanRpcConsumer(RpcConsumer):
    def handle_result(self, message: Any, result: Any, exc_info: Any) -> tuple[Any, Any]:
        content_type = message.properties["content_type"]
        serializer = kombu.serialization.registry.type_to_name[content_type]
        error = serialize(exc_info[1]) if exc_info is not None else None
        try:
            _, _, body = kombu.serialization.dumps({"result": result, "error": error}, serializer)  # type: ignore[no-untyped-call]
        except Exception:
            # A result that cannot be serialised becomes an error the caller can read (nameko's own rule).
            exc_info = sys.exc_info()
            error = serialize(UnserializableValueError(result))
            result = None
            _, _, body = kombu.serialization.dumps({"result": None, "error": error}, serializer)  # type: ignore[no-untyped-call]
        publisher = _ReplyPublisher(
            self.amqp_uri, ssl=config.get(AMQP_SSL_CONFIG_KEY), login_method=config.get(LOGIN_METHOD_CONFIG_KEY)
        )
        publisher.publish(
            body,
            content_type=content_type,
            content_encoding="utf-8",
            exchange=get_rpc_exchange(),
            routing_key=message.properties["reply_to"],
            correlation_id=message.properties.get("correlation_id"),
        )
        self.consumer.ack_message(message)
        return result, exc_info


class LeanRpc(Rpc):
    rpc_consumer = _LeanRpcConsumer()


# Domain errors are answers, not faults: nameko logs them as warnings.
rpc = partial(LeanRpc.decorator, expected_exceptions=DomainError)
