"""Relais media: the SIP front and pjsua2 media workers."""
