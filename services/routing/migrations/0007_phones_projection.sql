-- Phones of the enterprise and the line or department each is assigned to, from accounts' phone_assigned events
-- (NUM-06); rebuildable from them like the other projections. Each row keeps the time of the event that wrote it.
CREATE TABLE phones (
    phone_id uuid CONSTRAINT phones_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    mac text NOT NULL,
    model text NOT NULL,
    user_id uuid,
    department_id uuid,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phones_tenant_idx ON phones (tenant_id);
CREATE INDEX phones_user_idx ON phones (user_id);
CREATE TRIGGER phones_config_version AFTER INSERT OR UPDATE OR DELETE ON phones
    FOR EACH ROW EXECUTE FUNCTION bump_config_version('tenant_id');
