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
    # 4: the team, suggestion, search and document-label tables (issues 12, 13 and 14).
    # - Labels may be of kind 'document' (topic, genre, stance…), optionally in a choice group
    #   that allows one or several of its labels per document; the table is rebuilt for its CHECK.
    # - Spans record where they came from (`source`: 'human', 'quotes', 'patterns:FILE', 'project',
    #   'model:NAME', 'layer:NAME' when settled from an annotator's layer in review); links and
    #   statuses record who made them; every status change is kept (statistics over time).
    # - `layer_*` tables hold other annotators' work merged into a team project, one layer per
    #   annotator, apart from the project's own (gold) spans so nothing that reads `spans` changes.
    # - `suggestions` are proposals never counted as annotations until accepted; a rejected one
    #   stays rejected for its document (UNIQUE keeps a re-run from proposing it again).
    # - `documents_fts` indexes title and text for search, kept in step by triggers (external
    #   content: the text is not stored twice). A new document is listed in `documents_fts_pending`
    #   and indexed with the rest of its import at the end (`Project.index_pending`): indexing one
    #   document per transaction cost an import of single files half its speed; search reads pending
    #   documents directly until then, so nothing is ever missed. `detail = none` keeps which
    #   documents hold a token, not where: half the indexing cost and a third of the size; phrases
    #   and positions are checked in Python on the documents the index names.
    """
    CREATE TABLE labels_new (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
        kind TEXT NOT NULL CHECK (kind IN ('entity', 'quote', 'claim', 'document')),
        colour TEXT NOT NULL,
        key TEXT,
        position INTEGER NOT NULL,
        choice_group TEXT
    );
    INSERT INTO labels_new (id, name, kind, colour, key, position)
        SELECT id, name, kind, colour, key, position FROM labels;
    DROP TABLE labels;
    ALTER TABLE labels_new RENAME TO labels;
    CREATE UNIQUE INDEX labels_name_nocase ON labels (name COLLATE NOCASE);
    CREATE TABLE choice_groups (
        name TEXT PRIMARY KEY COLLATE NOCASE CHECK (length(name) > 0),
        multiple INTEGER NOT NULL DEFAULT 0 CHECK (multiple IN (0, 1))
    );
    CREATE TABLE document_labels (
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        label_id INTEGER NOT NULL REFERENCES labels (id),
        annotator TEXT,
        source TEXT NOT NULL DEFAULT 'human',
        created_at TEXT NOT NULL,
        PRIMARY KEY (document_id, label_id)
    );
    CREATE INDEX document_labels_label ON document_labels (label_id);
    ALTER TABLE spans ADD COLUMN source TEXT NOT NULL DEFAULT 'human';
    ALTER TABLE relations ADD COLUMN annotator TEXT;
    ALTER TABLE documents ADD COLUMN status_by TEXT;
    CREATE TABLE status_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        annotator TEXT,
        changed_at TEXT NOT NULL
    );
    CREATE INDEX status_changes_document ON status_changes (document_id);
    CREATE TRIGGER documents_status_changed AFTER UPDATE OF status ON documents
        WHEN OLD.status IS NOT NEW.status
    BEGIN
        INSERT INTO status_changes (document_id, status, annotator, changed_at)
            VALUES (NEW.id, NEW.status, NEW.status_by, NEW.updated_at);
    END;
    CREATE TABLE layer_spans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        layer TEXT NOT NULL CHECK (length(layer) > 0),
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL,
        label_id INTEGER NOT NULL REFERENCES labels (id),
        text TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        note TEXT,
        source TEXT NOT NULL DEFAULT 'human',
        created_at TEXT NOT NULL,
        CHECK (start < "end"),
        UNIQUE (document_id, layer, start, "end", label_id)
    );
    CREATE INDEX layer_spans_label ON layer_spans (label_id);
    CREATE TABLE layer_relations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        head_span_id INTEGER NOT NULL REFERENCES layer_spans (id) ON DELETE CASCADE,
        child_span_id INTEGER NOT NULL REFERENCES layer_spans (id) ON DELETE CASCADE,
        type TEXT NOT NULL REFERENCES relation_types (name) ON UPDATE CASCADE,
        CHECK (head_span_id != child_span_id),
        UNIQUE (head_span_id, child_span_id, type)
    );
    CREATE INDEX layer_relations_child ON layer_relations (child_span_id);
    CREATE TABLE layer_documents (
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        layer TEXT NOT NULL CHECK (length(layer) > 0),
        status TEXT NOT NULL DEFAULT 'todo'
            CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
        PRIMARY KEY (document_id, layer)
    );
    CREATE TABLE layer_document_labels (
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        layer TEXT NOT NULL,
        label_id INTEGER NOT NULL REFERENCES labels (id),
        PRIMARY KEY (document_id, layer, label_id)
    );
    CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL,
        label_id INTEGER NOT NULL REFERENCES labels (id),
        text TEXT NOT NULL,
        attributes TEXT NOT NULL DEFAULT '{}',
        source TEXT NOT NULL CHECK (length(source) > 0),
        score REAL,
        speaker_id INTEGER REFERENCES suggestions (id) ON DELETE SET NULL,
        relation_type TEXT,
        state TEXT NOT NULL DEFAULT 'open'
            CHECK (state IN ('open', 'accepted', 'changed', 'rejected')),
        span_id INTEGER,
        decided_by TEXT,
        decided_at TEXT,
        created_at TEXT NOT NULL,
        CHECK (start < "end"),
        UNIQUE (document_id, start, "end", label_id, source)
    );
    CREATE INDEX suggestions_state ON suggestions (state, source);
    CREATE VIRTUAL TABLE documents_fts USING fts5 (
        title, text, content = 'documents', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', detail = none
    );
    INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
    CREATE TABLE documents_fts_pending (document_id INTEGER PRIMARY KEY);
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT OR IGNORE INTO documents_fts_pending (document_id) VALUES (NEW.id);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            SELECT 'delete', OLD.id, OLD.title, OLD.text
            WHERE NOT EXISTS (SELECT 1 FROM documents_fts_pending WHERE document_id = OLD.id);
        DELETE FROM documents_fts_pending WHERE document_id = OLD.id;
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            SELECT 'delete', OLD.id, OLD.title, OLD.text
            WHERE NOT EXISTS (SELECT 1 FROM documents_fts_pending WHERE document_id = OLD.id);
        INSERT OR IGNORE INTO documents_fts_pending (document_id) VALUES (NEW.id);
    END;
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
