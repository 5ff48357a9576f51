-- Users of an enterprise as lines, numbers, extensions, trunks and phones
-- (ACC-09..13, 16..19; NUM-01, 02, 04..07).

-- Personal details and activation of a line (ACC-13, ACC-19).
ALTER TABLE users
    ADD COLUMN first_name text CONSTRAINT users_first_name_length CHECK (char_length(first_name) BETWEEN 1 AND 50),
    ADD COLUMN last_name text CONSTRAINT users_last_name_length CHECK (char_length(last_name) BETWEEN 1 AND 50),
    ADD COLUMN status text NOT NULL DEFAULT 'activated'
        CONSTRAINT users_status_check CHECK (status IN ('pending', 'activated', 'not_activated')),
    ADD COLUMN activation_email text;
CREATE INDEX users_department_idx ON users (department_id);

-- Per-user options of guide 003 (ACC-16). One row per user that has changed them; defaults otherwise.
CREATE TABLE user_options (
    user_id uuid CONSTRAINT user_options_pkey PRIMARY KEY
        CONSTRAINT user_options_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    max_messages_fetched integer NOT NULL DEFAULT 50
        CONSTRAINT user_options_max_messages_check CHECK (max_messages_fetched BETWEEN 1 AND 500),
    max_contacts integer NOT NULL DEFAULT 500
        CONSTRAINT user_options_max_contacts_check CHECK (max_contacts BETWEEN 0 AND 10000),
    max_voicemails integer NOT NULL DEFAULT 100
        CONSTRAINT user_options_max_voicemails_check CHECK (max_voicemails BETWEEN 0 AND 1000),
    max_faxes integer NOT NULL DEFAULT 50 CONSTRAINT user_options_max_faxes_check CHECK (max_faxes BETWEEN 0 AND 1000),
    account_expires_on date,
    public_contacts_access boolean NOT NULL DEFAULT true,
    admin_managed boolean NOT NULL DEFAULT false,
    assistant_on_received_calls boolean NOT NULL DEFAULT false,
    assistant_after_placed_calls boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The three SIP identities of a user (ACC-16). The password is a Fernet token (accounts.secrets), never clear.
CREATE TABLE sip_credentials (
    user_id uuid NOT NULL CONSTRAINT sip_credentials_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    kind text NOT NULL CONSTRAINT sip_credentials_kind_check CHECK (kind IN ('default', 'registration', 'calling')),
    username text NOT NULL CONSTRAINT sip_credentials_username_length CHECK (char_length(username) BETWEEN 1 AND 64),
    password_encrypted text NOT NULL CONSTRAINT sip_credentials_password_encrypted_check
        CHECK (password_encrypted LIKE 'gAAAAA%'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sip_credentials_pkey PRIMARY KEY (user_id, kind)
);

-- Number blocks of an enterprise, optionally of one department (NUM-02).
CREATE TABLE number_blocks (
    id uuid CONSTRAINT number_blocks_pkey PRIMARY KEY,
    enterprise_id uuid NOT NULL CONSTRAINT number_blocks_enterprise_fkey REFERENCES tenants (id),
    department_id uuid CONSTRAINT number_blocks_department_fkey REFERENCES departments (id),
    name text NOT NULL CONSTRAINT number_blocks_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    first_number text NOT NULL CONSTRAINT number_blocks_first_e164 CHECK (first_number ~ '^\+[1-9][0-9]{6,14}$'),
    last_number text NOT NULL CONSTRAINT number_blocks_last_e164 CHECK (last_number ~ '^\+[1-9][0-9]{6,14}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT number_blocks_order_check
        CHECK (char_length(first_number) = char_length(last_number) AND first_number <= last_number)
);
CREATE INDEX number_blocks_enterprise_idx ON number_blocks (enterprise_id);

-- DID inventory (NUM-01): held by a reseller or an enterprise, assigned to a user, a group service or nothing.
CREATE TABLE dids (
    id uuid CONSTRAINT dids_pkey PRIMARY KEY,
    number text NOT NULL CONSTRAINT dids_number_key UNIQUE CONSTRAINT dids_number_e164 CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
    tenant_id uuid NOT NULL CONSTRAINT dids_tenant_fkey REFERENCES tenants (id),
    block_id uuid CONSTRAINT dids_block_fkey REFERENCES number_blocks (id) ON DELETE SET NULL,
    target_type text CONSTRAINT dids_target_type_check
        CHECK (target_type IN ('user', 'department', 'auto_attendant', 'hunt_group', 'pickup_group', 'conference')),
    target_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT dids_target_check CHECK ((target_type IS NULL) = (target_id IS NULL))
);
CREATE INDEX dids_tenant_idx ON dids (tenant_id);
CREATE INDEX dids_target_idx ON dids (target_type, target_id);

-- The enterprise extension plan (NUM-05): 1 to 6 digits, unique in the enterprise, at most one per user.
CREATE TABLE extensions (
    id uuid CONSTRAINT extensions_pkey PRIMARY KEY,
    enterprise_id uuid NOT NULL CONSTRAINT extensions_enterprise_fkey REFERENCES tenants (id),
    number text NOT NULL CONSTRAINT extensions_number_check CHECK (number ~ '^[0-9]{1,6}$'),
    user_id uuid CONSTRAINT extensions_user_fkey REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT extensions_enterprise_number_key UNIQUE (enterprise_id, number)
);
CREATE UNIQUE INDEX extensions_user_key ON extensions (user_id) WHERE user_id IS NOT NULL;

-- SIP trunks of the system, a reseller or an enterprise (NUM-04). The digest password is a Fernet token.
CREATE TABLE trunks (
    id uuid CONSTRAINT trunks_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL CONSTRAINT trunks_tenant_fkey REFERENCES tenants (id),
    name text NOT NULL CONSTRAINT trunks_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    host text NOT NULL,
    port integer NOT NULL DEFAULT 5060 CONSTRAINT trunks_port_check CHECK (port BETWEEN 1 AND 65535),
    transport text NOT NULL DEFAULT 'udp' CONSTRAINT trunks_transport_check CHECK (transport IN ('udp', 'tcp', 'tls')),
    username text,
    password_encrypted text CONSTRAINT trunks_password_encrypted_check CHECK (password_encrypted LIKE 'gAAAAA%'),
    register boolean NOT NULL DEFAULT false,
    allowed_sources cidr[] NOT NULL DEFAULT '{}',
    codecs text[] NOT NULL DEFAULT '{PCMU,PCMA}'
        CONSTRAINT trunks_codecs_check CHECK (codecs <@ ARRAY['PCMU', 'PCMA', 'G722', 'opus']::text[]),
    caller_id_rules jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX trunks_tenant_name_key ON trunks (tenant_id, lower(name));

-- SIP phones (NUM-06) and their 12 line keys and 4 soft keys (NUM-07).
CREATE TABLE phones (
    id uuid CONSTRAINT phones_pkey PRIMARY KEY,
    enterprise_id uuid NOT NULL CONSTRAINT phones_enterprise_fkey REFERENCES tenants (id),
    mac text NOT NULL CONSTRAINT phones_mac_key UNIQUE
        CONSTRAINT phones_mac_check CHECK (mac ~ '^([0-9a-f]{2}:){5}[0-9a-f]{2}$'),
    model text NOT NULL CONSTRAINT phones_model_length CHECK (char_length(model) BETWEEN 1 AND 64),
    status text NOT NULL DEFAULT 'not_authenticated'
        CONSTRAINT phones_status_check CHECK (status IN ('registered', 'not_authenticated')),
    user_id uuid CONSTRAINT phones_user_fkey REFERENCES users (id) ON DELETE SET NULL,
    department_id uuid CONSTRAINT phones_department_fkey REFERENCES departments (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phones_enterprise_idx ON phones (enterprise_id);

CREATE TABLE phone_keys (
    phone_id uuid NOT NULL CONSTRAINT phone_keys_phone_fkey REFERENCES phones (id) ON DELETE CASCADE,
    kind text NOT NULL CONSTRAINT phone_keys_kind_check CHECK (kind IN ('line', 'soft')),
    position integer NOT NULL,
    action text NOT NULL CONSTRAINT phone_keys_action_check CHECK (action IN ('speed_dial', 'blf', 'directory')),
    label text CONSTRAINT phone_keys_label_length CHECK (char_length(label) <= 32),
    value text CONSTRAINT phone_keys_value_length CHECK (char_length(value) <= 32),
    CONSTRAINT phone_keys_pkey PRIMARY KEY (phone_id, kind, position),
    CONSTRAINT phone_keys_position_check
        CHECK ((kind = 'line' AND position BETWEEN 1 AND 12) OR (kind = 'soft' AND position BETWEEN 1 AND 4))
);
