-- Tenancy and access (ACC-01, 03, 05-08, 14, 20, 21, 25, 28).

-- Reseller brand (ACC-08) and account details shown in Settings (ACC-21).
ALTER TABLE tenants
    ADD COLUMN brand_name text CONSTRAINT tenants_brand_name_length CHECK (char_length(brand_name) <= 100),
    ADD COLUMN brand_primary_colour text CONSTRAINT tenants_brand_primary_colour_check
        CHECK (brand_primary_colour ~ '^#[0-9a-fA-F]{6}$'),
    ADD COLUMN brand_accent_colour text CONSTRAINT tenants_brand_accent_colour_check
        CHECK (brand_accent_colour ~ '^#[0-9a-fA-F]{6}$'),
    ADD COLUMN portal_host text,
    ADD COLUMN logo bytea,
    ADD COLUMN logo_mime text CONSTRAINT tenants_logo_mime_check CHECK (logo_mime IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    ADD COLUMN contact_phone text,
    ADD COLUMN address text,
    ADD COLUMN support_phone text,
    ADD COLUMN support_email text,
    ADD COLUMN support_url text,
    ADD COLUMN time_zone text NOT NULL DEFAULT 'America/Toronto',
    ADD COLUMN setup_progress jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE UNIQUE INDEX tenants_portal_host_key ON tenants (lower(portal_host)) WHERE portal_host IS NOT NULL;

-- Departments ("services" of guide 004): a tree inside an enterprise, with limits that routing applies (ACC-20).
CREATE TABLE departments (
    id uuid CONSTRAINT departments_pkey PRIMARY KEY,
    enterprise_id uuid NOT NULL CONSTRAINT departments_enterprise_fkey REFERENCES tenants (id),
    parent_id uuid CONSTRAINT departments_parent_fkey REFERENCES departments (id),
    path uuid[] NOT NULL,
    name text NOT NULL CONSTRAINT departments_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    operator_number text,
    max_incoming_calls integer CONSTRAINT departments_max_incoming_check CHECK (max_incoming_calls BETWEEN 0 AND 10000),
    max_outgoing_calls integer CONSTRAINT departments_max_outgoing_check CHECK (max_outgoing_calls BETWEEN 0 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX departments_sibling_name_key ON departments (enterprise_id, coalesce(parent_id, enterprise_id), lower(name));
CREATE INDEX departments_path_gin ON departments USING gin (path);

CREATE TABLE department_managers (
    department_id uuid NOT NULL CONSTRAINT department_managers_department_fkey REFERENCES departments (id) ON DELETE CASCADE,
    user_id uuid NOT NULL CONSTRAINT department_managers_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT department_managers_pkey PRIMARY KEY (department_id, user_id)
);

-- Enterprise roles of employees (ACC-03), department, separate voicemail PIN (ACC-06), lockout (ACC-07).
ALTER TABLE users
    ADD COLUMN enterprise_role text CONSTRAINT users_enterprise_role_check
        CHECK (enterprise_role IN ('administrator', 'office_manager', 'receptionist', 'technical_support')),
    ADD COLUMN department_id uuid CONSTRAINT users_department_fkey REFERENCES departments (id),
    ADD COLUMN pin_hash text,
    ADD COLUMN phone text,
    ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0,
    ADD COLUMN locked_at timestamptz,
    ADD COLUMN password_changed_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN last_sign_in_at timestamptz;

-- "Forgot?" links (ACC-05): single use, expiring; only a hash of the token is kept.
CREATE TABLE password_resets (
    token_hash bytea CONSTRAINT password_resets_pkey PRIMARY KEY,
    user_id uuid NOT NULL CONSTRAINT password_resets_user_fkey REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Every change, who made it and as whom, before and after (ACC-14, ACC-28). tenant_path scopes who may read it.
CREATE TABLE audit_log (
    id bigserial CONSTRAINT audit_log_pkey PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    tenant_path uuid[] NOT NULL,
    actor_id uuid,
    actor_name text NOT NULL,
    acting_as_id uuid,
    acting_as_name text,
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text,
    target_name text,
    before jsonb,
    after jsonb
);
CREATE INDEX audit_log_tenant_path_gin ON audit_log USING gin (tenant_path);
CREATE INDEX audit_log_occurred_idx ON audit_log (occurred_at DESC);
