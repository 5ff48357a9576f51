-- What routing owns per tenant: the configuration of the calling features (RTE-02..16).
-- Every table names the tenant that owns the row (`tenant_id`: the enterprise, or for restriction rules also the
-- system or a reseller), so a change bumps that tenant's configuration version (see 0004) and the snapshot caches
-- of every replica notice it. No foreign keys to the projections: those are emptied and rebuilt from events.

CREATE TABLE enterprise_settings (
    tenant_id uuid CONSTRAINT enterprise_settings_pkey PRIMARY KEY,
    country text NOT NULL DEFAULT 'CA' CONSTRAINT enterprise_settings_country_check CHECK (country ~ '^[A-Z]{2}$'),
    time_zone text,
    main_number text CONSTRAINT enterprise_settings_main_number_check CHECK (main_number ~ '^\+[1-9][0-9]{6,14}$'),
    virtual_operator_kind text,
    virtual_operator_ref text,
    internal_messaging_only boolean NOT NULL DEFAULT false,
    show_internal_extensions boolean NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT enterprise_settings_operator_check CHECK ((virtual_operator_kind IS NULL) = (virtual_operator_ref IS NULL))
);

-- RTE-02: restrictions. SYSTEM rules are owned by the system tenant, RESELLER rules by a reseller, ENTERPRISE and
-- USER rules by an enterprise (`owner_id` is then the user).
CREATE TABLE restriction_rules (
    id uuid CONSTRAINT restriction_rules_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    level text NOT NULL CONSTRAINT restriction_rules_level_check
        CHECK (level IN ('system', 'reseller', 'enterprise', 'user')),
    owner_id uuid,
    match text NOT NULL CONSTRAINT restriction_rules_match_check CHECK (match IN ('country', 'area_code', 'prefix')),
    value text NOT NULL CONSTRAINT restriction_rules_value_check CHECK (value ~ '^([A-Z]{2}|\+[1-9][0-9]{0,14})$'),
    allow boolean NOT NULL DEFAULT false,
    per_user boolean NOT NULL DEFAULT false,
    name text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT restriction_rules_per_user_check CHECK (NOT per_user OR level = 'enterprise'),
    CONSTRAINT restriction_rules_owner_check CHECK ((level = 'system') = (owner_id IS NULL))
);
CREATE INDEX restriction_rules_tenant_idx ON restriction_rules (tenant_id);

CREATE TABLE restriction_exemptions (
    id uuid CONSTRAINT restriction_exemptions_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    rule_id uuid NOT NULL CONSTRAINT restriction_exemptions_rule_fkey
        REFERENCES restriction_rules (id) ON DELETE CASCADE,
    level text NOT NULL CONSTRAINT restriction_exemptions_level_check
        CHECK (level IN ('reseller', 'enterprise', 'user')),
    subject_id uuid NOT NULL,
    CONSTRAINT restriction_exemptions_subject_key UNIQUE (rule_id, level, subject_id)
);
CREATE INDEX restriction_exemptions_tenant_idx ON restriction_exemptions (tenant_id);

-- Per-user ticks on the company's list (ENTERPRISE rules with per_user set).
CREATE TABLE user_restrictions (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    rule_id uuid NOT NULL CONSTRAINT user_restrictions_rule_fkey REFERENCES restriction_rules (id) ON DELETE CASCADE,
    CONSTRAINT user_restrictions_pkey PRIMARY KEY (user_id, rule_id)
);
CREATE INDEX user_restrictions_tenant_idx ON user_restrictions (tenant_id);

-- RTE-03: phone zones.
CREATE TABLE phone_zones (
    id uuid CONSTRAINT phone_zones_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    area_codes text[] NOT NULL DEFAULT '{}' CONSTRAINT phone_zones_area_codes_check
        CHECK (array_to_string(area_codes, ',') ~ '^(\+[1-9][0-9]{1,7}(,\+[1-9][0-9]{1,7})*)?$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT phone_zones_name_key UNIQUE (tenant_id, name)
);

-- RTE-07: business-hours and holiday schedules (in the enterprise's time zone).
CREATE TABLE schedules (
    id uuid CONSTRAINT schedules_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT schedules_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE schedule_hours (
    tenant_id uuid NOT NULL,
    schedule_id uuid NOT NULL CONSTRAINT schedule_hours_schedule_fkey REFERENCES schedules (id) ON DELETE CASCADE,
    weekday smallint NOT NULL CONSTRAINT schedule_hours_weekday_check CHECK (weekday BETWEEN 0 AND 6),
    start_time time NOT NULL,
    end_time time NOT NULL,
    CONSTRAINT schedule_hours_range_check CHECK (end_time = '00:00' OR end_time > start_time),
    CONSTRAINT schedule_hours_pkey PRIMARY KEY (schedule_id, weekday, start_time)
);

CREATE TABLE schedule_holidays (
    tenant_id uuid NOT NULL,
    schedule_id uuid NOT NULL CONSTRAINT schedule_holidays_schedule_fkey
        REFERENCES schedules (id) ON DELETE CASCADE,
    position smallint NOT NULL,
    name text NOT NULL DEFAULT '',
    start_date date NOT NULL,
    end_date date NOT NULL,
    yearly boolean NOT NULL DEFAULT false,
    CONSTRAINT schedule_holidays_range_check CHECK (end_date >= start_date),
    CONSTRAINT schedule_holidays_pkey PRIMARY KEY (schedule_id, position)
);

-- RTE-07: group night forwarding.
CREATE TABLE night_forwarding (
    id uuid CONSTRAINT night_forwarding_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    target_kind text NOT NULL,
    target_ref text NOT NULL,
    mode text NOT NULL DEFAULT 'off' CONSTRAINT night_forwarding_mode_check CHECK (mode IN ('off', 'on', 'scheduled')),
    business_schedule_id uuid CONSTRAINT night_forwarding_business_fkey REFERENCES schedules (id) ON DELETE SET NULL,
    holiday_schedule_id uuid CONSTRAINT night_forwarding_holiday_fkey REFERENCES schedules (id) ON DELETE SET NULL,
    user_ids uuid[] NOT NULL DEFAULT '{}'
);
CREATE INDEX night_forwarding_tenant_idx ON night_forwarding (tenant_id);

-- RTE-06: auto attendants, their menus and keys.
CREATE TABLE auto_attendants (
    id uuid CONSTRAINT auto_attendants_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    extension text CONSTRAINT auto_attendants_extension_check CHECK (extension ~ '^[0-9]{1,6}$'),
    business_hours_menu text NOT NULL,
    after_hours_menu text,
    business_schedule_id uuid CONSTRAINT auto_attendants_business_fkey REFERENCES schedules (id) ON DELETE SET NULL,
    holiday_schedule_id uuid CONSTRAINT auto_attendants_holiday_fkey REFERENCES schedules (id) ON DELETE SET NULL,
    simple_menu boolean NOT NULL DEFAULT false,
    operator_kind text,
    operator_ref text,
    max_attempts smallint NOT NULL DEFAULT 3 CONSTRAINT auto_attendants_attempts_check CHECK (max_attempts BETWEEN 1 AND 10),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT auto_attendants_name_key UNIQUE (tenant_id, name),
    CONSTRAINT auto_attendants_extension_key UNIQUE (tenant_id, extension),
    CONSTRAINT auto_attendants_operator_check CHECK ((operator_kind IS NULL) = (operator_ref IS NULL))
);

CREATE TABLE attendant_menus (
    tenant_id uuid NOT NULL,
    attendant_id uuid NOT NULL CONSTRAINT attendant_menus_attendant_fkey
        REFERENCES auto_attendants (id) ON DELETE CASCADE,
    menu text NOT NULL CONSTRAINT attendant_menus_menu_check CHECK (menu ~ '^[a-z0-9_-]{1,40}$'),
    prompt text NOT NULL,
    timeout_seconds smallint NOT NULL DEFAULT 5 CONSTRAINT attendant_menus_timeout_check
        CHECK (timeout_seconds BETWEEN 1 AND 60),
    CONSTRAINT attendant_menus_pkey PRIMARY KEY (attendant_id, menu)
);

CREATE TABLE attendant_menu_keys (
    tenant_id uuid NOT NULL,
    attendant_id uuid NOT NULL,
    menu text NOT NULL,
    key text NOT NULL CONSTRAINT attendant_menu_keys_key_check CHECK (key ~ '^[0-9*#]{1,3}$'),
    action text NOT NULL CONSTRAINT attendant_menu_keys_action_check
        CHECK (action IN ('transfer', 'submenu', 'directory', 'voicemail', 'operator', 'repeat')),
    ref text NOT NULL DEFAULT '',
    CONSTRAINT attendant_menu_keys_pkey PRIMARY KEY (attendant_id, menu, key),
    CONSTRAINT attendant_menu_keys_menu_fkey FOREIGN KEY (attendant_id, menu)
        REFERENCES attendant_menus (attendant_id, menu) ON DELETE CASCADE
);

-- RTE-08: hunt groups and their ordered members.
CREATE TABLE hunt_groups (
    id uuid CONSTRAINT hunt_groups_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    pilot text CONSTRAINT hunt_groups_pilot_check CHECK (pilot ~ '^\+[1-9][0-9]{6,14}$'),
    extension text CONSTRAINT hunt_groups_extension_check CHECK (extension ~ '^[0-9]{1,6}$'),
    algorithm text NOT NULL DEFAULT 'regular' CONSTRAINT hunt_groups_algorithm_check
        CHECK (algorithm IN ('regular', 'circular', 'uniform', 'simultaneous', 'weighted')),
    ring_seconds_per_member smallint NOT NULL DEFAULT 15 CONSTRAINT hunt_groups_ring_check
        CHECK (ring_seconds_per_member BETWEEN 5 AND 300),
    queue_enabled boolean NOT NULL DEFAULT false,
    queue_max_callers smallint NOT NULL DEFAULT 10 CONSTRAINT hunt_groups_queue_callers_check
        CHECK (queue_max_callers BETWEEN 1 AND 500),
    queue_max_wait_seconds smallint NOT NULL DEFAULT 120 CONSTRAINT hunt_groups_queue_wait_check
        CHECK (queue_max_wait_seconds BETWEEN 5 AND 3600),
    queue_music text,
    overflow_kind text,
    overflow_ref text,
    active boolean NOT NULL DEFAULT true,
    members_log_in_by_default boolean NOT NULL DEFAULT true,
    service_level text NOT NULL DEFAULT 'basic' CONSTRAINT hunt_groups_service_level_check
        CHECK (service_level IN ('basic', 'premium')),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT hunt_groups_name_key UNIQUE (tenant_id, name),
    CONSTRAINT hunt_groups_extension_key UNIQUE (tenant_id, extension),
    CONSTRAINT hunt_groups_pilot_key UNIQUE (pilot),
    CONSTRAINT hunt_groups_overflow_check CHECK ((overflow_kind IS NULL) = (overflow_ref IS NULL))
);

CREATE TABLE hunt_group_members (
    tenant_id uuid NOT NULL,
    group_id uuid NOT NULL CONSTRAINT hunt_group_members_group_fkey REFERENCES hunt_groups (id) ON DELETE CASCADE,
    position smallint NOT NULL,
    user_id uuid NOT NULL,
    logged_in boolean NOT NULL DEFAULT true,
    weight smallint NOT NULL DEFAULT 1 CONSTRAINT hunt_group_members_weight_check CHECK (weight BETWEEN 0 AND 100),
    CONSTRAINT hunt_group_members_pkey PRIMARY KEY (group_id, position),
    CONSTRAINT hunt_group_members_user_key UNIQUE (group_id, user_id)
);

-- RTE-09: call centres (entry point; agents are a later piece of work).
CREATE TABLE call_centres (
    id uuid CONSTRAINT call_centres_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    max_wait_seconds smallint NOT NULL DEFAULT 300 CONSTRAINT call_centres_wait_check
        CHECK (max_wait_seconds BETWEEN 5 AND 3600),
    music text,
    overflow_kind text,
    overflow_ref text,
    CONSTRAINT call_centres_name_key UNIQUE (tenant_id, name),
    CONSTRAINT call_centres_overflow_check CHECK ((overflow_kind IS NULL) = (overflow_ref IS NULL))
);

-- RTE-11: paging groups.
CREATE TABLE paging_groups (
    id uuid CONSTRAINT paging_groups_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    member_user_ids uuid[] NOT NULL DEFAULT '{}',
    CONSTRAINT paging_groups_name_key UNIQUE (tenant_id, name)
);

-- RTE-04/05: a line's forwarding, voicemail timing and simultaneous ring.
CREATE TABLE line_forwarding (
    user_id uuid CONSTRAINT line_forwarding_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    ring_seconds smallint NOT NULL DEFAULT 20 CONSTRAINT line_forwarding_ring_check CHECK (ring_seconds BETWEEN 5 AND 300),
    straight_to_voicemail boolean NOT NULL DEFAULT false,
    simultaneous_numbers text[] NOT NULL DEFAULT '{}',
    simultaneous_enabled boolean NOT NULL DEFAULT false,
    simultaneous_screening boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX line_forwarding_tenant_idx ON line_forwarding (tenant_id);

CREATE TABLE forwarding_rules (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL CONSTRAINT forwarding_rules_line_fkey REFERENCES line_forwarding (user_id) ON DELETE CASCADE,
    condition text NOT NULL CONSTRAINT forwarding_rules_condition_check
        CHECK (condition IN ('always', 'busy', 'no_answer', 'unreachable')),
    target_kind text NOT NULL,
    target_ref text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    CONSTRAINT forwarding_rules_pkey PRIMARY KEY (user_id, condition)
);

CREATE TABLE selective_forwards (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL CONSTRAINT selective_forwards_line_fkey
        REFERENCES line_forwarding (user_id) ON DELETE CASCADE,
    position smallint NOT NULL,
    callers text[] NOT NULL,
    target_kind text NOT NULL,
    target_ref text NOT NULL,
    enabled boolean NOT NULL DEFAULT true,
    business_schedule_id uuid CONSTRAINT selective_forwards_schedule_fkey
        REFERENCES schedules (id) ON DELETE SET NULL,
    CONSTRAINT selective_forwards_pkey PRIMARY KEY (user_id, position)
);

-- RTE-15: emergency notifications.
CREATE TABLE emergency_settings (
    tenant_id uuid CONSTRAINT emergency_settings_pkey PRIMARY KEY,
    extra_numbers text[] NOT NULL DEFAULT '{}',
    notifications_enabled boolean NOT NULL DEFAULT false
);

CREATE TABLE emergency_recipients (
    tenant_id uuid NOT NULL,
    position smallint NOT NULL,
    channel text NOT NULL CONSTRAINT emergency_recipients_channel_check CHECK (channel IN ('email', 'phone')),
    address text NOT NULL,
    department_id uuid,
    CONSTRAINT emergency_recipients_pkey PRIMARY KEY (tenant_id, position)
);

-- RTE-13: account-code policy of the enterprise (user_id NULL) and per-line overrides.
CREATE TABLE account_code_policies (
    id uuid CONSTRAINT account_code_policies_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    user_id uuid,
    required_for text[] NOT NULL DEFAULT '{}',
    must_be_valid boolean NOT NULL DEFAULT true,
    codes text[] NOT NULL DEFAULT '{}',
    min_length smallint NOT NULL DEFAULT 1,
    max_length smallint NOT NULL DEFAULT 15,
    max_attempts smallint NOT NULL DEFAULT 3 CONSTRAINT account_code_policies_attempts_check
        CHECK (max_attempts BETWEEN 1 AND 100),
    CONSTRAINT account_code_policies_length_check CHECK (1 <= min_length AND min_length <= max_length AND max_length <= 15)
);
CREATE UNIQUE INDEX account_code_policies_enterprise_key ON account_code_policies (tenant_id) WHERE user_id IS NULL;
CREATE UNIQUE INDEX account_code_policies_user_key ON account_code_policies (user_id) WHERE user_id IS NOT NULL;
