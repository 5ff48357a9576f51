"""Relais gateway: the REST API, the web portal and the partner gRPC server."""
