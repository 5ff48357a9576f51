-- A session opened by an administrator "as" another user (ACC-14) remembers who really acts.
ALTER TABLE sessions ADD COLUMN actor_user_id uuid;
CREATE INDEX sessions_actor_idx ON sessions (actor_user_id) WHERE ended_at IS NULL AND actor_user_id IS NOT NULL;
