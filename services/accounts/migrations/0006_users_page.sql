-- The users page at scale and what it shows beyond the line itself (ACC-09, ACC-11, ACC-13, ACC-16).

-- Telephone sessions of a user: sign-ins with the voicemail PIN, the phone's way in (ACC-11).
ALTER TABLE users
    ADD COLUMN telephone_sessions integer NOT NULL DEFAULT 0
        CONSTRAINT users_telephone_sessions_check CHECK (telephone_sessions >= 0),
    ADD COLUMN last_telephone_session_at timestamptz;

-- The expiry date a warning e-mail was last sent for, so each date is warned once (ACC-16).
ALTER TABLE user_options ADD COLUMN expiry_warned_for date;
CREATE INDEX user_options_expiry_idx ON user_options (account_expires_on) WHERE account_expires_on IS NOT NULL;

-- Sorting a 50,000-user enterprise by a column reads the first page from an index instead of sorting every row.
-- (pg_trgm is not in the embedded PostgreSQL, so the contains-search scans the enterprise's rows; it stays
-- under the target because the page query reads only the users table and joins the page's rows afterwards.)
CREATE INDEX users_tenant_name_idx ON users (tenant_id, lower(display_name), id);
CREATE INDEX users_tenant_number_idx ON users (tenant_id, user_number, id);
CREATE INDEX users_tenant_last_name_idx ON users (tenant_id, lower(last_name), id);
CREATE INDEX users_tenant_first_name_idx ON users (tenant_id, lower(first_name), id);
CREATE INDEX users_tenant_email_idx ON users (tenant_id, lower(email), id);
CREATE INDEX users_tenant_created_idx ON users (tenant_id, created_at, id);
CREATE INDEX users_tenant_status_idx ON users (tenant_id, status, id);
