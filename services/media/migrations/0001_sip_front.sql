-- The SIP front (MED-01): what Kamailio reads (subscribers, registered contacts), trunks projected from accounts,
-- plans waiting for a pjsua2 worker and the facts of proxied calls.

-- Kamailio's table-version registry, read by its database modules (core parameter version_table; Kamailio
-- connects with search_path=media).
CREATE TABLE kam_version (
    id serial CONSTRAINT kam_version_pkey PRIMARY KEY,
    table_name varchar(64) NOT NULL CONSTRAINT kam_version_table_name_idx UNIQUE,
    table_version integer NOT NULL DEFAULT 0
);

-- Digest identities of users' phones, projected from accounts' sip_credentials_changed (never a clear password:
-- only ha1 = md5(username:realm:password)). Columns id..ha1b are Kamailio's auth_db subscriber table, version 7;
-- user_id and enterprise_id are text because Kamailio loads them into AVPs (load_credentials).
CREATE TABLE subscriber (
    id serial CONSTRAINT subscriber_pkey PRIMARY KEY,
    username varchar(64) NOT NULL DEFAULT '',
    domain varchar(64) NOT NULL DEFAULT '',
    password varchar(64) NOT NULL DEFAULT '' CONSTRAINT subscriber_no_clear_password CHECK (password = ''),
    ha1 varchar(128) NOT NULL DEFAULT '',
    ha1b varchar(128) NOT NULL DEFAULT '',
    user_id text NOT NULL,
    kind text NOT NULL CONSTRAINT subscriber_kind_check CHECK (kind IN ('default', 'registration', 'calling')),
    enterprise_id text NOT NULL,
    tenant_path uuid[] NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT subscriber_user_kind_key UNIQUE (user_id, kind)
);
CREATE INDEX subscriber_account_idx ON subscriber (username, domain);
INSERT INTO kam_version (table_name, table_version) VALUES ('subscriber', 7);

-- Registered contacts (Kamailio usrloc, version 9). The address of record is the user's id, not the SIP name, so
-- routing's contacts {kind: user, address: user_id} are looked up directly.
CREATE TABLE location (
    id serial CONSTRAINT location_pkey PRIMARY KEY,
    ruid varchar(64) NOT NULL DEFAULT '' CONSTRAINT location_ruid_idx UNIQUE,
    username varchar(64) NOT NULL DEFAULT '',
    domain varchar(64) DEFAULT NULL,
    contact varchar(512) NOT NULL DEFAULT '',
    received varchar(128) DEFAULT NULL,
    path varchar(512) DEFAULT NULL,
    expires timestamp without time zone NOT NULL DEFAULT '2030-05-28 21:32:15',
    q real NOT NULL DEFAULT 1.0,
    callid varchar(255) NOT NULL DEFAULT 'Default-Call-ID',
    cseq integer NOT NULL DEFAULT 1,
    last_modified timestamp without time zone NOT NULL DEFAULT '2000-01-01 00:00:01',
    flags integer NOT NULL DEFAULT 0,
    cflags integer NOT NULL DEFAULT 0,
    user_agent varchar(255) NOT NULL DEFAULT '',
    socket varchar(64) DEFAULT NULL,
    methods integer DEFAULT NULL,
    instance varchar(255) DEFAULT NULL,
    reg_id integer NOT NULL DEFAULT 0,
    server_id integer NOT NULL DEFAULT 0,
    connection_id integer NOT NULL DEFAULT 0,
    keepalive integer NOT NULL DEFAULT 0,
    partition integer NOT NULL DEFAULT 0
);
CREATE INDEX location_account_contact_idx ON location (username, domain, contact);
CREATE INDEX location_expires_idx ON location (expires);
CREATE INDEX location_connection_idx ON location (server_id, connection_id);
INSERT INTO kam_version (table_name, table_version) VALUES ('location', 9);

-- SIP trunks, projected from accounts' trunk_changed (NUM-04): who may send calls, where calls go out.
CREATE TABLE trunks (
    trunk_id uuid CONSTRAINT trunks_pkey PRIMARY KEY,
    tenant_id uuid NOT NULL,
    tenant_path uuid[] NOT NULL,
    name text NOT NULL,
    host text NOT NULL,
    port integer NOT NULL,
    transport text NOT NULL,
    username text,
    register boolean NOT NULL,
    allowed_sources text[] NOT NULL,
    caller_id_rules jsonb NOT NULL,
    changed_at timestamptz NOT NULL
);

-- A routing plan waiting for the pjsua2 worker that takes the call (header X-Relais-Call: call_id); the worker
-- reads and deletes it.
CREATE TABLE pending_plans (
    call_id text CONSTRAINT pending_plans_pkey PRIMARY KEY,
    plan jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Facts of calls the front proxies without a worker (events call_started/answered/ended, handled_by "proxy"); the
-- key makes each fact recorded and published once. The started row keeps who called whom for the later facts.
CREATE TABLE front_call_facts (
    call_id text NOT NULL,
    fact text NOT NULL CONSTRAINT front_call_facts_fact_check CHECK (fact IN ('started', 'answered', 'ended')),
    caller text NOT NULL DEFAULT '',
    callee text NOT NULL DEFAULT '',
    enterprise_id uuid,
    tenant_path uuid[] NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT front_call_facts_pkey PRIMARY KEY (call_id, fact)
);

-- Kamailio permissions' address table (version 6) as a view over the trunks: an INVITE from one of a trunk's
-- allowed sources (an address or a CIDR block) is a call from that trunk, tagged with its id.
CREATE VIEW address AS
SELECT row_number() OVER (ORDER BY t.trunk_id, s.source)::integer AS id,
       1 AS grp,
       host(s.source::cidr)::varchar(50) AS ip_addr,
       masklen(s.source::cidr) AS mask,
       0::smallint AS port,
       t.trunk_id::text::varchar(64) AS tag
FROM trunks t CROSS JOIN LATERAL unnest(t.allowed_sources) AS s(source);
INSERT INTO kam_version (table_name, table_version) VALUES ('address', 6);
