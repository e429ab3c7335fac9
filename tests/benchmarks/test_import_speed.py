"""Importing 10,000 small .txt articles, one transaction per file, against plain sqlite3 doing the same."""

from __future__ import annotations

import hashlib
import random
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from annotator.importing import import_paths
from annotator.store import Project

ARTICLES = 10_000
ROUNDS = 2  # best of: commit times on a shared disk vary from run to run
WORDS = (
    "the minister said on Tuesday that talks would resume after the summit in Brussels while "
    "officials from both parties declined to comment on the report published by the agency"
).split()
# Non-ASCII words and emoji (astral, ZWJ sequences, flags) that real news text and comments carry.
UNUSUAL = ("Zürich", "São Paulo", "Ελλάδα", "北京", "Kyiv 🇺🇦", "naïve", "🙂", "👩‍⚕️", "café", "€40m")

# The project's documents table (annotator/store/schema.py), written out so the baseline owes it nothing.
BASELINE_SCHEMA = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    source TEXT,
    url TEXT,
    author TEXT,
    published TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    status TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    content_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_status ON documents (status);
"""


def write_articles(folder: Path, count: int) -> None:
    """A few hundred characters each, a third with non-ASCII or emoji, all distinct (numbered)."""
    rng = random.Random(20240501)
    folder.mkdir()
    for index in range(count):
        words = rng.choices(WORDS, k=rng.randint(35, 70))
        if index % 3 == 0:
            for _ in range(3):
                words.insert(rng.randrange(len(words)), rng.choice(UNUSUAL))
        headline = f"Report {index}: {' '.join(words[:6])}"
        body = " ".join(words).capitalize() + "."
        (folder / f"article-{index:05d}.txt").write_text(f"{headline}\n\n{body}\n", encoding="utf-8")


def baseline_import(folder: Path, database: Path) -> int:
    """Read, decode, hash and insert each file in its own commit, in the project's durability mode."""
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.executescript(BASELINE_SCHEMA)
    added = 0
    for path in sorted(folder.iterdir()):
        text = path.read_bytes().decode("utf-8")
        fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        conn.execute("BEGIN")
        cursor = conn.execute(
            "INSERT INTO documents (title, text, source, content_hash, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (content_hash) DO NOTHING",
            (text.split("\n", 1)[0], text, str(path), fingerprint, stamp, stamp),
        )
        conn.execute("COMMIT")
        added += cursor.rowcount
    conn.close()
    return added


def content_hashes(database: Path) -> set[str]:
    conn = sqlite3.connect(database)
    try:
        return {row[0] for row in conn.execute("SELECT content_hash FROM documents")}
    finally:
        conn.close()


@pytest.mark.benchmark
def test_import_10000_small_articles(tmp_path: Path, compare: Callable[..., float]) -> None:
    folder = tmp_path / "articles"
    write_articles(folder, ARTICLES)
    baseline_times, ours_times = [], []
    for round_ in range(1, ROUNDS + 1):
        baseline_path = tmp_path / f"baseline-{round_}.sqlite"
        ours_path = tmp_path / f"ours-{round_}.annotator"

        started = time.perf_counter()
        baseline_added = baseline_import(folder, baseline_path)
        baseline_times.append(time.perf_counter() - started)

        started = time.perf_counter()
        with Project(ours_path) as project:
            report = import_paths(project, [folder])
        ours_times.append(time.perf_counter() - started)

        assert baseline_added == ARTICLES
        assert not report.failures
        assert (report.added, report.skipped, len(report.files)) == (ARTICLES, 0, ARTICLES)
        # Same texts stored byte for byte: the two sides did the same work.
        assert content_hashes(ours_path) == content_hashes(baseline_path)

    compare(f"import {ARTICLES:,} small .txt files, one transaction each (WAL, synchronous=FULL; "
            f"best of {ROUNDS})", "docs", ARTICLES, min(baseline_times), min(ours_times))
