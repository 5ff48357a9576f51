"""``relais up | migrate | seed | run-service``: the one command-line entry of the platform."""

from __future__ import annotations

import warnings

# eventlet warns on import that it is in maintenance; nameko 3 needs it (see ../shared/STACK.md).
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

eventlet.monkey_patch()  # before anything opens a socket: nameko needs cooperative I/O

import argparse  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from typing import Any  # noqa: E402

from relais import launcher  # noqa: E402
from relais.infrastructure import Infrastructure, data_dir, ensure_secrets_key, resolve  # noqa: E402
from relais.mail import outgoing_mail  # noqa: E402
from relais.operations import (  # noqa: E402
    migrate_all,
    rebuild_routing_projections,
    seed,
    sip_front,
    system_prompts,
)
from relais.services import ServiceSpec, discover, platform_config  # noqa: E402

REBUILD_HELP = (
    "empty routing's projections of accounts' data (tenants, departments) and forget, in routing.processed_events,"
    " the accounts events that built them; routing's own configuration and call state are kept. Then replay"
    " accounts' outbox (mark its rows unpublished: UPDATE accounts.outbox SET published_at = NULL) so the running"
    " accounts service republishes every event and routing rebuilds the projections from them"
)


def _configured(specs: list[ServiceSpec]) -> dict[str, Any]:
    return platform_config(specs)


def _resolve(specs: list[ServiceSpec], mode: str) -> tuple[Infrastructure, dict[str, Any]]:
    key_line = ensure_secrets_key()
    config = _configured(specs)
    infra = resolve(config["AMQP_URI"], config["DATABASE_URL"], mode)
    os.environ["RELAIS_AMQP_URI"] = infra.amqp_uri
    os.environ["RELAIS_DATABASE_URL"] = infra.database_url
    infra.notes.append(key_line)
    return infra, _configured(specs)


def cmd_up(args: argparse.Namespace) -> None:
    specs = discover()
    infra, config = _resolve(specs, args.mode)
    print("Relais is starting")
    for line in infra.describe():
        print(f"  {line}")
    with outgoing_mail(config, data_dir()) as mail_line:
        print(f"  {mail_line}")
        config = _configured(specs)  # the mail settings may have changed
        for line in migrate_all(specs, infra.database_url):
            print(f"  {line}")
        for line in seed(config, infra.database_url):
            print(f"  {line}")
        for line in system_prompts(config):
            print(f"  {line}")
        portal = config["GATEWAY"]["PUBLIC_URL"]

        def announce() -> None:
            print(f"\nRelais is up. Portal: {portal}/  (API: {portal}/api/v1, docs: {portal}/api/docs)", flush=True)
            for line in sip_front(config):
                print(line, flush=True)
            print("Press Ctrl-C to stop.", flush=True)

        if infra.embedded_broker:
            launcher.run_in_process(specs, config, on_ready=announce)
        else:
            launcher.run_supervised(specs, config, dict(os.environ), on_ready=announce)


def cmd_migrate(args: argparse.Namespace) -> None:
    specs = discover()
    infra, _ = _resolve(specs, args.mode)
    for line in migrate_all(specs, infra.database_url):
        print(line)


def cmd_seed(args: argparse.Namespace) -> None:
    specs = discover()
    infra, config = _resolve(specs, args.mode)
    for line in seed(config, infra.database_url):
        print(line)


def cmd_rebuild_projections(args: argparse.Namespace) -> None:
    specs = discover()
    infra, _ = _resolve(specs, args.mode)
    for line in rebuild_routing_projections(infra.database_url):
        print(line)


def cmd_run_service(args: argparse.Namespace) -> None:
    specs = {spec.name: spec for spec in discover()}
    if args.name not in specs:
        raise SystemExit(f"relais: no service named {args.name!r}; known: {', '.join(specs)}")
    launcher.run_one(specs[args.name], _configured(list(specs.values())))


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(
        level=os.environ.get("RELAIS_LOG_LEVEL", "WARNING"), format="%(levelname)s %(name)s: %(message)s"
    )
    parser = argparse.ArgumentParser(prog="relais", description="Run and manage the Relais platform.")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, text in (
        ("up", cmd_up, "start the whole platform and print the portal URL"),
        ("migrate", cmd_migrate, "apply every service's pending database migrations"),
        ("seed", cmd_seed, "create the system administrator, default reseller and professional user if missing"),
        ("rebuild-projections", cmd_rebuild_projections, REBUILD_HELP),
    ):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument(
            "--mode",
            choices=("auto", "embedded", "external"),
            default=os.environ.get("RELAIS_MODE", "auto"),
            help="auto: use the configured PostgreSQL and RabbitMQ when they answer, else embedded ones",
        )
        command.set_defaults(func=func)
    run_service = sub.add_parser("run-service", help="run one service in this process (containers, `up`)")
    run_service.add_argument("name")
    run_service.set_defaults(func=cmd_run_service)
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except KeyboardInterrupt:
        sys.exit(130)
