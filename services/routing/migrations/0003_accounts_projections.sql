-- Routing's copies of accounts' data, fed by accounts' events and rebuildable from them
-- (`relais rebuild-projections` empties them; a replay of accounts' outbox fills them again).

ALTER TABLE tenants ADD COLUMN time_zone text;
ALTER TABLE tenants ADD COLUMN language text;
CREATE INDEX tenants_path_idx ON tenants USING gin (path);

-- Departments and their external-call limits (ACC-20, RTE-14), from department_changed / department_deleted.
CREATE TABLE departments (
    id uuid CONSTRAINT departments_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    parent_id uuid,
    path uuid[] NOT NULL,
    name text NOT NULL,
    operator_number text,
    max_incoming_calls integer CONSTRAINT departments_incoming_check CHECK (max_incoming_calls >= 0),
    max_outgoing_calls integer CONSTRAINT departments_outgoing_check CHECK (max_outgoing_calls >= 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX departments_tenant_idx ON departments (tenant_id);

-- Lines (users with their extension) and DIDs. Fed once accounts publishes user and DID events; until then they
-- are written through routing.storage's projection queries (tests, benchmarks).
CREATE TABLE lines (
    user_id uuid CONSTRAINT lines_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    department_id uuid,
    extension text CONSTRAINT lines_extension_check CHECK (extension ~ '^[0-9]{1,6}$'),
    language text NOT NULL DEFAULT 'fr' CONSTRAINT lines_language_check CHECK (language IN ('fr', 'en')),
    voicemail_enabled boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT lines_extension_key UNIQUE (tenant_id, extension)
);

CREATE TABLE dids (
    number text CONSTRAINT dids_pkey PRIMARY KEY CONSTRAINT dids_number_check CHECK (number ~ '^\+[1-9][0-9]{6,14}$'),
    tenant_id uuid NOT NULL,
    target_kind text NOT NULL,
    target_ref text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dids_tenant_idx ON dids (tenant_id);
