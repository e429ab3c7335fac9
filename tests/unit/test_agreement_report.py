"""Agreement of three annotators over real news text, every figure worked out by hand in the comments.

The articles are two pages of ../shared/corpus/news-html, as annotator/formats/html.py extracts them:
A = reuters.com.parasite.html (amir, kim and zoe annotated it), B = dw.com.colonial.html (amir and zoe;
kim never opened it: for B, kim's labels are missing, not "O"). Token counts are the tokenizer's (checked
in `test_the_fixture_is_what_the_hand_figures_assume`).

Doc A spans                                 tokens  amir   kim    zoe
  P1  PERSON "Joaquin Phoenix"                   2   yes    yes    yes
  P2  PERSON "Renee Zellweger"                   2   yes    yes    "Zellweger" only (1 token)
  O1  ORG "Screen Actors Guild"                  3   yes    "Screen Actors Guild (SAG)" (6)  -
  Q1  QUOTE “I am standing … Heath Ledger,”     16   direct direct indirect
  P3  PERSON "Phoenix" (after the quote)         1   yes    yes    -
  Q1's SPEAKER                                       P3     P3     P1 ("Joaquin Phoenix")
Doc B
  P4  PERSON "Tahir Della"                       2   yes    n/a    yes
  O2  ORG "DW"                                   1   yes    n/a    -
  G1  GPE "Wedding"                              1   -      n/a    yes
"""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pytest

from annotator.core.agreement import token_agreement, token_table
from annotator.core.model import DocumentStatus
from annotator.core.tokens import token_bounds
from annotator.formats import html
from annotator.store import Project
from annotator.team.agreement_render import render, report_rows
from annotator.team.agreement_report import ALL_LABELS, project_agreement
from annotator.team.merge import merge_projects
from annotator.team.token_profiles import token_profiles

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "news-html"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/news-html")
QUOTE = "“I am standing on the shoulders of my favorite actor - Heath Ledger,”"


def article(name: str) -> str:
    path = CORPUS / name
    return html.read(path.read_bytes(), path)[0].text


A, B = article("reuters.com.parasite.html"), article("dw.com.colonial.html")


def at(text: str, words: str, after: str = "", skip: int = 0) -> tuple[int, int]:
    start = text.index(after + words) + len(after) if after else text.index(words, skip)
    return start, start + len(words)


QUOTE_AT = at(A, QUOTE)
SPANS = {
    "P1": (A, at(A, "Joaquin Phoenix"), "PERSON"),
    "P2": (A, at(A, "Renee Zellweger"), "PERSON"),
    "P2'": (A, at(A, "Zellweger"), "PERSON"),
    "O1": (A, at(A, "Screen Actors Guild"), "ORG"),
    "O1'": (A, at(A, "Screen Actors Guild (SAG)"), "ORG"),
    "Q1": (A, QUOTE_AT, "QUOTE"),
    "P3": (A, at(A, "Phoenix", skip=QUOTE_AT[1]), "PERSON"),
    "P4": (B, at(B, "Tahir Della"), "PERSON"),
    "O2": (B, at(B, "DW", after="told "), "ORG"),
    "G1": (B, at(B, "Wedding", after="district of "), "GPE"),
}
WORK = {
    "amir": (["P1", "P2", "O1", "Q1", "P3", "P4", "O2"], "P3", True),
    "kim": (["P1", "P2", "O1'", "Q1", "P3"], "P3", True),
    "zoe": (["P1", "P2'", "Q1", "P4", "G1"], "P1", False),
}


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Project:
    folder = tmp_path_factory.mktemp("agreement")
    for name, (spans, speaker, direct) in WORK.items():
        with Project(folder / f"{name}.sqlite", annotator=name) as project:
            project.import_records([
                html.read(path.read_bytes(), path)[0]
                for path in (CORPUS / "reuters.com.parasite.html", CORPUS / "dw.com.colonial.html")])
            ids = {}
            for key in spans:
                text, (start, end), label = SPANS[key]
                attributes = {"direct": direct} if label == "QUOTE" else None
                document = 1 if text is A else 2
                ids[key] = project.add_span(document, start, end, label, attributes=attributes).id
            project.add_relation(ids["Q1"], ids[speaker], "SPEAKER")
            project.set_status(1, DocumentStatus.DONE)
    merge_projects(folder / "team.sqlite", [folder / f"{name}.sqlite" for name in WORK])
    with Project(folder / "team.sqlite") as opened:
        yield opened


def test_the_fixture_is_what_the_hand_figures_assume() -> None:
    def tokens(key: str) -> list[str]:
        text, (start, end), _ = SPANS[key]
        return [text[s:e] for s, e in token_bounds(text) if s < end and start < e]

    assert [len(tokens(key)) for key in ("P1", "P2", "P2'", "O1", "O1'", "Q1", "P3", "P4", "O2", "G1")] == [
        2, 2, 1, 3, 6, 16, 1, 2, 1, 1]
    assert tokens("O1'")[3:] == ["(", "SAG", ")"] and tokens("P3") == ["Phoenix"]
    assert A[SPANS["P3"][1][1]:].startswith(" said on Sunday")


def test_span_f1_by_hand(team: Project) -> None:
    report = project_agreement(team)
    assert report.annotators == ("amir", "kim", "zoe") and report.documents == 2
    pairs = {(p.first, p.second): p for p in report.overall.pairs}
    # amir/kim, doc A only (kim never opened B): 5 spans each, exact matches P1 P2 Q1 P3 = 4 -> F1 = 8/10
    assert (pairs["amir", "kim"].documents, pairs["amir", "kim"].exact.items) == (1, 10)
    assert pairs["amir", "kim"].exact.f1 == pytest.approx(0.8)
    # ... overlap: O1 overlaps O1' too -> 5 of 5 each way, F1 = 1
    assert pairs["amir", "kim"].overlap.f1 == pytest.approx(1.0)
    # amir/zoe, docs A and B: 7 and 5 spans, exact P1 Q1 P4 = 3 -> F1 = 2*3/12 = 0.5
    assert (pairs["amir", "zoe"].documents, pairs["amir", "zoe"].exact.items) == (2, 12)
    assert pairs["amir", "zoe"].exact.f1 == pytest.approx(0.5)
    # overlap: amir's P1 P2 Q1 P4 found (4/7), zoe's P1 P2' Q1 P4 found (4/5) -> F1 = (32/35)/(48/35) = 2/3
    assert pairs["amir", "zoe"].overlap.f1 == pytest.approx(2 / 3)
    # kim/zoe, doc A: 5 and 3 spans, exact P1 Q1 -> F1 = 4/8; overlap 3/5 and 3/3 -> F1 = 1.2/1.6 = 0.75
    assert pairs["kim", "zoe"].exact.f1 == pytest.approx(0.5)
    assert pairs["kim", "zoe"].overlap.f1 == pytest.approx(0.75)
    # Overall, summed over pairs: 9 matches, 17 + 13 spans -> F1 = 18/30
    assert report.overall.exact.f1 == pytest.approx(0.6) and report.overall.exact.items == 30


def test_token_kappas_and_alpha_by_hand(team: Project) -> None:
    tokens = project_agreement(team).overall.tokens
    # Covered tokens: A 2+2+6+16+1 = 27, B 2+1+1 = 4. Marked by exactly one annotator: "( SAG )"
    # (kim), DW (amir), Wedding (zoe) = 5 -- counted as disagreements, not dropped.
    assert (tokens.covered, tokens.marked_by_one, tokens.unpairable) == (31, 5, 0)
    # Fleiss, over the 27 tokens all three labelled (doc A): 19 unanimous (P_i = 1) and 8 split 2-1
    # (P_i = 1/3) -> P = (19 + 8/3)/27 = 65/81; totals PER 13, ORG 9, O 11, QUOTE 48 of 81
    # -> Pe = (169 + 81 + 121 + 2304)/6561 = 2675/6561; kappa = (5265 - 2675)/(6561 - 2675) = 2590/3886
    assert (tokens.fleiss_kappa.items, tokens.fleiss_kappa.left_out) == (27, 4)
    assert tokens.fleiss_kappa.value == pytest.approx(2590 / 3886)
    # Alpha, all 31 tokens (B's have two values): coincidences PER-PER 15, QUOTE-QUOTE 48, ORG-ORG 3,
    # O-O 3, PER-O 2+2, ORG-O 7+7, O-GPE 1+1; n = 81 + 8 = 89, margins PER 17, QUOTE 48, ORG 10, O 13,
    # GPE 1 -> alpha = 1 - 88 * 20 / (89^2 - 2863) = 1 - 1760/5058
    assert tokens.krippendorff_alpha.items == 31
    assert tokens.krippendorff_alpha.value == pytest.approx(1 - 1760 / 5058)
    assert tokens.cohen_kappa is None  # three annotators: Fleiss, not Cohen


def test_pairwise_cohen_kappa_by_hand(team: Project) -> None:
    pairs = {(p.first, p.second): p for p in project_agreement(team).overall.pairs}
    # amir/kim: the 27 tokens of A; they differ only on "( SAG )" -> Po = 24/27; margins amir PER 5,
    # ORG 3, O 3, QUOTE 16; kim PER 5, ORG 6, QUOTE 16 -> Pe = (25 + 18 + 256)/729 = 299/729
    # -> kappa = (648 - 299)/(729 - 299) = 349/430. B's 3 tokens amir marked have no kim value: left out.
    kappa = pairs["amir", "kim"].cohen_kappa
    assert (kappa.items, kappa.left_out) == (27, 3) and kappa.value == pytest.approx(349 / 430)
    # amir/zoe: 28 tokens (A's "( SAG )" neither marked); agree 5 PER + 16 QUOTE -> Po = 21/28; margins
    # amir PER 7, ORG 4, QUOTE 16, O 1; zoe PER 5, O 6, QUOTE 16, GPE 1 -> Pe = (35 + 256 + 6)/784
    # -> kappa = (588 - 297)/(784 - 297) = 291/487
    assert pairs["amir", "zoe"].cohen_kappa.items == 28
    assert pairs["amir", "zoe"].cohen_kappa.value == pytest.approx(291 / 487)
    # kim/zoe: 27 tokens of A, agree 3 PER + 16 QUOTE -> Po = 19/27; margins kim PER 5, ORG 6, QUOTE 16;
    # zoe PER 3, O 8, QUOTE 16 -> Pe = (15 + 256)/729 -> kappa = (513 - 271)/(729 - 271) = 242/458
    assert pairs["kim", "zoe"].cohen_kappa.value == pytest.approx(242 / 458)
    # Tokens exactly one of the pair marked: amir/kim "( SAG )" = 3, plus B's Tahir, Della, DW where kim
    # has no value at all = 6; amir/zoe Renee, Phoenix (P3), Screen Actors Guild, DW, Wedding = 7
    assert (pairs["amir", "kim"].marked_by_one, pairs["amir", "zoe"].marked_by_one) == (6, 7)


def test_links_and_attributes_by_hand(team: Project) -> None:
    report = project_agreement(team)
    pairs = {(p.first, p.second): p for p in report.overall.pairs}
    # Q1 is the one quote all three marked: amir and kim link it to "Phoenix", zoe to "Joaquin Phoenix".
    assert [(pairs[key].links.agreed, pairs[key].links.items) for key in sorted(pairs)] == [
        (1, 1), (0, 1), (0, 1)]
    assert (report.overall.links.agreed, report.overall.links.items) == (1, 3)
    # Its "direct" attribute: amir and kim true, zoe false.
    assert [(pairs[key].attributes.agreed, pairs[key].attributes.items) for key in sorted(pairs)] == [
        (1, 1), (0, 1), (0, 1)]
    direct = pairs["amir", "kim"].attributes_by_key["direct"]
    assert (direct.agreed, direct.items) == (1, 1)


def test_per_label_figures_by_hand(team: Project) -> None:
    report = project_agreement(team)
    assert list(report.by_label) == ["PERSON", "ORG", "GPE", "QUOTE"]  # the project's label order
    person = report.by_label["PERSON"]
    pairs = {(p.first, p.second): p.exact.f1 for p in person.pairs}
    # PERSON: amir/kim P1 P2 P3 both -> 1; amir/zoe 2 of 4 and 3 -> 4/7; kim/zoe 1 of 3 and 2 -> 2/5
    assert pairs == pytest.approx({("amir", "kim"): 1.0, ("amir", "zoe"): 4 / 7, ("kim", "zoe"): 0.4})
    # PERSON tokens: Joaquin, Phoenix, Zellweger (all three), Renee and P3's Phoenix (zoe O), Tahir,
    # Della (kim missing). Fleiss over A's 5: P = (3 + 2/3)/5 = 11/15, Pe = (13^2 + 2^2)/15^2 = 173/225
    # -> (165 - 173)/(225 - 173) = -8/52: rare disagreement against a near-constant label scores below 0.
    assert person.tokens.fleiss_kappa.value == pytest.approx(-8 / 52)
    # alpha over 7 units: PER-PER 9 + 2 + 4 = 15, PER-O 2 + 2; n = 19 -> 1 - 18 * 4 / (361 - 289 - 4)
    assert person.tokens.krippendorff_alpha.value == pytest.approx(1 - 72 / 68)
    quote = report.by_label["QUOTE"]
    assert quote.exact.f1 == pytest.approx(1.0) and quote.tokens.fleiss_kappa.value is None  # all QUOTE
    assert quote.links.items == 3


def test_label_filter_per_document_and_gold(team: Project) -> None:
    only = project_agreement(team, labels=["person"])
    assert list(only.by_label) == ["PERSON"] and only.overall.spans == {"amir": 4, "kim": 3, "zoe": 3}
    with pytest.raises(ValueError, match="no label 'nope'"):
        project_agreement(team, labels=["nope"])
    per_document = project_agreement(team, per_document=True)
    b = per_document.by_document[2]
    (amir_zoe,) = [pair for pair in b.pairs if (pair.first, pair.second) == ("amir", "zoe")]
    # Doc B alone: amir P4 O2, zoe P4 G1 -> exact 1 of 2 each -> F1 0.5; no Fleiss (kim missing)
    assert amir_zoe.exact.f1 == pytest.approx(0.5) and b.tokens.fleiss_kappa.value is None
    with_gold = project_agreement(team, include_gold=True)
    assert "(gold)" not in with_gold.annotators  # the team's gold layer is empty: not worked on


def test_rendering_keeps_each_figure_with_its_items(team: Project) -> None:
    report = project_agreement(team)
    rows = report_rows(report)
    first = rows[0]
    assert (first["label"], first["annotators"], first["fleiss_kappa"], first["fleiss_items"]) == (
        ALL_LABELS, "amir, kim, zoe", round(2590 / 3886, 4), 27)
    parsed = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert len(parsed) == len(rows) == 4 * (1 + len(report.by_label))
    assert parsed[1]["annotators"] == "amir / kim" and parsed[1]["cohen_kappa"] == str(round(349 / 430, 4))
    data = json.loads(render(report, "json"))
    assert data["rows"][1]["attributes_by_key"] == {"direct": {"agreement": 1.0, "items": 1}}
    table = render(report, "table")
    assert f"{round(2590 / 3886, 4):.3f} (27)" in table and "5 of 31" in table and "amir / zoe" in table


def test_one_layer_is_not_enough(tmp_path: Path) -> None:
    with Project(tmp_path / "solo.sqlite") as solo:
        with pytest.raises(ValueError, match="agreement needs two or more"):
            project_agreement(solo)


# --- the fast token tables against the core's, on random data -----------------------------------------------


def random_case(seed: int):
    """Random spans of three annotators over short texts, each skipping some documents."""
    rng = random.Random(seed)
    words = "Ana Lima said the talks in Lisbon would resume on Tuesday after the summit".split()
    texts = {document: " ".join(rng.choices(words, k=rng.randint(5, 25))) for document in range(1, 9)}
    annotators = ("a", "b", "c")
    worked = {name: {d for d in texts if rng.random() < 0.8} for name in annotators}
    spans: dict[str, dict[int, list[tuple[int, int, str]]]] = {name: {} for name in annotators}
    for name in annotators:
        for document in sorted(worked[name]):
            length = len(texts[document])
            chosen = set()
            for _ in range(rng.randint(0, 5)):
                start = rng.randrange(length - 1)
                end = rng.randint(start + 1, min(length, start + 15))
                chosen.add((start, end, rng.choice(("PER", "ORG", "LOC"))))
            spans[name][document] = sorted(chosen)
    return annotators, texts, worked, spans


@pytest.mark.parametrize("seed", range(12))
def test_folded_token_tables_give_the_core_figures(seed: int) -> None:
    annotators, texts, worked, spans = random_case(seed)
    shared = sorted(d for d in texts if sum(d in worked[name] for name in annotators) >= 2)
    profiles = token_profiles(annotators, spans, worked, shared, texts.__getitem__)

    def core(names: tuple[str, ...], label: str | None = None):
        return token_agreement(token_table(
            {name: [(str(d), s, e, lab) for d, own in spans[name].items() if d in shared
                    for s, e, lab in own if label in (None, lab)] for name in names},
            {str(d): token_bounds(texts[d]) for d in shared},
            {name: {str(d) for d in worked[name]} for name in names}))

    def same(ours, theirs) -> None:
        assert (ours.covered, ours.marked_by_one, ours.unpairable) == (
            theirs.covered, theirs.marked_by_one, theirs.unpairable)
        for coefficient in ("fleiss_kappa", "krippendorff_alpha", "cohen_kappa"):
            mine, reference = getattr(ours, coefficient), getattr(theirs, coefficient)
            if reference is None:
                assert mine is None
                continue
            assert (mine.items, mine.left_out) == (reference.items, reference.left_out)
            if reference.value is None:
                assert mine.value is None
            else:
                assert mine.value == pytest.approx(reference.value, abs=1e-12)

    same(token_agreement(profiles.table(profiles.overall)), core(annotators))
    same(token_agreement(profiles.table(profiles.overall, (0, 2))), core(("a", "c")))
    for label, counts in profiles.by_label.items():
        same(token_agreement(profiles.table(counts)), core(annotators, label))


def test_gold_counts_as_one_more_annotator_when_asked(tmp_path: Path) -> None:
    text, (start, end), _ = SPANS["P1"]
    for name in ("amir", "kim"):
        with Project(tmp_path / f"{name}.sqlite", annotator=name) as project:
            project.import_records([html.read((CORPUS / "reuters.com.parasite.html").read_bytes(),
                                              CORPUS / "reuters.com.parasite.html")[0]])
            project.add_span(1, start, end, "PERSON" if name == "amir" else "ORG")
    merge_projects(tmp_path / "team.sqlite", [tmp_path / "amir.sqlite", tmp_path / "kim.sqlite"])
    with Project(tmp_path / "team.sqlite", annotator="lead") as team:
        team.add_span(1, start, end, "PERSON", source="layer:amir")
        report = project_agreement(team, include_gold=True)
        assert report.annotators == ("amir", "kim", "(gold)")
        pairs = {(p.first, p.second): p.exact.f1 for p in report.overall.pairs}
        # Gold took amir's PERSON: gold agrees with amir (1.0) and with kim not at all (0.0).
        assert pairs == {("amir", "kim"): 0.0, ("amir", "(gold)"): 1.0, ("kim", "(gold)"): 0.0}
        assert project_agreement(team).annotators == ("amir", "kim")
