-- 012_access_control: what the application and the read-only role may do, enforced by grants and policies.
-- The domain tables belong to the owner that runs migrations; the application role `biddeed_app` reads and
-- writes rows but cannot create, alter or drop anything; `biddeed_reader` reads the bid sheets, outcomes and
-- metrics and nothing else (never the HTTP cache or the audit log). Logins and passwords are given by the
-- embedded server's setup (store/roles.py) or by the operator of an external server.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'biddeed_reader') THEN
        CREATE ROLE biddeed_reader NOLOGIN;
    END IF;
END
$$;
ALTER ROLE biddeed_app NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
ALTER ROLE biddeed_reader NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;

-- No one but the owner creates objects in the schema (PostgreSQL 15 already revokes this from PUBLIC).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;

-- The application: rows of every table, now and of the tables later migrations create.
GRANT USAGE ON SCHEMA public TO biddeed_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO biddeed_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO biddeed_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO biddeed_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO biddeed_app;

-- Row-level security is kept where it restricts something: the audit trail, the registry and the alerts.
-- On the bid sheet, case memory and the prediction audit it only ever said "the app sees every row", and
-- PostgreSQL refuses COPY into a table under row-level security, which is how a partition is written: there
-- the grants alone decide (the app writes, the reader reads, nobody else sees a row).
DROP POLICY IF EXISTS app_full_access ON auction_results;
DROP POLICY IF EXISTS app_full_access ON agent_memory;
DROP POLICY IF EXISTS app_full_access ON prediction_audit;
ALTER TABLE auction_results DISABLE ROW LEVEL SECURITY;
ALTER TABLE agent_memory DISABLE ROW LEVEL SECURITY;
ALTER TABLE prediction_audit DISABLE ROW LEVEL SECURITY;

-- The audit trail and the champion gate's decisions are append-only history: read and add, never change.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, model_gate_decisions FROM biddeed_app;
DROP POLICY IF EXISTS app_full_access ON audit_log;
CREATE POLICY app_reads ON audit_log FOR SELECT TO biddeed_app USING (true);
CREATE POLICY app_appends ON audit_log FOR INSERT TO biddeed_app WITH CHECK (true);
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;  -- not even the owner edits the trail by accident

-- The model registry keeps every version: the app promotes and retires (UPDATE) but never deletes one.
DROP POLICY IF EXISTS app_full_access ON model_registry;
CREATE POLICY app_reads ON model_registry FOR SELECT TO biddeed_app USING (true);
CREATE POLICY app_registers ON model_registry FOR INSERT TO biddeed_app WITH CHECK (true);
CREATE POLICY app_promotes ON model_registry FOR UPDATE TO biddeed_app USING (true) WITH CHECK (true);

-- Alerts are acknowledged and resolved, never deleted.
REVOKE DELETE, TRUNCATE ON alerts, model_registry FROM biddeed_app;
DROP POLICY IF EXISTS app_full_access ON alerts;
CREATE POLICY app_reads ON alerts FOR SELECT TO biddeed_app USING (true);
CREATE POLICY app_raises ON alerts FOR INSERT TO biddeed_app WITH CHECK (true);
CREATE POLICY app_acknowledges ON alerts FOR UPDATE TO biddeed_app USING (true) WITH CHECK (true);

-- The reader: bid sheets, cases, outcomes, predictions and metrics; no writes.
GRANT USAGE ON SCHEMA public TO biddeed_reader;
GRANT SELECT ON auction_results, cases, outcomes, predictions, prediction_audit, daily_metrics, model_registry
    TO biddeed_reader;
CREATE POLICY reader_reads ON model_registry FOR SELECT TO biddeed_reader USING (true);
