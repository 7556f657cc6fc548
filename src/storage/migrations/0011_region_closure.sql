-- The region closure: one row per (ancestor, descendant) pair, the region itself included.
-- Every scope filter ("this user's regions and everything below them") becomes one indexed
-- lookup: region_code IN (SELECT descendant FROM region_closure WHERE ancestor = ANY(roots)).
-- Kept in step with `region.path` by statement-level triggers, so whatever writes regions
-- (content loading, imports, refreshAncestry after a move) keeps it right.

CREATE TABLE region_closure (
  ancestor   text NOT NULL,
  descendant text NOT NULL,
  PRIMARY KEY (ancestor, descendant)
);

CREATE INDEX region_closure_descendant_idx ON region_closure (descendant);

INSERT INTO region_closure (ancestor, descendant)
SELECT a.code, r.code FROM region r, unnest(string_to_array(r.path, '/')) AS a(code)
ON CONFLICT DO NOTHING;

CREATE FUNCTION region_closure_refresh() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM region_closure c USING changed_regions n WHERE c.descendant = n.code;
  INSERT INTO region_closure (ancestor, descendant)
  SELECT a.code, n.code FROM changed_regions n, unnest(string_to_array(n.path, '/')) AS a(code)
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;

-- Transition tables allow one event per trigger, hence two triggers.
CREATE TRIGGER region_closure_after_insert
  AFTER INSERT ON region REFERENCING NEW TABLE AS changed_regions
  FOR EACH STATEMENT EXECUTE FUNCTION region_closure_refresh();

CREATE TRIGGER region_closure_after_update
  AFTER UPDATE ON region REFERENCING NEW TABLE AS changed_regions
  FOR EACH STATEMENT EXECUTE FUNCTION region_closure_refresh();
