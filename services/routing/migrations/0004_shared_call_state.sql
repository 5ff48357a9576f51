-- State every routing replica shares, changed only by atomic statements (see routing.storage.call_state), and the
-- configuration versions that tell each replica's snapshot cache when to rebuild.

CREATE TABLE config_versions (
    tenant_id uuid CONSTRAINT config_versions_pkey PRIMARY KEY,
    version bigint NOT NULL DEFAULT 1
);

-- Row trigger: TG_ARGV[0] names the column holding the owning tenant.
-- The search path is fixed at creation so the trigger finds config_versions whoever writes the row.
CREATE FUNCTION bump_config_version() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
    tenant uuid;
BEGIN
    FOREACH tenant IN ARRAY ARRAY[
        CASE WHEN TG_OP <> 'DELETE' THEN (to_jsonb(NEW) ->> TG_ARGV[0])::uuid END,
        CASE WHEN TG_OP <> 'INSERT' THEN (to_jsonb(OLD) ->> TG_ARGV[0])::uuid END
    ] LOOP
        IF tenant IS NOT NULL THEN
            INSERT INTO config_versions AS v (tenant_id) VALUES (tenant)
            ON CONFLICT (tenant_id) DO UPDATE SET version = v.version + 1;
        END IF;
    END LOOP;
    RETURN NULL;
END $$;

DO $$
DECLARE
    name text;
BEGIN
    FOREACH name IN ARRAY ARRAY[
        'enterprise_settings', 'restriction_rules', 'restriction_exemptions', 'user_restrictions', 'phone_zones',
        'schedules', 'schedule_hours', 'schedule_holidays', 'night_forwarding', 'auto_attendants',
        'attendant_menus', 'attendant_menu_keys', 'hunt_groups', 'hunt_group_members', 'call_centres',
        'paging_groups', 'line_forwarding', 'forwarding_rules', 'selective_forwards', 'emergency_settings',
        'emergency_recipients', 'account_code_policies', 'departments', 'lines', 'dids'
    ] LOOP
        EXECUTE format(
            'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I'
            ' FOR EACH ROW EXECUTE FUNCTION bump_config_version(%L)',
            name || '_config_version', name, 'tenant_id');
    END LOOP;
END $$;
CREATE TRIGGER tenants_config_version AFTER INSERT OR UPDATE OR DELETE ON tenants
    FOR EACH ROW EXECUTE FUNCTION bump_config_version('id');

-- RTE-08: circular hunting (index of the member offered the last call) and uniform hunting (calls per member).
CREATE TABLE hunt_positions (
    group_id uuid CONSTRAINT hunt_positions_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    position integer NOT NULL CONSTRAINT hunt_positions_position_check CHECK (position >= 0)
);
CREATE INDEX hunt_positions_tenant_idx ON hunt_positions (tenant_id);

CREATE TABLE hunt_member_calls (
    group_id uuid NOT NULL,
    user_id uuid NOT NULL,
    tenant_id uuid NOT NULL,
    calls bigint NOT NULL CONSTRAINT hunt_member_calls_calls_check CHECK (calls >= 0),
    CONSTRAINT hunt_member_calls_pkey PRIMARY KEY (group_id, user_id)
);
CREATE INDEX hunt_member_calls_tenant_idx ON hunt_member_calls (tenant_id);

-- RTE-14: external calls in progress per department and direction.
CREATE TABLE department_calls (
    department_id uuid NOT NULL,
    direction text NOT NULL CONSTRAINT department_calls_direction_check CHECK (direction IN ('in', 'out')),
    tenant_id uuid NOT NULL,
    in_progress integer NOT NULL CONSTRAINT department_calls_in_progress_check CHECK (in_progress >= 0),
    CONSTRAINT department_calls_pkey PRIMARY KEY (department_id, direction)
);
CREATE INDEX department_calls_tenant_idx ON department_calls (tenant_id);

-- What each counted call holds, so its end releases exactly that, once.
CREATE TABLE calls_in_progress (
    call_id text CONSTRAINT calls_in_progress_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    counters text[] NOT NULL DEFAULT '{}',
    started_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX calls_in_progress_started_idx ON calls_in_progress (started_at);

-- Ends that arrived before (or without) anything to release: a plan that comes later counts nothing.
CREATE TABLE ended_calls (
    call_id text CONSTRAINT ended_calls_pkey PRIMARY KEY,
    ended_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ended_calls_ended_idx ON ended_calls (ended_at);

-- RTE-13: lines blocked after too many wrong account codes.
CREATE TABLE line_blocks (
    user_id uuid CONSTRAINT line_blocks_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    reason text NOT NULL,
    blocked_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX line_blocks_tenant_idx ON line_blocks (tenant_id);

-- RTE-10: call park; a slot holds one call, a call sits in one slot.
CREATE TABLE park_slots (
    tenant_id uuid NOT NULL,
    slot smallint NOT NULL CONSTRAINT park_slots_slot_check CHECK (slot BETWEEN 1 AND 999),
    call_id text NOT NULL CONSTRAINT park_slots_call_key UNIQUE,
    parked_by uuid,
    parked_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT park_slots_pkey PRIMARY KEY (tenant_id, slot)
);
