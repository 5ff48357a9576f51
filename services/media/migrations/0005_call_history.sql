-- The call history (MED-01, portal "Historique des appels"): how a proxied call ended is kept with its ended fact,
-- as the workers' journal keeps it, and both journals are read by enterprise and time.
ALTER TABLE front_call_facts ADD COLUMN disposition text;
ALTER TABLE front_call_facts ADD COLUMN cause integer;
CREATE INDEX front_call_facts_history_idx ON front_call_facts (enterprise_id, occurred_at DESC) WHERE fact = 'started';
CREATE INDEX call_facts_history_idx ON call_facts (enterprise_id, occurred_at DESC)
    WHERE fact = 'started' AND direction = 'inbound';
