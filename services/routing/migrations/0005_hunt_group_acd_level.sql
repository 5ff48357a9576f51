-- RTE-08: a hunt group may have no automatic call distribution (ACD); at most 10 groups of an enterprise have it
-- (basic or premium), which routing checks when a group is saved.
ALTER TABLE hunt_groups DROP CONSTRAINT hunt_groups_service_level_check;
ALTER TABLE hunt_groups ALTER COLUMN service_level SET DEFAULT 'none';
ALTER TABLE hunt_groups ADD CONSTRAINT hunt_groups_service_level_check
    CHECK (service_level IN ('none', 'basic', 'premium'));
