-- Tenants form one tree: system > resellers > enterprises and professionals (ACC-01).
-- path holds the ids from the system tenant down to the row itself, so "is X under Y" is one index lookup.
CREATE TABLE tenants (
    id uuid CONSTRAINT tenants_pkey PRIMARY KEY,
    kind text NOT NULL CONSTRAINT tenants_kind_check CHECK (kind IN ('system', 'reseller', 'enterprise', 'professional')),
    parent_id uuid CONSTRAINT tenants_parent_fkey REFERENCES tenants (id),
    path uuid[] NOT NULL,
    name text NOT NULL CONSTRAINT tenants_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    language text NOT NULL DEFAULT 'fr' CONSTRAINT tenants_language_check CHECK (language IN ('fr', 'en')),
    contact_email text,
    billing_owner text CONSTRAINT tenants_billing_owner_check CHECK (billing_owner IN ('reseller', 'system')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT tenants_parent_required CHECK ((kind = 'system') = (parent_id IS NULL))
);
CREATE UNIQUE INDEX tenants_single_system ON tenants (kind) WHERE kind = 'system';
CREATE UNIQUE INDEX tenants_sibling_name_key ON tenants (parent_id, lower(name));
CREATE INDEX tenants_path_gin ON tenants USING gin (path);

CREATE SEQUENCE user_number_seq START 1000 MINVALUE 1000 MAXVALUE 9999;

CREATE TABLE users (
    id uuid CONSTRAINT users_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL CONSTRAINT users_tenant_fkey REFERENCES tenants (id),
    user_number char(4) NOT NULL CONSTRAINT users_user_number_key UNIQUE,
    identifier text NOT NULL,
    email text,
    display_name text NOT NULL,
    role text NOT NULL CONSTRAINT users_role_check
        CHECK (role IN ('system_admin', 'reseller_admin', 'enterprise_admin', 'user')),
    account_kind text NOT NULL DEFAULT 'professional'
        CONSTRAINT users_account_kind_check CHECK (account_kind IN ('employee', 'professional', 'administrator')),
    language text NOT NULL DEFAULT 'fr' CONSTRAINT users_language_check CHECK (language IN ('fr', 'en')),
    password_hash text NOT NULL,
    -- The status shown in the portal's header (guide 000: "un lien pour modifier rapidement votre statut").
    presence text NOT NULL DEFAULT 'available'
        CONSTRAINT users_presence_check CHECK (presence IN ('available', 'busy', 'away', 'do_not_disturb')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_identifier_key ON users (lower(identifier));
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;
CREATE INDEX users_tenant_idx ON users (tenant_id);

