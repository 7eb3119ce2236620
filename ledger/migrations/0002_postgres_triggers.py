"""PostgreSQL guards that hold whatever code touches the tables.

- A deferred constraint trigger (as django-hordak does) proves at commit that
  every entry balances per currency, and that a posting's currency and saraf
  are its account's.
- Postings and entries refuse UPDATE and DELETE.
SQLite has no equivalent; there the services and `verify_ledger` hold the line.
"""

from django.db import migrations

DEBIT_NORMAL = "('cash', 'position', 'exchange')"

CREATE = f"""
CREATE OR REPLACE FUNCTION ledger_check_posting() RETURNS trigger AS $$
DECLARE
    bad record;
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM ledger_ledgeraccount a
        WHERE a.id = NEW.account_id
          AND a.currency_id = NEW.currency_id
          AND a.saraf_id = NEW.saraf_id
    ) THEN
        RAISE EXCEPTION 'posting % does not match its account % (currency or saraf)',
            NEW.id, NEW.account_id USING ERRCODE = 'check_violation';
    END IF;
    SELECT p.currency_id AS currency,
           SUM(CASE WHEN a.kind IN {DEBIT_NORMAL} THEN p.amount ELSE -p.amount END)
               AS total
      INTO bad
      FROM ledger_posting p
      JOIN ledger_ledgeraccount a ON a.id = p.account_id
     WHERE p.entry_id = NEW.entry_id
     GROUP BY p.currency_id
    HAVING SUM(CASE WHEN a.kind IN {DEBIT_NORMAL} THEN p.amount ELSE -p.amount END)
           <> 0
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'journal entry % does not balance in %: off by %',
            NEW.entry_id, bad.currency, bad.total USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER ledger_posting_balanced
    AFTER INSERT ON ledger_posting
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_check_posting();

CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER ledger_posting_append_only
    BEFORE UPDATE OR DELETE ON ledger_posting
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();

CREATE TRIGGER ledger_journalentry_append_only
    BEFORE UPDATE OR DELETE ON ledger_journalentry
    FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
"""

DROP = """
DROP TRIGGER IF EXISTS ledger_journalentry_append_only ON ledger_journalentry;
DROP TRIGGER IF EXISTS ledger_posting_append_only ON ledger_posting;
DROP TRIGGER IF EXISTS ledger_posting_balanced ON ledger_posting;
DROP FUNCTION IF EXISTS ledger_refuse_change();
DROP FUNCTION IF EXISTS ledger_check_posting();
"""


def _on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(_on_postgres(CREATE), _on_postgres(DROP))]
