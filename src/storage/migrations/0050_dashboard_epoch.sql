-- Issue 6: the dashboards' data epoch, the key under which the HTTP answer cache
-- (src/http/plugins/answer-cache.ts) keeps serialised dashboard answers.
--
-- One counter per province, set from a sequence in the transaction that changes the
-- province's dashboard figures. A reader uses the SUM of the counters: a committed bump
-- replaces a row's value by a larger one (a second writer of the same province waits for the
-- row lock, then draws a larger number), so the sum strictly increases with every commit, in
-- whatever order transactions commit. A max() or a timestamp would not: a transaction that
-- drew its number first but commits last would leave it unchanged.
--
-- Who bumps:
-- - every insert or update of `dashboard_build` (full builds, live-year moves, refreshes that
--   touch the build row, the stale flag), through the trigger below;
-- - publishing an evaluation run (it widens what the public may see), row '*';
-- - any other writer of the dashboard tables calls bumpDashboardEpoch(trx, province)
--   (src/storage/repositories/dashboard.epoch.ts) in its transaction.
CREATE SEQUENCE dashboard_epoch_seq;

CREATE TABLE dashboard_epoch (
  province_code text PRIMARY KEY,
  epoch         bigint NOT NULL
);

CREATE FUNCTION dashboard_epoch_bump(code text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO dashboard_epoch (province_code, epoch) VALUES (code, nextval('dashboard_epoch_seq'))
  ON CONFLICT (province_code) DO UPDATE SET epoch = nextval('dashboard_epoch_seq');
$$;

CREATE FUNCTION dashboard_epoch_on_build() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_epoch_bump(NEW.province_code);
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_build_epoch AFTER INSERT OR UPDATE ON dashboard_build
  FOR EACH ROW EXECUTE FUNCTION dashboard_epoch_on_build();

CREATE FUNCTION dashboard_epoch_on_publish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_epoch_bump('*');
  RETURN NULL;
END $$;

CREATE TRIGGER evaluation_run_publish_epoch AFTER INSERT OR UPDATE OF published ON evaluation_run
  FOR EACH ROW WHEN (NEW.published) EXECUTE FUNCTION dashboard_epoch_on_publish();
