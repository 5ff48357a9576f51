-- Where a parked call waits (RTE-10): routing holds the enterprise's park slots; this says which pjsua2 worker
-- holds the call on a slot, so the SIP front sends a call retrieving that slot (*88<slot>) to that worker.
CREATE TABLE parked_calls (
    enterprise_id uuid NOT NULL,
    slot integer NOT NULL CONSTRAINT parked_calls_slot_check CHECK (slot BETWEEN 1 AND 999),
    call_id text NOT NULL,
    worker_address text NOT NULL,
    parked_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT parked_calls_pkey PRIMARY KEY (enterprise_id, slot)
);
