-- Company directory (ACC-24), partners (ACC-22), mail servers (ACC-23), remote-provisioning keys (ACC-26).

-- External contacts of an enterprise's shared directory; its users are listed beside them (ACC-24).
CREATE TABLE directory_contacts (
    id uuid CONSTRAINT directory_contacts_pkey PRIMARY KEY,
    enterprise_id uuid NOT NULL CONSTRAINT directory_contacts_enterprise_fkey REFERENCES tenants (id) ON DELETE CASCADE,
    first_name text CONSTRAINT directory_contacts_first_name_length CHECK (char_length(first_name) <= 50),
    last_name text NOT NULL CONSTRAINT directory_contacts_last_name_length CHECK (char_length(last_name) BETWEEN 1 AND 50),
    company text CONSTRAINT directory_contacts_company_length CHECK (char_length(company) <= 100),
    number text NOT NULL CONSTRAINT directory_contacts_number_check CHECK (number ~ '^\+?[0-9*#]{1,20}$'),
    mobile text CONSTRAINT directory_contacts_mobile_check CHECK (mobile ~ '^\+?[0-9*#]{1,20}$'),
    email text CONSTRAINT directory_contacts_email_length CHECK (char_length(email) <= 254),
    department_id uuid CONSTRAINT directory_contacts_department_fkey REFERENCES departments (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directory_contacts_enterprise_idx ON directory_contacts (enterprise_id, lower(last_name));

-- Partners of the system or a reseller: who offers the services in which regions, and the referral agreement (ACC-22).
CREATE TABLE partners (
    id uuid CONSTRAINT partners_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL CONSTRAINT partners_tenant_fkey REFERENCES tenants (id) ON DELETE CASCADE,
    name text NOT NULL CONSTRAINT partners_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    regions text[] NOT NULL CONSTRAINT partners_regions_check CHECK (cardinality(regions) BETWEEN 1 AND 50),
    contact_name text CONSTRAINT partners_contact_name_length CHECK (char_length(contact_name) <= 100),
    email text CONSTRAINT partners_email_length CHECK (char_length(email) <= 254),
    phone text CONSTRAINT partners_phone_length CHECK (char_length(phone) <= 30),
    website text CONSTRAINT partners_website_length CHECK (char_length(website) <= 200),
    referral_agreement text CONSTRAINT partners_agreement_length CHECK (char_length(referral_agreement) <= 2000),
    referral_percent numeric(5, 2) CONSTRAINT partners_percent_check CHECK (referral_percent BETWEEN 0 AND 100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partners_tenant_name_key ON partners (tenant_id, lower(name));

-- Connection presets of known mail providers, kept by the system administrator (ACC-23).
CREATE TABLE mail_server_presets (
    id uuid CONSTRAINT mail_server_presets_pkey PRIMARY KEY,
    name text NOT NULL CONSTRAINT mail_server_presets_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    protocol text NOT NULL CONSTRAINT mail_server_presets_protocol_check
        CHECK (protocol IN ('IMAP', 'POP3', 'EWS', 'GDAPI', 'OWA')),
    host text NOT NULL CONSTRAINT mail_server_presets_host_length CHECK (char_length(host) BETWEEN 1 AND 253),
    port integer CONSTRAINT mail_server_presets_port_check CHECK (port BETWEEN 1 AND 65535),
    security text NOT NULL DEFAULT 'tls' CONSTRAINT mail_server_presets_security_check
        CHECK (security IN ('none', 'starttls', 'tls')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mail_server_presets_name_key ON mail_server_presets (lower(name));

-- An enterprise's own mail server; the service account's password is a Fernet token (ACC-23).
CREATE TABLE company_mail_servers (
    enterprise_id uuid CONSTRAINT company_mail_servers_pkey PRIMARY KEY
        CONSTRAINT company_mail_servers_enterprise_fkey REFERENCES tenants (id) ON DELETE CASCADE,
    preset_id uuid CONSTRAINT company_mail_servers_preset_fkey REFERENCES mail_server_presets (id) ON DELETE SET NULL,
    protocol text NOT NULL CONSTRAINT company_mail_servers_protocol_check
        CHECK (protocol IN ('IMAP', 'POP3', 'EWS', 'GDAPI', 'OWA')),
    host text NOT NULL CONSTRAINT company_mail_servers_host_length CHECK (char_length(host) BETWEEN 1 AND 253),
    port integer CONSTRAINT company_mail_servers_port_check CHECK (port BETWEEN 1 AND 65535),
    security text NOT NULL DEFAULT 'tls' CONSTRAINT company_mail_servers_security_check
        CHECK (security IN ('none', 'starttls', 'tls')),
    username text CONSTRAINT company_mail_servers_username_length CHECK (char_length(username) <= 254),
    password_encrypted text CONSTRAINT company_mail_servers_password_check CHECK (password_encrypted LIKE 'gAAAAA%'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Remote-provisioning API keys of a reseller (ACC-26): only a SHA-256 of the key is kept; the key is shown once.
CREATE TABLE provisioning_keys (
    id uuid CONSTRAINT provisioning_keys_pkey PRIMARY KEY,
    reseller_id uuid NOT NULL CONSTRAINT provisioning_keys_reseller_fkey REFERENCES tenants (id) ON DELETE CASCADE,
    created_by uuid NOT NULL CONSTRAINT provisioning_keys_created_by_fkey REFERENCES users (id) ON DELETE CASCADE,
    name text NOT NULL CONSTRAINT provisioning_keys_name_length CHECK (char_length(name) BETWEEN 1 AND 100),
    prefix text NOT NULL CONSTRAINT provisioning_keys_prefix_key UNIQUE
        CONSTRAINT provisioning_keys_prefix_check CHECK (prefix ~ '^[0-9a-f]{12}$'),
    key_hash text NOT NULL CONSTRAINT provisioning_keys_hash_check CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
);
CREATE INDEX provisioning_keys_reseller_idx ON provisioning_keys (reseller_id);
