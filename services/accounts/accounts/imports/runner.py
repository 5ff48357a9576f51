"""Runs import jobs in the background of the accounts service, as threads the container manages; on stop it
waits for a running job to end (a job killed inside psycopg2 would break its connection). On start, the jobs a
crash cut off are closed (see jobs.recover_interrupted)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import eventlet
from nameko import config
from nameko.extensions import DependencyProvider

from accounts.imports.jobs import recover_interrupted
from relais_kit.db import open_source

log = logging.getLogger(__name__)

STOP_WAIT_SECONDS = 120


class ImportJobs(DependencyProvider):
    def setup(self) -> None:
        self.running: set[Any] = set()

    def start(self) -> None:
        source = open_source(config["DATABASE_URL"], "accounts", 1)
        try:
            recover_interrupted(source)
        finally:
            source.close()

    def get_dependency(self, worker_ctx: Any) -> Callable[[Callable[[], None]], None]:
        return self.spawn

    def spawn(self, job: Callable[[], None]) -> None:
        def run() -> None:
            try:
                job()
            except Exception:  # an uncaught error would kill the container
                log.exception("import job failed")

        thread = self.container.spawn_managed_thread(run, identifier="user_import")
        self.running.add(thread)
        thread.link(lambda finished: self.running.discard(finished))

    def stop(self) -> None:
        with eventlet.Timeout(STOP_WAIT_SECONDS, False):
            for thread in list(self.running):
                thread.wait()
