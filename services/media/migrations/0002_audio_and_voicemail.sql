-- Audio files, voicemail and call recordings (MED-02..05). The audio itself lives in the audio store
-- (media/audio/storage.py); rows hold its key. Each row carries the tenant it belongs to; the wall checks use
-- directory_tenants, media's copy of accounts' tenant tree fed by accounts' events.
CREATE TABLE directory_tenants (
    id uuid CONSTRAINT directory_tenants_pkey PRIMARY KEY,
    kind text NOT NULL,
    path uuid[] NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The announcement repository and music on hold of an enterprise (MED-02, MED-03).
CREATE TABLE audio_files (
    id uuid CONSTRAINT audio_files_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    kind text NOT NULL CONSTRAINT audio_files_kind_check CHECK (kind IN ('announcement', 'music_on_hold')),
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    original_filename text NOT NULL DEFAULT '',
    storage_key text NOT NULL,
    duration_ms integer NOT NULL,
    size_bytes integer NOT NULL,
    -- The music on hold the enterprise's calls hear (one at most); the system's tune when none is chosen.
    is_default boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX audio_files_name_key ON audio_files (tenant_id, kind, lower(name));
CREATE UNIQUE INDEX audio_files_default_key ON audio_files (tenant_id, kind) WHERE is_default;

-- A user's voicemail box (MED-04): limits, notification, greeting.
CREATE TABLE mailboxes (
    user_id uuid CONSTRAINT mailboxes_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    max_message_seconds integer NOT NULL DEFAULT 180
        CONSTRAINT mailboxes_max_message_seconds_check CHECK (max_message_seconds BETWEEN 10 AND 600),
    max_messages integer NOT NULL DEFAULT 100
        CONSTRAINT mailboxes_max_messages_check CHECK (max_messages BETWEEN 1 AND 1000),
    email_notification boolean NOT NULL DEFAULT true,
    greeting_key text,
    greeting_duration_ms integer,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One message per (mailbox, call): a worker that saves the same recording twice stores and announces it once.
CREATE TABLE voicemail_messages (
    id uuid CONSTRAINT voicemail_messages_pkey PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES mailboxes (user_id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL,
    call_id text NOT NULL,
    caller_number text NOT NULL DEFAULT '',
    caller_name text NOT NULL DEFAULT '',
    duration_ms integer NOT NULL,
    size_bytes integer NOT NULL,
    storage_key text NOT NULL,
    heard boolean NOT NULL DEFAULT false,
    recorded_at timestamptz NOT NULL,
    -- The e-mail with the audio: sent by the media service after the commit, retried until it goes.
    notify_pending boolean NOT NULL DEFAULT false,
    notify_attempts integer NOT NULL DEFAULT 0,
    notify_claimed_until timestamptz,
    notified_at timestamptz,
    CONSTRAINT voicemail_messages_call_key UNIQUE (user_id, call_id)
);
CREATE INDEX voicemail_messages_user_idx ON voicemail_messages (user_id, recorded_at DESC);
CREATE INDEX voicemail_messages_notify_idx ON voicemail_messages (recorded_at) WHERE notify_pending;

-- MED-05: whether the enterprise records its calls, and the recordings kept.
CREATE TABLE recording_settings (
    tenant_id uuid CONSTRAINT recording_settings_pkey PRIMARY KEY,
    enabled boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE call_recordings (
    id uuid CONSTRAINT call_recordings_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    call_id text NOT NULL CONSTRAINT call_recordings_call_key UNIQUE,
    caller_number text NOT NULL DEFAULT '',
    dialled_number text NOT NULL DEFAULT '',
    user_id uuid,
    started_at timestamptz NOT NULL,
    duration_ms integer NOT NULL,
    size_bytes integer NOT NULL,
    storage_key text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX call_recordings_tenant_idx ON call_recordings (tenant_id, started_at DESC);
