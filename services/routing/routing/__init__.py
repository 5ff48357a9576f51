"""Relais routing service: calling features and the call-routing engine (RTE-*)."""
