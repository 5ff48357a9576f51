-- Registration to carriers (issue 6, NUM-04): a trunk that registers keeps its digest password encrypted (the
-- Fernet token accounts publishes in trunk_changed, readable with RELAIS_SECRETS_KEY). Kamailio's uac module needs
-- its uacreg table to exist; it stays empty: the media service adds each registration to Kamailio's memory over
-- its control socket (uac.reg_add), so the clear password is never stored.
ALTER TABLE trunks ADD COLUMN password_encrypted text;

CREATE TABLE uacreg (
    id serial CONSTRAINT uacreg_pkey PRIMARY KEY,
    l_uuid varchar(64) NOT NULL DEFAULT '' CONSTRAINT uacreg_l_uuid_idx UNIQUE,
    l_username varchar(64) NOT NULL DEFAULT '',
    l_domain varchar(64) NOT NULL DEFAULT '',
    r_username varchar(64) NOT NULL DEFAULT '',
    r_domain varchar(64) NOT NULL DEFAULT '',
    realm varchar(64) NOT NULL DEFAULT '',
    auth_username varchar(64) NOT NULL DEFAULT '',
    auth_password varchar(64) NOT NULL DEFAULT '',
    auth_ha1 varchar(128) NOT NULL DEFAULT '',
    auth_proxy varchar(255) NOT NULL DEFAULT '',
    expires integer NOT NULL DEFAULT 0,
    flags integer NOT NULL DEFAULT 0,
    reg_delay integer NOT NULL DEFAULT 0,
    contact_addr varchar(255) NOT NULL DEFAULT '',
    socket varchar(128) NOT NULL DEFAULT '',
    CONSTRAINT uacreg_never_a_password CHECK (auth_password = '' AND auth_ha1 = '')
);
INSERT INTO kam_version (table_name, table_version) VALUES ('uacreg', 5);
