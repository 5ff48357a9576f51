-- Events wait here until their transaction has committed (see relais_kit.events).
CREATE TABLE outbox (
    event_id uuid CONSTRAINT outbox_pkey PRIMARY KEY,
    event_type text NOT NULL,
    payload jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished_idx ON outbox (created_at) WHERE published_at IS NULL;
