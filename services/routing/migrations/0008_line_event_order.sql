-- Lines remember the instant of the accounts event that last wrote them (its envelope's occurred_at), so a user
-- event delivered late never overwrites a newer one (RTE-01). NULL: written before this column, or by seeding.
ALTER TABLE lines ADD COLUMN event_at timestamptz;
