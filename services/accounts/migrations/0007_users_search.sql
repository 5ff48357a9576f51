-- Instant search on the users page of a large enterprise (ACC-09): the user's own searchable columns as one
-- lower-case text, kept by PostgreSQL itself, so a search tests one value per user instead of five.
ALTER TABLE users ADD COLUMN search_text text GENERATED ALWAYS AS (
    lower(user_number || ' ' || coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || display_name
        || ' ' || coalesce(email, ''))
) STORED;

-- The initial letter of the first name, last name or display name (the letters above the users list).
CREATE INDEX users_first_initial_idx ON users (tenant_id, lower(left(first_name, 1)));
CREATE INDEX users_last_initial_idx ON users (tenant_id, lower(left(last_name, 1)));
CREATE INDEX users_name_initial_idx ON users (tenant_id, lower(left(display_name, 1)));

-- Sorting by extension walks the enterprise's extensions in order instead of sorting every user.
CREATE INDEX extensions_enterprise_sort_idx ON extensions (enterprise_id, lpad(number, 6, '0'));

-- A trigram index answers "contains" searches from the index. pg_trgm ships with PostgreSQL but not with the
-- embedded server (pgserver), where the search scans the enterprise's rows instead; the same file serves both.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
        CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
        CREATE INDEX users_search_trgm_idx ON users USING gin (search_text public.gin_trgm_ops);
        CREATE INDEX extensions_number_trgm_idx ON extensions USING gin (number public.gin_trgm_ops);
        CREATE INDEX dids_number_trgm_idx ON dids USING gin (number public.gin_trgm_ops);
    END IF;
END
$$;
