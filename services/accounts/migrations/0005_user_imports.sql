-- Bulk user imports (ACC-15): a job per import, its rows as read from the source, and the details of guide 003's
-- import format that a line does not otherwise keep (mobile, home and business numbers, the user's mail account).

CREATE TABLE user_import_jobs (
    id uuid CONSTRAINT user_import_jobs_pkey PRIMARY KEY,
    enterprise_id uuid NOT NULL CONSTRAINT user_import_jobs_enterprise_fkey REFERENCES tenants (id) ON DELETE CASCADE,
    -- who started it, as the caller payload to resolve again when the job runs ({user_id, actor_id})
    started_by jsonb NOT NULL,
    source text NOT NULL CONSTRAINT user_import_jobs_source_check CHECK (source IN ('csv', 'xml', 'ldap', 'phone_system')),
    file_name text CONSTRAINT user_import_jobs_file_name_length CHECK (char_length(file_name) <= 255),
    state text NOT NULL DEFAULT 'reading' CONSTRAINT user_import_jobs_state_check
        CHECK (state IN ('reading', 'previewed', 'refused', 'committing', 'done', 'failed')),
    -- what the source itself got wrong (unreadable file, bad header, LDAP refused), as field errors
    errors jsonb NOT NULL DEFAULT '{}'::jsonb,
    total integer NOT NULL DEFAULT 0,
    done integer NOT NULL DEFAULT 0,
    -- the result report once committed: {created, updated, skipped, failed}
    report jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_import_jobs_enterprise_idx ON user_import_jobs (enterprise_id, created_at DESC);

CREATE TABLE user_import_rows (
    job_id uuid NOT NULL CONSTRAINT user_import_rows_job_fkey REFERENCES user_import_jobs (id) ON DELETE CASCADE,
    position integer NOT NULL,
    data jsonb NOT NULL,
    errors jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- the account that already has this e-mail address in this enterprise (shown unticked, still importable)
    duplicate_of uuid,
    included boolean NOT NULL,
    outcome text CONSTRAINT user_import_rows_outcome_check CHECK (outcome IN ('created', 'updated', 'skipped')),
    user_id uuid,
    CONSTRAINT user_import_rows_pkey PRIMARY KEY (job_id, position)
);

CREATE TABLE user_contact_details (
    user_id uuid CONSTRAINT user_contact_details_pkey PRIMARY KEY
        CONSTRAINT user_contact_details_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    mobile text CONSTRAINT user_contact_details_mobile_e164 CHECK (mobile ~ '^\+[1-9][0-9]{6,14}$'),
    home text CONSTRAINT user_contact_details_home_e164 CHECK (home ~ '^\+[1-9][0-9]{6,14}$'),
    business text CONSTRAINT user_contact_details_business_e164 CHECK (business ~ '^\+[1-9][0-9]{6,14}$'),
    mail_protocol text CONSTRAINT user_contact_details_protocol_check
        CHECK (mail_protocol IN ('EWS', 'GDAPI', 'OWA', 'IMAP', 'POP3')),
    mail_server text CONSTRAINT user_contact_details_server_length CHECK (char_length(mail_server) <= 253),
    mail_username text CONSTRAINT user_contact_details_username_length CHECK (char_length(mail_username) <= 254),
    updated_at timestamptz NOT NULL DEFAULT now()
);
