-- Ids of the events already handled, per consumer: a redelivered event changes nothing.
CREATE TABLE processed_events (
    event_id uuid NOT NULL,
    consumer text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT processed_events_pkey PRIMARY KEY (event_id, consumer)
);
