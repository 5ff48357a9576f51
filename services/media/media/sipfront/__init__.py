"""The SIP front (MED-01): Kamailio as registrar and proxy, its config generated from our data, asked per call."""
