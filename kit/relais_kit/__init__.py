"""Infrastructure shared by every Relais service.

Services share no domain code with each other; they share this kit (how to talk to PostgreSQL, publish
events after commit, expose health and metrics) and the contracts in ``protos/``.
"""
