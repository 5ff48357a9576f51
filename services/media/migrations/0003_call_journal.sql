-- The call journal (MED-01, issue 6): one row per fact of a leg handled by a pjsua2 worker (started, answered,
-- ended). The fact key '<leg_id>:<fact>' is unique, so a fact written twice (a worker retrying, the pool closing a
-- dead worker's legs, the media service restarting) is recorded and published once: the outbox row is written in
-- the same transaction as the fact, only when the fact is new.
CREATE TABLE call_facts (
    fact_key text CONSTRAINT call_facts_pkey PRIMARY KEY,
    leg_id text NOT NULL,
    call_id text NOT NULL,
    fact text NOT NULL CONSTRAINT call_facts_fact_check CHECK (fact IN ('started', 'answered', 'ended')),
    direction text NOT NULL CONSTRAINT call_facts_direction_check CHECK (direction IN ('inbound', 'outbound')),
    -- the worker instance '<name>:<pid>' that carried the leg; its legs are closed as worker_lost when it dies
    worker text NOT NULL,
    caller text NOT NULL DEFAULT '',
    callee text NOT NULL DEFAULT '',
    enterprise_id uuid,
    tenant_path uuid[] NOT NULL,
    occurred_at timestamptz NOT NULL,
    disposition text,
    cause integer,
    event_id uuid NOT NULL,
    CONSTRAINT call_facts_key_check CHECK (fact_key = leg_id || ':' || fact),
    CONSTRAINT call_facts_ended_check CHECK ((fact = 'ended') = (disposition IS NOT NULL))
);
CREATE INDEX call_facts_call_idx ON call_facts (call_id);
CREATE INDEX call_facts_open_idx ON call_facts (worker) WHERE fact = 'started';

