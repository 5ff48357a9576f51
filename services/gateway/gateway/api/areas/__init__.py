"""One module per area of /api/v1 beyond the core (users, numbers, routing …).

Each module defines ``ROUTES`` (a sequence of ``ApiRoute``) and ``HANDLERS`` (operation id → handler); the
registry collects them, so adding an area touches no shared file."""
