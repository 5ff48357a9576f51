"""Relais accounts service: the tenant tree, users, roles and sign-in (ACC-*)."""
