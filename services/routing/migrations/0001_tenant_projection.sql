-- Routing's own copy of the tenant tree, fed by accounts' events; rebuildable from them.
CREATE TABLE tenants (
    id uuid CONSTRAINT tenants_pkey PRIMARY KEY,
    kind text NOT NULL,
    parent_id uuid,
    path uuid[] NOT NULL,
    name text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
