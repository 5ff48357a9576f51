"""pjsua2 media workers (issue 6): one process = one small B2BUA and application server carrying out routing's plans.

The wheel reachable here holds 4 calls per process and aborts above ~60 calls/s (STACK.md), so a worker refuses
(486 when its legs are all used, 503 above its call rate) rather than letting pjsua abort, and the pool in
``media.pool`` runs several of them behind the SIP front.
"""
