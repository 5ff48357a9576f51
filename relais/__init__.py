"""The `relais` command: run, migrate and seed the platform."""
