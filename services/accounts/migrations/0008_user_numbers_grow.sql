-- User numbers beyond 9,999 (guide 003, ACC-09, ACC-15): a user number stays 4 digits while the 4-digit space
-- lasts, then the platform hands out 5-digit numbers, and so on (numeric, 4 to 10 digits, unique in the system).
-- char(4) held 9,000 users at most, short of a 10,000-user import or a 50,000-user enterprise.

-- The generated search column (migration 0007) reads user_number: it is dropped and added back around the change.
DROP INDEX IF EXISTS users_search_trgm_idx;
ALTER TABLE users DROP COLUMN search_text;
DROP INDEX users_tenant_number_idx;

ALTER TABLE users ALTER COLUMN user_number TYPE text USING rtrim(user_number);
ALTER TABLE users ADD CONSTRAINT users_user_number_check CHECK (user_number ~ '^[0-9]{4,10}$');
ALTER SEQUENCE user_number_seq MAXVALUE 9999999999;

ALTER TABLE users ADD COLUMN search_text text GENERATED ALWAYS AS (
    lower(user_number || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || display_name
        || ' ' || coalesce(email, ''))
) STORED;

-- Numeric order whatever the length (9999 before 10000): the users page sorts by lpad(user_number, 10, '0').
CREATE INDEX users_tenant_number_idx ON users (tenant_id, lpad(user_number, 10, '0'), id);

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX users_search_trgm_idx ON users USING gin (search_text public.gin_trgm_ops);
    END IF;
END
$$;
