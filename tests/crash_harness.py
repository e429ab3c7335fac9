"""Crash campaign: kill a writing process with SIGKILL at random moments and check what the file kept.

Three kinds of trial share the checks (`PRAGMA integrity_check`, `PRAGMA foreign_key_check`):

- edits: a child process edits the project the way the window does (its own connection, plus a
  second `Project` opened and closed for reads and imports, as the window's workers do) while an
  outside process reads the file (`annotator stats`, plain sqlite3). The child logs `begin N <op>`
  before each call and `ack N` after it returns; the file must equal the model replayed from the
  acknowledged edits, or that plus the one edit begun but not acknowledged, applied whole.
- import: `annotator import PROJECT FOLDER`: every document present has all its spans, and every
  file is there whole or not at all.
- export: `annotator export PROJECT -o FILE`: FILE is absent or complete, and the next export to the
  folder clears the killed one's temporary file.

Run as a script, this module is the child (`child PATH SEED`) or the outside reader (`reader PATH`).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from crash_model import (
    OpChooser,
    State,
    apply,
    article,
    read_state,
    records_of,
    relation_from_list,
    span_from_dict,
    word_ranges,
)

from annotator.core.model import DocumentRecord, DocumentStatus, Label, LabelKind, SpanRecord
from annotator.store import Project

HARNESS = Path(__file__).resolve()
PRESET_LABELS = 7


@dataclass
class Campaign:
    """The figures a campaign reports; `problems` says what each non-zero one was."""

    trials: int = 0
    acknowledged: int = 0  # edits acknowledged before the kills, all trials together
    lost: int = 0  # acknowledged edits the file no longer had (rows, if it matches no earlier point)
    integrity_failures: int = 0
    half_done: int = 0  # trials whose file held part of one action
    leftovers: int = 0  # temporary export files a later export did not clear
    mid_way: int = 0  # import and export trials killed with their work begun and not finished
    failed_calls: int = 0  # edits and worker reads the store refused (nothing acknowledged), and
    # children that stopped before the kill because the file or a result surprised the model
    reader_errors: int = 0  # failed reads by the outside process (informative: not a loss)
    problems: list[str] = field(default_factory=list)

    def add(self, other: Campaign) -> None:
        for name in ("trials", "acknowledged", "lost", "integrity_failures", "half_done", "leftovers",
                     "mid_way", "failed_calls", "reader_errors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems += other.problems

    def report(self, title: str) -> str:
        done = (f"{self.acknowledged} acknowledged edits" if title == "edits"
                else f"{self.mid_way} killed mid-way")
        lines = [f"{title}: {self.trials} trials, {done}; "
                 f"lost {self.lost}, integrity failures {self.integrity_failures}, "
                 f"half-done {self.half_done}, export leftovers {self.leftovers}, "
                 f"failed calls {self.failed_calls}, outside reader errors {self.reader_errors}"]
        return "\n".join(lines + [f"  - {problem}" for problem in self.problems[:20]])

    @property
    def clean(self) -> bool:
        return not (self.lost or self.integrity_failures or self.half_done or self.leftovers
                    or self.failed_calls)


# --- the file: copies and checks -----------------------------------------------------------------


def copy_project(source: Path, target: Path) -> None:
    """Through SQLite's backup API: a plain copy of a WAL file can miss what is still in -wal."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def integrity(path: Path) -> str | None:
    """None if the file passes both checks; otherwise what was wrong."""
    try:
        conn = sqlite3.connect(path)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as error:
        return f"cannot check: {error}"
    if result != ["ok"]:
        return f"integrity_check: {result[:3]}"
    if broken:
        return f"foreign_key_check: {broken[:3]}"
    return None


def read_file_state(path: Path) -> State:
    conn = sqlite3.connect(path)
    try:
        return read_state(conn)
    finally:
        conn.close()


def differences(state: State, expected: State) -> list[str]:
    found = []
    for table, rows in state.content().items():
        wanted = expected.content()[table]
        for key in sorted(rows.keys() | wanted.keys()):
            if rows.get(key) != wanted.get(key):
                found.append(f"{table}[{key}]: file {rows.get(key)} model {wanted.get(key)}")
    return found


def explained(state: State, before: State, after: State) -> bool:
    """Whether every row of the file is as it was before the pending edit or as it is after it."""
    for table, rows in state.content().items():
        old, new = before.content()[table], after.content()[table]
        for key in rows.keys() | old.keys() | new.keys():
            if rows.get(key) not in (old.get(key), new.get(key)):
                return False
    return True


# --- edit trials -----------------------------------------------------------------------------------


def make_edit_template(path: Path, documents: int = 12, seed: int = 0) -> None:
    """A project with a few articles and some spans: what the edit trials start from."""
    rng = Random(seed)
    records = []
    for index in range(documents):
        text = article(rng, f"template-{index}")
        spans = [SpanRecord(start, end, rng.choice(["PERSON", "ORG", "GPE", "QUOTE"]))
                 for start, end in rng.sample(word_ranges(text), 4)]
        records.append(DocumentRecord(text=text, title=f"Article {index}", spans=spans))
    with Project(path) as project:
        project.import_records(records)


def edit_trial(template: Path, path: Path, seed: int, delay: float) -> Campaign:
    """One child editing `path` (a copy of `template`), killed `delay` seconds after it is ready."""
    outcome = Campaign(trials=1)
    copy_project(template, path)
    initial = read_file_state(path)
    reader = _start_reader(path)
    errors = path.with_suffix(".stderr")
    with errors.open("w") as stderr:
        child = subprocess.Popen([sys.executable, str(HARNESS), "child", str(path), str(seed)],
                                 stdout=subprocess.PIPE, stderr=stderr, text=True)
    lines = _Lines(child)  # returns once the child is ready to edit
    try:
        child.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    lines.join()
    outcome.reader_errors = _stop_reader(reader)
    if not lines.ready:
        raise RuntimeError(f"seed {seed}: the child did not start: {errors.read_text()[-500:]}")
    if child.returncode != -signal.SIGKILL:
        # A result the model did not predict, or a file that no longer matched it: a finding, not a
        # crash of the harness (a lost WAL, for one, hands out ids again).
        outcome.failed_calls += 1
        last = (errors.read_text().strip().splitlines() or ["(no message)"])[-1]
        outcome.problems.append(f"edits seed {seed}: the child stopped by itself: {last[:300]}")
    begun: dict[int, dict[str, Any]] = {}
    applied: list[dict[str, Any]] = []  # acknowledged, or found in the file after a failed call
    for line in lines.lines:
        word, number, *rest = line.split(" ", 2)
        if word == "begin":
            begun[int(number)] = json.loads(rest[0])
        elif word in ("ack", "landed"):
            applied.append(begun.pop(int(number)))
            outcome.acknowledged += word == "ack"
        elif word == "failed":
            begun.pop(int(number), None)
            outcome.failed_calls += 1
            if outcome.failed_calls <= 2:
                outcome.problems.append(f"edits seed {seed}: a call failed: {rest[0][:300]}")
    problem = integrity(path)
    if problem is not None:
        outcome.integrity_failures = 1
        outcome.problems.append(f"edits seed {seed}: {problem}")
        return outcome
    _compare(read_file_state(path), initial, applied, list(begun.values()), seed, outcome)
    return outcome


def _compare(state: State, initial: State, applied: list[dict[str, Any]], pending: list[dict[str, Any]],
             seed: int, outcome: Campaign) -> None:
    assert len(pending) <= 1, pending  # the child logs one edit at a time
    prefixes = [initial.copy()]
    for op in applied:
        prefixes.append(prefixes[-1].copy())
        apply(prefixes[-1], op)
    model = prefixes[-1]
    if state.content() == model.content():
        return
    if pending:
        whole = model.copy()
        apply(whole, pending[0])
        if state.content() == whole.content():
            return
        if explained(state, model, whole):
            outcome.half_done = 1
            outcome.problems.append(f"edits seed {seed}: half of {pending[0]['op']}: "
                                    f"{differences(state, whole)[:3]}")
            return
    # The file matches an earlier point: the acknowledged edits after it were lost.
    for kept in range(len(applied) - 1, -1, -1):
        if state.content() == prefixes[kept].content():
            outcome.lost = len(applied) - kept
            outcome.problems.append(f"edits seed {seed}: the file has only the first {kept} of "
                                    f"{len(applied)} acknowledged edits")
            return
    found = differences(state, model)
    outcome.lost = len(found)
    outcome.problems.append(f"edits seed {seed}: {len(found)} rows differ from the model: {found[:3]}")


class _Lines:
    """A child's stdout, read on a thread so the pipe never fills while the parent sleeps."""

    def __init__(self, child: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.ready = False
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(child,), daemon=True)
        self._thread.start()
        self._started.wait(timeout=60)

    def _read(self, child: subprocess.Popen[str]) -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if line == "ready\n":
                self.ready = True
                self._started.set()
            elif line.endswith("\n"):  # a line cut by the kill was never acknowledged
                self.lines.append(line.rstrip("\n"))
        self._started.set()

    def join(self) -> None:
        self._thread.join(timeout=60)


def _start_reader(path: Path) -> subprocess.Popen[str]:
    # Its own session: the reader's `annotator stats` children are stopped with it.
    return subprocess.Popen([sys.executable, str(HARNESS), "reader", str(path)],
                            stdout=subprocess.PIPE, text=True, start_new_session=True)


def _stop_reader(reader: subprocess.Popen[str]) -> int:
    os.killpg(reader.pid, signal.SIGKILL)
    output, _ = reader.communicate()
    return sum(1 for line in output.splitlines() if line.startswith("error"))


# --- import and export trials ------------------------------------------------------------------------


def make_import_folder(folder: Path, files: int, per_file: int = 4, seed: int = 1) -> dict[str, list[Any]]:
    """Prodigy JSONL files of annotated articles; returns each article's text -> its spans."""
    rng = Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, list[Any]] = {}
    for number in range(files):
        lines = []
        for index in range(per_file):
            text = article(rng, f"import-{number}-{index}")
            spans = sorted(rng.sample(word_ranges(text), 3))
            labelled = [(start, end, rng.choice(["PERSON", "ORG", "GPE"])) for start, end in spans]
            expected[text] = labelled
            lines.append(json.dumps({"text": text, "spans": [
                {"start": start, "end": end, "label": label} for start, end, label in labelled]}))
        (folder / f"file{number:05d}.jsonl").write_text("\n".join(lines) + "\n")
    return expected


def import_trial(path: Path, folder: Path, expected: dict[str, list[Any]], per_file: int,
                 delay: float) -> Campaign:
    """`annotator import PATH FOLDER` killed after `delay` s; every file whole or absent."""
    outcome = Campaign(trials=1)
    child = subprocess.Popen([sys.executable, "-m", "annotator", "import", str(path), str(folder)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    if not path.exists():
        return outcome
    problem = integrity(path)
    if problem is not None:
        outcome.integrity_failures = 1
        outcome.problems.append(f"import after {delay:.2f} s: {problem}")
        return outcome
    outcome.problems += _import_problems(path, expected, per_file, delay)
    outcome.half_done = 1 if outcome.problems else 0
    with sqlite3.connect(path) as conn:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
        present = conn.execute("SELECT count(DISTINCT source) FROM documents").fetchone()[0] if tables else 0
    conn.close()
    outcome.mid_way = int(0 < present < len(expected) // per_file)
    return outcome


def _import_problems(path: Path, expected: dict[str, list[Any]], per_file: int, delay: float) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return []  # killed before the project was created: nothing half made
        if "project_info" not in tables or not conn.execute(
                "SELECT 1 FROM project_info WHERE key = 'created_at'").fetchone():
            return [f"import after {delay:.2f} s: a project without its presets"]
        labels = conn.execute("SELECT count(*) FROM labels").fetchone()[0]
        if labels < PRESET_LABELS:
            return [f"import after {delay:.2f} s: {labels} labels, not the {PRESET_LABELS} presets"]
        spans: dict[int, list[Any]] = defaultdict(list)
        for document_id, start, end, label in conn.execute(
                "SELECT document_id, start, \"end\", labels.name FROM spans "
                "JOIN labels ON labels.id = label_id ORDER BY start"):
            spans[document_id].append((start, end, label))
        per_source: dict[str, int] = defaultdict(int)
        problems = []
        for document_id, text, source in conn.execute("SELECT id, text, source FROM documents"):
            if source is not None:  # None: the documents the project had before the import
                per_source[source] += 1
            if spans[document_id] != expected[text]:
                problems.append(f"import after {delay:.2f} s: document {document_id} has "
                                f"{len(spans[document_id])} of its {len(expected[text])} spans")
        problems += [f"import after {delay:.2f} s: {source} has {count} of {per_file} documents"
                     for source, count in per_source.items() if count != per_file]
        return problems
    finally:
        conn.close()


def make_export_project(path: Path, documents: int, seed: int = 2) -> None:
    rng = Random(seed)
    records = []
    for index in range(documents):
        text = article(rng, f"export-{index}")
        records.append(DocumentRecord(text=text, spans=[
            SpanRecord(start, end, rng.choice(["PERSON", "ORG", "GPE"]))
            for start, end in rng.sample(word_ranges(text), 5)]))
    with Project(path) as project:
        project.import_records(records)


def export_trial(project: Path, folder: Path, reference: bytes, delay: float) -> Campaign:
    """`annotator export PROJECT -o FOLDER/out.jsonl` killed after `delay` s, then a second export."""
    from annotator.exporting import export_to_path

    outcome = Campaign(trials=1)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "out.jsonl"
    child = subprocess.Popen([sys.executable, "-m", "annotator", "export", str(project), "-o", str(target)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    if target.exists() and target.read_bytes() != reference:
        outcome.half_done = 1
        outcome.problems.append(f"export after {delay:.2f} s: a partial {target.name} "
                                f"({target.stat().st_size} of {len(reference)} bytes)")
    outcome.mid_way = int(any(entry.name.startswith(".") for entry in folder.iterdir()))
    # The next export to the folder (here in this process) removes what the killed one left.
    with Project(project) as opened:
        export_to_path(opened, "jsonl", folder / "again.jsonl")
    if (folder / "again.jsonl").read_bytes() != reference:
        outcome.half_done += 1
        outcome.problems.append(f"export after {delay:.2f} s: the next export differs from the reference")
    left = sorted(entry.name for entry in folder.iterdir() if entry.name.startswith("."))
    if left:
        outcome.leftovers = len(left)
        outcome.problems.append(f"export after {delay:.2f} s: left beside the export: {left}")
    return outcome


# --- a campaign ------------------------------------------------------------------------------------


def run_campaign(work: Path, edits: int, imports: int, exports: int, seed: int = 0) -> dict[str, Campaign]:
    """That many trials of each kind, killed at moments drawn from `seed`; the figures per kind."""
    rng = Random(seed)
    results = {"edits": Campaign(), "import": Campaign(), "export": Campaign()}
    template = work / "edits-template.sqlite"
    make_edit_template(template, seed=seed)
    for trial in range(edits):
        results["edits"].add(edit_trial(template, work / f"edits-{trial}.sqlite", seed * 100_000 + trial,
                                         rng.uniform(0.02, 1.5)))
    if imports:
        folder, per_file = work / "articles", 4
        expected = make_import_folder(folder, files=600, per_file=per_file, seed=seed)
        empty = work / "import-template.sqlite"
        make_edit_template(empty, documents=3, seed=seed + 1)
        expected.update(_template_spans(empty))
        for trial in range(imports):
            path = work / f"import-{trial}.sqlite"
            if trial % 2:  # into an existing project; else the import creates it
                copy_project(empty, path)
            results["import"].add(import_trial(path, folder, expected, per_file, rng.uniform(0.1, 1.0)))
    if exports:
        project = work / "export.sqlite"
        make_export_project(project, documents=3000, seed=seed)
        reference = work / "reference.jsonl"
        subprocess.run([sys.executable, "-m", "annotator", "export", str(project), "-o", str(reference)],
                       check=True, capture_output=True)
        for trial in range(exports):
            results["export"].add(export_trial(project, work / f"export-{trial}", reference.read_bytes(),
                                               rng.uniform(0.15, 0.8)))
    return results


def _template_spans(path: Path) -> dict[str, list[Any]]:
    """What the import check expects of the documents a project had before the import."""
    conn = sqlite3.connect(path)
    try:
        expected: dict[str, list[Any]] = defaultdict(list)
        for text, start, end, label in conn.execute(
                "SELECT documents.text, start, \"end\", labels.name FROM spans JOIN documents "
                "ON documents.id = document_id JOIN labels ON labels.id = label_id ORDER BY start"):
            expected[text].append((start, end, label))
        return expected
    finally:
        conn.close()


# --- the processes ---------------------------------------------------------------------------------


def child_main(path: str, seed: int) -> None:
    """Edit the project until killed: log each edit, run it, check the result against the model."""
    project = Project(path)
    state = read_state(project.conn)
    texts = dict(project.conn.execute("SELECT id, text FROM documents"))
    chooser = OpChooser(seed, state, texts)
    print("ready", flush=True)
    number = 0
    while True:
        if chooser.rng.random() < 0.3:
            try:
                _worker_read(path, chooser)
            except Exception as error:  # the worker reports it; the window carries on
                print(f"failed 0 read: {type(error).__name__}: {error}", flush=True)
        op = chooser.next()
        if op["op"] == "tag_all":
            found = project.untagged_occurrences(op["phrase"], op["label"])
            op["targets"] = [list(target) for target in found[:40]]
            if not op["targets"]:
                continue
        number += 1
        print(f"begin {number} {json.dumps(op, ensure_ascii=False)}", flush=True)
        try:
            result = _execute(project, path, op, chooser)
        except Exception as error:  # the window shows the error; nothing was acknowledged
            print(f"failed {number} {op['op']}: {type(error).__name__}: {error}", flush=True)
            _settle(project, state, texts, op, number)
            continue
        expected = _apply(state, texts, op)
        if result != expected:
            sys.exit(f"edit {number} {op['op']}: the store returned {result}, the model {expected}")
        print(f"ack {number}", flush=True)
        if number % 25 == 0:
            drift = read_state(project.conn)
            if drift.content() != state.content():
                sys.exit(f"after edit {number}: the file and the model disagree with no crash")


def _apply(state: State, texts: dict[int, str], op: dict[str, Any]) -> Any:
    expected = apply(state, op)
    if op["op"] == "import":
        for document_id, record in zip(expected, op["records"], strict=True):
            texts[document_id] = record["text"]
    return expected


def _settle(project: Project, state: State, texts: dict[int, str], op: dict[str, Any], number: int) -> None:
    """After a failed edit: carry on if the file has all of it or none of it (and say which)."""
    try:
        now = read_state(project.conn)
    except sqlite3.Error as error:
        sys.exit(f"after failed edit {number}: cannot read the file: {error}")
    if now.content() == state.content():
        return
    landed = state.copy()
    apply(landed, op)
    if now.content() != landed.content():
        sys.exit(f"after failed edit {number}: the file has part of it, or lost earlier edits")
    _apply(state, texts, op)
    print(f"landed {number}", flush=True)  # in the file although the call failed: part of the model


def _worker_read(path: str, chooser: OpChooser) -> None:
    """What the window's import and export workers do: their own `Project`, opened and closed."""
    with Project(path) as other:
        other.document_summaries()
        other.label_counts()
        if chooser.rng.random() < 0.3:
            for _document in other.annotated_documents():
                pass
        snapshot = other.span_snapshot(chooser.rng.choice(sorted(chooser.state.documents)))
        snapshot.columns()


def _execute(project: Project, path: str, op: dict[str, Any], chooser: OpChooser) -> Any:
    """Run one logged edit through the store; return what `apply` returns for it."""
    kind = op["op"]
    if kind == "tag":
        return project.add_span(op["doc"], op["start"], op["end"], op["label"],
                                attributes=op["attributes"], note=op["note"]).id
    if kind == "tag_all":
        targets: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for document_id, start, end in op["targets"]:
            targets[document_id].append((start, end, op["label"]))
        if not hasattr(project, "add_spans_across"):  # before the store fix: a transaction per document
            return sorted(span.id for document_id, spans in targets.items()
                          for span in project.add_spans(document_id, spans))
        added = project.add_spans_across(targets)
        return sorted(span.id for spans in added.values() for span in spans)
    if kind == "relabel":
        return project.update_span(op["span"], label=op["label"]).id
    if kind == "attributes":
        return project.update_span(op["span"], attributes=op["attributes"]).id
    if kind == "note":
        return project.update_span(op["span"], note=op["note"], clear_note=op["note"] is None).id
    if kind == "delete":
        spans, relations = project.delete_spans(op["spans"])
        chooser.remember_deleted(spans, relations)
        return [sorted(span.id for span in spans), sorted(relation.id for relation in relations)]
    if kind == "restore":
        project.restore([span_from_dict(span) for span in op["spans"]],
                        [relation_from_list(relation) for relation in op["relations"]])
        return None
    if kind == "link":
        return project.add_relation(op["head"], op["child"], op["type"]).id
    if kind == "set_links":
        if not hasattr(project, "set_links"):  # before the store fix: what the window did, call by call
            return _set_links_call_by_call(project, op)
        added, removed = project.set_links(op["head"], op["type"], op["children"])
        return [[relation.id for relation in added], sorted(relation.id for relation in removed)]
    if kind == "unlink":
        project.delete_relation(op["relation"])
        return None
    if kind == "status":
        project.set_status(op["doc"], DocumentStatus(op["status"]))
        return None
    if kind == "add_label":
        return project.add_label(op["name"], LabelKind(op["kind"]), op["colour"]).id
    if kind == "update_label":
        return project.update_label(op["name"], new_name=op["new_name"], colour=op["colour"],
                                    kind=LabelKind(op["kind"]) if op["kind"] else None).id
    if kind == "delete_label":
        label_id = chooser.state.label_id(op["name"])
        before = chooser.state.copy()
        spans, relations = project.delete_label(op["name"], with_spans=True)
        chooser.remember_deleted_label(label_id, before, spans, relations)
        return [sorted(span.id for span in spans), sorted(relation.id for relation in relations)]
    if kind == "restore_label":
        label = op["label"]
        project.restore_label(
            Label(label["id"], label["name"], LabelKind(label["kind"]), label["colour"], label["key"],
                  label["position"]),
            op["order"], [span_from_dict(span) for span in op["spans"]],
            [relation_from_list(relation) for relation in op["relations"]])
        return None
    if kind == "import":
        with Project(path) as other:  # the import worker's own connection
            return other.import_records(records_of(op)).added
    raise ValueError(f"unknown op {kind!r}")


def _set_links_call_by_call(project: Project, op: dict[str, Any]) -> Any:
    outgoing = [relation for relation in project.span_relations(op["head"])
                if relation.head_span_id == op["head"] and relation.type == op["type"]]
    removed = [relation.id for relation in outgoing if relation.child_span_id not in op["children"]]
    for relation_id in removed:
        project.delete_relation(relation_id)
    kept = {relation.child_span_id for relation in outgoing}
    added = [project.add_relation(op["head"], child, op["type"]).id
             for child in dict.fromkeys(op["children"]) if child not in kept]
    return [added, sorted(removed)]


def reader_main(path: str) -> None:
    """Read the file from outside until killed: `annotator stats`, then plain sqlite3, in turn."""
    turn = 0
    while True:
        turn += 1
        if turn % 2:
            done = subprocess.run([sys.executable, "-m", "annotator", "stats", path],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                print("error stats:", done.stderr.strip()[-200:], flush=True)
            continue
        try:
            conn = sqlite3.connect(path, timeout=10)
            try:
                for table in ("documents", "spans", "relations", "labels"):
                    conn.execute(f"SELECT count(*) FROM {table}").fetchone()
                conn.execute("SELECT max(id), sum(length(attributes)) FROM spans").fetchone()
            finally:
                conn.close()
        except sqlite3.Error as error:
            print("error sqlite3:", error, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "child":
        child_main(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1] == "reader":
        reader_main(sys.argv[2])
