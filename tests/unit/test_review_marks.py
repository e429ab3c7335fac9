"""Rejected disagreements are kept in the project file, per document, and read back."""

from __future__ import annotations

import pytest

from annotator.core.model import DocumentRecord
from annotator.store import Project, ReadOnlyProjectError
from annotator.store.review_marks import rejected_disagreements, set_rejected_disagreements


def test_rejections_round_trip_per_document_and_an_empty_set_removes_the_row(project_path) -> None:
    with Project(project_path) as project:
        project.import_records([DocumentRecord(text="One text."), DocumentRecord(text="Another text.")])
        set_rejected_disagreements(project, 1, {("entity", 0, 3), ("statement", 4, 9)})
    with Project(project_path) as project:
        assert rejected_disagreements(project, 1) == {("entity", 0, 3), ("statement", 4, 9)}
        assert rejected_disagreements(project, 2) == set()
        set_rejected_disagreements(project, 1, set())
        assert rejected_disagreements(project, 1) == set()
        rows = project.conn.execute("SELECT count(*) FROM project_info WHERE key LIKE 'review.%'").fetchone()
        assert rows[0] == 0


def test_a_damaged_row_reads_as_nothing_rejected_and_a_read_only_project_refuses(project_path) -> None:
    with Project(project_path) as project:
        project.import_records([DocumentRecord(text="One text.")])
        project.conn.execute("INSERT INTO project_info (key, value) VALUES ('review.rejected.1', '[[1]]')")
    with Project(project_path, read_only=True) as project:
        assert rejected_disagreements(project, 1) == set()
        with pytest.raises(ReadOnlyProjectError):
            set_rejected_disagreements(project, 1, {("entity", 0, 3)})
