-- Storage for the group services and enterprise settings the configuration RPCs manage (RTE-07, RTE-09..16):
-- night forwarding names, call-centre agents and policies, pickup, park, paging, instant group call and series
-- completion groups, speed codes and speed dials, account-code overrides and authorization codes, external-call
-- limits and carrier access codes. Each table names its owning tenant so a change bumps its configuration version.

-- RTE-07: a night forwarding is named, like every group service.
ALTER TABLE night_forwarding ADD COLUMN name text NOT NULL DEFAULT '';
ALTER TABLE night_forwarding ADD CONSTRAINT night_forwarding_name_key UNIQUE (tenant_id, name);

-- RTE-09: call centres: extension, waiting line size, routing policy and agents who join and leave.
ALTER TABLE call_centres ADD COLUMN extension text CONSTRAINT call_centres_extension_check CHECK (extension ~ '^[0-9]{1,6}$');
ALTER TABLE call_centres ADD COLUMN queue_max_callers smallint NOT NULL DEFAULT 10
    CONSTRAINT call_centres_queue_callers_check CHECK (queue_max_callers BETWEEN 1 AND 500);
ALTER TABLE call_centres ADD COLUMN policy text NOT NULL DEFAULT 'circular' CONSTRAINT call_centres_policy_check
    CHECK (policy IN ('regular', 'circular', 'uniform', 'simultaneous', 'weighted'));
ALTER TABLE call_centres ADD COLUMN agents_join_by_default boolean NOT NULL DEFAULT true;
ALTER TABLE call_centres ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE call_centres ADD CONSTRAINT call_centres_extension_key UNIQUE (tenant_id, extension);
CREATE INDEX call_centres_tenant_idx ON call_centres (tenant_id);

CREATE TABLE call_centre_agents (
    tenant_id uuid NOT NULL,
    centre_id uuid NOT NULL CONSTRAINT call_centre_agents_centre_fkey REFERENCES call_centres (id) ON DELETE CASCADE,
    position smallint NOT NULL,
    user_id uuid NOT NULL,
    joined boolean NOT NULL DEFAULT true,
    CONSTRAINT call_centre_agents_pkey PRIMARY KEY (centre_id, position),
    CONSTRAINT call_centre_agents_user_key UNIQUE (centre_id, user_id)
);
CREATE INDEX call_centre_agents_tenant_idx ON call_centre_agents (tenant_id);

-- RTE-10: pickup groups (answer any ringing line of the group) and park groups.
CREATE TABLE pickup_groups (
    id uuid CONSTRAINT pickup_groups_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    member_user_ids uuid[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT pickup_groups_name_key UNIQUE (tenant_id, name)
);
CREATE INDEX pickup_groups_tenant_idx ON pickup_groups (tenant_id);

CREATE TABLE park_groups (
    id uuid CONSTRAINT park_groups_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    member_user_ids uuid[] NOT NULL DEFAULT '{}',
    recall_seconds smallint NOT NULL DEFAULT 120 CONSTRAINT park_groups_recall_check
        CHECK (recall_seconds BETWEEN 30 AND 900),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT park_groups_name_key UNIQUE (tenant_id, name)
);
CREATE INDEX park_groups_tenant_idx ON park_groups (tenant_id);

-- RTE-11: paging groups get an extension and who may page; instant group calls; series completion.
ALTER TABLE paging_groups ADD COLUMN extension text CONSTRAINT paging_groups_extension_check CHECK (extension ~ '^[0-9]{1,6}$');
ALTER TABLE paging_groups ADD COLUMN originator_user_ids uuid[] NOT NULL DEFAULT '{}';
ALTER TABLE paging_groups ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE paging_groups ADD CONSTRAINT paging_groups_extension_key UNIQUE (tenant_id, extension);
CREATE INDEX paging_groups_tenant_idx ON paging_groups (tenant_id);

CREATE TABLE instant_group_calls (
    id uuid CONSTRAINT instant_group_calls_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    extension text CONSTRAINT instant_group_calls_extension_check CHECK (extension ~ '^[0-9]{1,6}$'),
    member_user_ids uuid[] NOT NULL DEFAULT '{}',
    external_numbers text[] NOT NULL DEFAULT '{}',
    answer_confirmation boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT instant_group_calls_name_key UNIQUE (tenant_id, name),
    CONSTRAINT instant_group_calls_extension_key UNIQUE (tenant_id, extension)
);
CREATE INDEX instant_group_calls_tenant_idx ON instant_group_calls (tenant_id);

CREATE TABLE series_completions (
    id uuid CONSTRAINT series_completions_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    name text NOT NULL,
    member_user_ids uuid[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT series_completions_name_key UNIQUE (tenant_id, name)
);
CREATE INDEX series_completions_tenant_idx ON series_completions (tenant_id);

-- RTE-12: speed codes of the enterprise or one of its departments, and each line's speed dial 8 and 100.
CREATE TABLE speed_codes (
    id uuid CONSTRAINT speed_codes_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    department_id uuid,
    code text NOT NULL CONSTRAINT speed_codes_code_check CHECK (code ~ '^[0-9]{1,6}$'),
    number text NOT NULL CONSTRAINT speed_codes_number_check CHECK (number ~ '^[0-9+*#][0-9*#]{0,31}$'),
    name text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX speed_codes_code_key
    ON speed_codes (tenant_id, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid), code);

CREATE TABLE speed_dials (
    tenant_id uuid NOT NULL,
    user_id uuid NOT NULL,
    kind text NOT NULL CONSTRAINT speed_dials_kind_check CHECK (kind IN ('8', '100')),
    code text NOT NULL CONSTRAINT speed_dials_code_check CHECK (code ~ '^[0-9]{1,2}$'),
    number text NOT NULL CONSTRAINT speed_dials_number_check CHECK (number ~ '^[0-9+*#][0-9*#]{0,31}$'),
    name text NOT NULL DEFAULT '',
    CONSTRAINT speed_dials_pkey PRIMARY KEY (user_id, kind, code)
);
CREATE INDEX speed_dials_tenant_idx ON speed_dials (tenant_id);

-- RTE-13: whether lines may override the policy, may see and edit their own codes; authorization codes (hashed).
ALTER TABLE account_code_policies ADD COLUMN allow_line_override boolean NOT NULL DEFAULT false;
ALTER TABLE account_code_policies ADD COLUMN lines_may_edit boolean NOT NULL DEFAULT false;
ALTER TABLE account_code_policies ADD CONSTRAINT account_code_policies_codes_check
    CHECK (array_to_string(codes, ',') ~ '^([0-9]{1,15}(,[0-9]{1,15})*)?$');

CREATE TABLE authorization_codes (
    id uuid CONSTRAINT authorization_codes_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    code_hash text NOT NULL,
    last_digits text NOT NULL,
    code_length smallint NOT NULL CONSTRAINT authorization_codes_length_check CHECK (code_length BETWEEN 1 AND 15),
    description text NOT NULL DEFAULT '',
    user_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT authorization_codes_code_key UNIQUE (tenant_id, code_hash)
);

-- RTE-14: limits on calls leaving or entering the enterprise as a whole, and carrier access codes.
CREATE TABLE external_call_settings (
    tenant_id uuid CONSTRAINT external_call_settings_pkey PRIMARY KEY,
    max_outgoing_calls integer CONSTRAINT external_call_settings_outgoing_check CHECK (max_outgoing_calls >= 0),
    max_incoming_calls integer CONSTRAINT external_call_settings_incoming_check CHECK (max_incoming_calls >= 0),
    local_carrier_code text CONSTRAINT external_call_settings_local_check CHECK (local_carrier_code ~ '^[0-9*#]{1,8}$'),
    long_distance_carrier_code text CONSTRAINT external_call_settings_long_distance_check
        CHECK (long_distance_carrier_code ~ '^[0-9*#]{1,8}$'),
    international_carrier_code text CONSTRAINT external_call_settings_international_check
        CHECK (international_carrier_code ~ '^[0-9*#]{1,8}$'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY[
        'call_centre_agents', 'pickup_groups', 'park_groups', 'instant_group_calls', 'series_completions',
        'speed_codes', 'speed_dials', 'authorization_codes', 'external_call_settings'
    ] LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I'
            ' FOR EACH ROW EXECUTE FUNCTION bump_config_version(%L)',
            name || '_config_version', name, 'tenant_id');
    END LOOP;
END $$;
