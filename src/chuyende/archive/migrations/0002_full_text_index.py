"""The full-text index over `SearchEntry`: FTS5 on SQLite, tsvector + GIN on PostgreSQL.

Both index the same ASCII words (see `archive.search.index_words`), so the two back ends match
the same rows; only ranking details differ.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE archive_fts USING fts5(folded, tone_key, content='archive_searchentry',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER archive_fts_ai AFTER INSERT ON archive_searchentry BEGIN"
    " INSERT INTO archive_fts(rowid, folded, tone_key) VALUES (new.id, new.folded, new.tone_key); END",
    "CREATE TRIGGER archive_fts_ad AFTER DELETE ON archive_searchentry BEGIN"
    " INSERT INTO archive_fts(archive_fts, rowid, folded, tone_key)"
    " VALUES ('delete', old.id, old.folded, old.tone_key); END",
    "CREATE TRIGGER archive_fts_au AFTER UPDATE ON archive_searchentry BEGIN"
    " INSERT INTO archive_fts(archive_fts, rowid, folded, tone_key)"
    " VALUES ('delete', old.id, old.folded, old.tone_key);"
    " INSERT INTO archive_fts(rowid, folded, tone_key) VALUES (new.id, new.folded, new.tone_key); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER archive_fts_au",
    "DROP TRIGGER archive_fts_ad",
    "DROP TRIGGER archive_fts_ai",
    "DROP TABLE archive_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE archive_searchentry ADD COLUMN folded_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED",
    "ALTER TABLE archive_searchentry ADD COLUMN tone_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', tone_key)) STORED",
    "CREATE INDEX archive_entry_folded_gin ON archive_searchentry USING gin (folded_tsv)",
    "CREATE INDEX archive_entry_tone_gin ON archive_searchentry USING gin (tone_tsv)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX archive_entry_tone_gin",
    "DROP INDEX archive_entry_folded_gin",
    "ALTER TABLE archive_searchentry DROP COLUMN tone_tsv",
    "ALTER TABLE archive_searchentry DROP COLUMN folded_tsv",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_volumes_builds_search_entries")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
