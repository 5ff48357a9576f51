"""Relais billing: catalogue, CDRs, rating, invoices."""
