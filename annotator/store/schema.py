"""The project file's schema as numbered migrations, applied in order on open."""

from __future__ import annotations

# `PRAGMA application_id` marks a file as ours ("ANNO"), so another app's SQLite file is refused
# instead of being given our tables.
APPLICATION_ID = 0x414E4E4F

# Each entry upgrades the file from version N to N + 1; PRAGMA user_version records where it is.
# Never edit a migration that has shipped: append a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE labels (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('entity', 'quote', 'claim')),
        colour TEXT NOT NULL,
        key TEXT,
        position INTEGER NOT NULL
    );
    CREATE TABLE relation_types (
        name TEXT PRIMARY KEY,
        head_kind TEXT NOT NULL CHECK (head_kind IN ('entity', 'quote', 'claim')),
        child_kind TEXT NOT NULL CHECK (child_kind IN ('entity', 'quote', 'claim'))
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        source TEXT,
        url TEXT,
        author TEXT,
        published TEXT,
        meta TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'todo'
            CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
        content_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX documents_status ON documents (status);
    CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL,
        label_id INTEGER NOT NULL REFERENCES labels (id),
        text TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        note TEXT,
        annotator TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start < "end"),
        UNIQUE (document_id, start, "end", label_id)
    );
    CREATE INDEX spans_label ON spans (label_id);
    CREATE TABLE relations (
        id INTEGER PRIMARY KEY,
        head_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
        child_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
        type TEXT NOT NULL REFERENCES relation_types (name),
        created_at TEXT NOT NULL,
        CHECK (head_span_id != child_span_id),
        UNIQUE (head_span_id, child_span_id, type)
    );
    CREATE INDEX relations_child ON relations (child_span_id);
    CREATE TABLE project_info (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: ids of labels, spans and relations are never reused (AUTOINCREMENT). Undo puts a deleted
    # span back under its old id; without this, a span added in between could have taken it.
    # SQLite cannot add AUTOINCREMENT in place: each table is rebuilt and copied (foreign keys are
    # off while migrations run, and checked before they commit).
    """
    CREATE TABLE labels_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('entity', 'quote', 'claim')),
        colour TEXT NOT NULL,
        key TEXT,
        position INTEGER NOT NULL
    );
    INSERT INTO labels_new (id, name, kind, colour, key, position)
        SELECT id, name, kind, colour, key, position FROM labels;
    DROP TABLE labels;
    ALTER TABLE labels_new RENAME TO labels;
    CREATE TABLE spans_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL,
        label_id INTEGER NOT NULL REFERENCES labels (id),
        text TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        note TEXT,
        annotator TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (start < "end"),
        UNIQUE (document_id, start, "end", label_id)
    );
    INSERT INTO spans_new (id, document_id, start, "end", label_id, text, attributes, note, annotator,
                           created_at, updated_at)
        SELECT id, document_id, start, "end", label_id, text, attributes, note, annotator, created_at,
               updated_at FROM spans;
    DROP TABLE spans;
    ALTER TABLE spans_new RENAME TO spans;
    CREATE INDEX spans_label ON spans (label_id);
    CREATE TABLE relations_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        head_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
        child_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
        type TEXT NOT NULL REFERENCES relation_types (name),
        created_at TEXT NOT NULL,
        CHECK (head_span_id != child_span_id),
        UNIQUE (head_span_id, child_span_id, type)
    );
    INSERT INTO relations_new (id, head_span_id, child_span_id, type, created_at)
        SELECT id, head_span_id, child_span_id, type, created_at FROM relations;
    DROP TABLE relations;
    ALTER TABLE relations_new RENAME TO relations;
    CREATE INDEX relations_child ON relations (child_span_id);
    """,
    # 3: label names are unique whatever their case (the store compares them casefolded; NOCASE
    # keeps at least ASCII names apart in the file too). Names already differing only in case get
    # their id appended, all but the first, so no project fails to open over it.
    # And a relation type names the labels its child may carry (a speaker is a PERSON or an ORG,
    # not a DATE); none listed: any label of its child kind. Labels are not referenced: a removed
    # label's undo puts it back under the same id (ids are never reused), and its place here with it.
    """
    UPDATE labels SET name = name || ' #' || id WHERE EXISTS (
        SELECT 1 FROM labels AS other WHERE other.name = labels.name COLLATE NOCASE AND other.id < labels.id
    );
    CREATE UNIQUE INDEX labels_name_nocase ON labels (name COLLATE NOCASE);
    CREATE TABLE relation_type_labels (
        relation_type TEXT NOT NULL REFERENCES relation_types (name) ON DELETE CASCADE ON UPDATE CASCADE,
        label_id INTEGER NOT NULL,
        PRIMARY KEY (relation_type, label_id)
    );
    INSERT INTO relation_type_labels (relation_type, label_id)
        SELECT relation_types.name, labels.id FROM relation_types JOIN labels
        ON labels.kind = relation_types.child_kind
        WHERE relation_types.name IN ('SPEAKER', 'CLAIMANT') AND upper(labels.name) IN ('PERSON', 'ORG');
    """,
)
# What migration 3 gives existing projects, for new ones (after their preset labels are in).
DEFAULT_RELATION_LABELS = """
    INSERT OR IGNORE INTO relation_type_labels (relation_type, label_id)
        SELECT relation_types.name, labels.id FROM relation_types JOIN labels
        ON labels.kind = relation_types.child_kind
        WHERE relation_types.name IN ('SPEAKER', 'CLAIMANT') AND upper(labels.name) IN ('PERSON', 'ORG')
"""

SCHEMA_VERSION = len(MIGRATIONS)
