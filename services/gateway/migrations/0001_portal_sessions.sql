-- Portal and API sessions (ACC-05). Only a hash of the session token is kept.
CREATE TABLE sessions (
    token_hash bytea CONSTRAINT sessions_pkey PRIMARY KEY,
    user_id uuid NOT NULL,
    profile jsonb NOT NULL,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    ended_at timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE ended_at IS NULL;
