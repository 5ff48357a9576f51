-- Ids of the events already handled, per consumer: a redelivered event changes nothing.
CREATE TABLE processed_events (
    event_id uuid NOT NULL,
    consumer text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT processed_events_pkey PRIMARY KEY (event_id, consumer)
);

-- Routing's own copy of the tenant tree, fed by accounts' events; rebuildable from them.
CREATE TABLE tenants (
    id uuid CONSTRAINT tenants_pkey PRIMARY KEY,
    kind text NOT NULL,
    parent_id uuid,
    path uuid[] NOT NULL,
    name text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
