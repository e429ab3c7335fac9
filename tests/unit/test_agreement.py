"""Agreement measures: hand-computed small cases, and random data checked against reference libraries."""

from __future__ import annotations

import math
import random

import pytest

from annotator.core.agreement import (
    OUTSIDE,
    AnnotatedSpan,
    TokenTable,
    cohen_kappa,
    fleiss_kappa,
    krippendorff_alpha,
    span_f1,
    token_agreement,
    token_labels,
    token_table,
)

# --- span F1 by hand ------------------------------------------------------------------------------

REFERENCE: list[AnnotatedSpan] = [("d", 0, 5, "PER"), ("d", 10, 20, "ORG"), ("d", 30, 40, "PER")]
CANDIDATE: list[AnnotatedSpan] = [("d", 0, 5, "PER"), ("d", 12, 20, "ORG"), ("d", 50, 60, "PER")]


def test_exact_span_f1_per_label_and_overall() -> None:
    result = span_f1(REFERENCE, CANDIDATE, "exact")
    # PER: reference 2, candidate 2, only (0, 5) is in both -> P = R = 1/2, F1 = 1/2
    per = result.by_label["PER"]
    assert (per.reference_spans, per.candidate_spans) == (2, 2)
    assert (per.matched_reference, per.matched_candidate) == (1, 1)
    assert per.precision == per.recall == per.f1 == pytest.approx(0.5)
    # ORG: (10, 20) against (12, 20): not the same offsets -> 0 of 1 each way, F1 = 0
    assert result.by_label["ORG"].f1 == 0.0
    # overall: 1 match out of 3 spans each side -> P = R = F1 = 1/3; 6 spans in all
    assert result.overall.f1 == pytest.approx(1 / 3)
    assert result.overall.items == 6


def test_overlap_span_f1_counts_shared_code_points() -> None:
    result = span_f1(REFERENCE, CANDIDATE, "overlap")
    # ORG: (10, 20) and (12, 20) share 12..19 -> 1 of 1 each way, F1 = 1
    assert result.by_label["ORG"].f1 == pytest.approx(1.0)
    # PER: (30, 40) and (50, 60) touch nothing -> still 1 of 2, F1 = 1/2
    assert result.by_label["PER"].f1 == pytest.approx(0.5)
    # overall: 2 of 3 matched each way -> F1 = 2/3
    assert result.overall.f1 == pytest.approx(2 / 3)


def test_overlap_f1_is_symmetric_when_one_span_matches_several() -> None:
    reference: list[AnnotatedSpan] = [("d", 0, 10, "PER")]
    candidate: list[AnnotatedSpan] = [("d", 0, 3, "PER"), ("d", 5, 10, "PER"), ("d", 20, 25, "PER")]
    forward = span_f1(reference, candidate, "overlap").overall
    # precision: 2 of 3 candidate spans overlap the reference span = 2/3; recall: 1 of 1 = 1
    # F1 = 2 * (2/3) * 1 / (2/3 + 1) = (4/3) / (5/3) = 4/5
    assert (forward.matched_candidate, forward.matched_reference) == (2, 1)
    assert forward.precision == pytest.approx(2 / 3)
    assert forward.recall == 1.0
    assert forward.f1 == pytest.approx(0.8)
    backward = span_f1(candidate, reference, "overlap").overall
    assert backward.precision == forward.recall and backward.recall == forward.precision
    assert backward.f1 == pytest.approx(0.8)


def test_spans_match_only_within_label_and_document() -> None:
    reference: list[AnnotatedSpan] = [("d", 0, 5, "PER"), ("e", 0, 5, "PER")]
    candidate: list[AnnotatedSpan] = [("d", 0, 5, "ORG"), ("f", 0, 5, "PER")]
    for match in ("exact", "overlap"):
        result = span_f1(reference, candidate, match)
        assert result.overall.matched_reference == result.overall.matched_candidate == 0
        assert result.overall.f1 == 0.0


def test_undefined_figures_are_none_and_empty_side_scores_zero() -> None:
    assert span_f1([], []).overall.f1 is None
    one_sided = span_f1([("d", 0, 5, "PER")], []).overall
    assert one_sided.precision is None and one_sided.recall == 0.0 and one_sided.f1 == 0.0


def test_duplicate_spans_count_once_and_bad_spans_are_refused() -> None:
    assert span_f1([("d", 0, 5, "PER")] * 2, [("d", 0, 5, "PER")]).overall.f1 == 1.0
    with pytest.raises(ValueError):
        span_f1([("d", 5, 5, "PER")], [])
    with pytest.raises(ValueError):
        span_f1([], [], "fuzzy")  # type: ignore[arg-type]


# --- token labelling ------------------------------------------------------------------------------


def test_shortest_covering_span_labels_a_token() -> None:
    tokens = [(0, 3), (4, 7), (8, 11)]
    # the quote covers all three tokens, the person only the first: the shorter span wins there
    assert token_labels([(0, 11, "QUOTE"), (0, 3, "PER")], tokens) == ["PER", "QUOTE", "QUOTE"]
    # equal lengths: alphabetically first label, whatever the input order
    assert token_labels([(0, 3, "ORG"), (0, 3, "LOC")], tokens) == ["LOC", OUTSIDE, OUTSIDE]
    # sharing one code point is enough to cover a token
    assert token_labels([(6, 9, "PER")], tokens) == [OUTSIDE, "PER", "PER"]


# --- token coefficients by hand -------------------------------------------------------------------

SIX_TOKENS = {"d": [(0, 3), (4, 7), (8, 11), (12, 15), (16, 19), (20, 23)]}


def two_annotator_table() -> TokenTable:
    # t0: PER/PER, t1: PER/O, t2: O/O (nobody covered it: left out), t3: ORG/ORG, t4: O/ORG, t5: left out
    return token_table(
        {"a": [("d", 0, 7, "PER"), ("d", 12, 15, "ORG")], "b": [("d", 0, 3, "PER"), ("d", 12, 19, "ORG")]},
        SIX_TOKENS,
    )


def test_two_annotator_table_keeps_covered_tokens_and_counts_single_marks() -> None:
    table = two_annotator_table()
    labels = [item.labels for item in table.items]
    assert labels == [("PER", "PER"), ("PER", "O"), ("ORG", "ORG"), ("O", "ORG")]
    assert table.tokens_seen == 6
    assert table.marked_by_one == 2  # t1 by a alone, t4 by b alone: counted as disagreements, not dropped
    assert table.unpairable == 0


def test_cohen_kappa_by_hand() -> None:
    # 4 items, agree on t0 and t3 -> p_o = 2/4
    # a: PER 2, ORG 1, O 1; b: PER 1, ORG 2, O 1 -> p_e = (2*1 + 1*2 + 1*1) / 16 = 5/16
    # kappa = (1/2 - 5/16) / (1 - 5/16) = (3/16) / (11/16) = 3/11
    result = cohen_kappa(two_annotator_table())
    assert result.value == pytest.approx(3 / 11)
    assert (result.items, result.left_out) == (4, 0)


def test_fleiss_kappa_by_hand_for_two() -> None:
    # per item agreement P_i = (sum n_ij^2 - 2) / 2: t0 1, t1 0, t3 1, t4 0 -> mean 1/2
    # label shares over 8 values: PER 3/8, O 2/8, ORG 3/8 -> P_e = (9 + 4 + 9) / 64 = 11/32
    # kappa = (1/2 - 11/32) / (1 - 11/32) = (5/32) / (21/32) = 5/21
    assert fleiss_kappa(two_annotator_table()).value == pytest.approx(5 / 21)


def test_krippendorff_alpha_by_hand_for_two() -> None:
    # two values per item, so each ordered pair adds 1/(2-1) = 1 to the coincidences:
    # o(PER,PER) 2, o(PER,O) = o(O,PER) 1, o(ORG,ORG) 2, o(O,ORG) = o(ORG,O) 1
    # n_PER 3, n_O 2, n_ORG 3, n 8; off-diagonal sum 4; sum_{c!=k} n_c n_k = 64 - (9 + 4 + 9) = 42
    # alpha = 1 - (8 - 1) * 4 / 42 = 1 - 28/42 = 1/3
    result = krippendorff_alpha(two_annotator_table())
    assert result.value == pytest.approx(1 / 3)
    assert result.items == 4


def three_annotators_with_missing() -> TokenTable:
    # b never annotated document e. Covered tokens (a, b, c):
    #   d t0: X X X    d t1: Y X O    d t2: O O Y    e t0: X - O    (e t1: nobody, left out)
    return token_table(
        {
            "a": [("d", 0, 1, "X"), ("d", 2, 3, "Y"), ("e", 0, 1, "X")],
            "b": [("d", 0, 1, "X"), ("d", 2, 3, "X")],
            "c": [("d", 0, 1, "X"), ("d", 4, 5, "Y")],
        },
        {"d": [(0, 1), (2, 3), (4, 5)], "e": [(0, 1), (2, 3)]},
        annotated={"a": ["d", "e"], "b": ["d"], "c": ["d", "e"]},
    )


def test_missing_annotator_contributes_no_values() -> None:
    table = three_annotators_with_missing()
    assert [item.labels for item in table.items] == [
        ("X", "X", "X"),
        ("Y", "X", "O"),
        ("O", "O", "Y"),
        ("X", None, "O"),
    ]
    assert table.tokens_seen == 5
    assert table.marked_by_one == 2  # d t2 (c alone), e t0 (a alone)


def test_fleiss_kappa_by_hand_uses_complete_items_only() -> None:
    # e t0 lacks b: left out. m = 3, P_i = (sum n_ij^2 - 3) / 6:
    #   t0 X3 -> (9-3)/6 = 1; t1 X1 Y1 O1 -> 0; t2 O2 Y1 -> (4+1-3)/6 = 1/3; mean = 4/9
    # shares of 9 values: X 4/9, Y 2/9, O 3/9 -> P_e = (16 + 4 + 9) / 81 = 29/81
    # kappa = (36/81 - 29/81) / (52/81) = 7/52
    result = fleiss_kappa(three_annotators_with_missing())
    assert result.value == pytest.approx(7 / 52)
    assert (result.items, result.left_out) == (3, 1)


def test_krippendorff_alpha_by_hand_with_missing_data() -> None:
    # weights 1/(m-1): 1/2 for the three-value items, 1 for e t0
    #   t0: 6 ordered X-X pairs * 1/2 -> o(X,X) 3
    #   t1: each of the 6 ordered pairs of X, Y, O * 1/2 -> o(X,Y) o(Y,X) o(X,O) o(O,X) o(Y,O) o(O,Y) 0.5 each
    #   t2: O-O 2 pairs, O-Y 2, Y-O 2, * 1/2 -> o(O,O) 1, o(O,Y) 1, o(Y,O) 1
    #   e t0: o(X,O) 1, o(O,X) 1
    # margins: n_X = 3 + .5 + 1.5 = 5, n_Y = .5 + 1.5 = 2, n_O = 1.5 + 1.5 + 1 = 4, n = 11
    # off-diagonal sum = .5+.5 + 1.5+1.5 + 1.5+1.5 = 7; sum_{c!=k} n_c n_k = 121 - (25 + 4 + 16) = 76
    # alpha = 1 - 10 * 7 / 76 = 6/76 = 3/38
    result = krippendorff_alpha(three_annotators_with_missing())
    assert result.value == pytest.approx(3 / 38)
    assert (result.items, result.left_out) == (4, 0)


def test_single_value_items_are_counted_not_silently_dropped() -> None:
    # only a annotated e, so e's covered token has one value: alpha cannot pair it, and says so
    table = token_table(
        {"a": [("d", 0, 1, "X"), ("e", 0, 1, "X")], "b": [("d", 0, 1, "X"), ("d", 2, 3, "Y")]},
        {"d": [(0, 1), (2, 3)], "e": [(0, 1)]},
        annotated={"a": ["d", "e"], "b": ["d"]},
    )
    report = token_agreement(table)
    assert (report.covered, report.unpairable, report.marked_by_one) == (3, 1, 2)
    assert report.krippendorff_alpha.left_out == 1
    assert report.cohen_kappa is not None and report.cohen_kappa.left_out == 1


def test_undefined_and_invalid_inputs() -> None:
    same = token_table({"a": [("d", 0, 1, "X")], "b": [("d", 0, 1, "X")]}, {"d": [(0, 1)]})
    # one label throughout: chance predicts full agreement, so the coefficients are undefined
    assert cohen_kappa(same).value is None
    assert fleiss_kappa(same).value is None
    assert krippendorff_alpha(same).value is None
    with pytest.raises(ValueError):
        cohen_kappa(three_annotators_with_missing())
    with pytest.raises(ValueError):
        token_table({"a": []}, {"d": [(0, 1)]})
    with pytest.raises(ValueError):  # a span in a document the annotator is said not to have annotated
        token_table({"a": [("d", 0, 1, "X")], "b": []}, {"d": [(0, 1)]}, annotated={"a": [], "b": ["d"]})
    with pytest.raises(ValueError):
        token_table({"a": [("d", 0, 1, OUTSIDE)], "b": []}, {"d": [(0, 1)]})


# --- random data against reference libraries ------------------------------------------------------

LABELS = ["PER", "ORG", "LOC"]


def random_table(rng: random.Random, annotators: int, missing: bool) -> TokenTable:
    """Random spans over a few documents of one-character tokens, some documents skipped if `missing`."""
    documents = {f"doc{i}": [(2 * t, 2 * t + 1) for t in range(rng.randint(5, 40))] for i in range(4)}
    names = [f"ann{i}" for i in range(annotators)]
    annotated = {
        name: [d for d in documents if not missing or rng.random() < 0.7] or ["doc0"] for name in names
    }
    spans: dict[str, list[AnnotatedSpan]] = {name: [] for name in names}
    for name in names:
        for document in annotated[name]:
            length = len(documents[document])
            for _ in range(rng.randint(0, 6)):
                first = rng.randrange(length)
                last = min(length - 1, first + rng.randint(0, 3))
                spans[name].append((document, 2 * first, 2 * last + 1, rng.choice(LABELS)))
    return token_table(spans, documents, annotated)


def test_cohen_kappa_matches_scikit_learn() -> None:
    from sklearn.metrics import cohen_kappa_score

    rng = random.Random(13)
    compared = 0
    for _ in range(200):
        table = random_table(rng, 2, missing=False)
        ours = cohen_kappa(table)
        first = [item.labels[0] for item in table.items]
        second = [item.labels[1] for item in table.items]
        assert ours.items == len(first)
        if ours.value is None:
            continue
        assert ours.value == pytest.approx(cohen_kappa_score(first, second), abs=1e-9)
        compared += 1
    assert compared > 150


def test_fleiss_kappa_matches_statsmodels() -> None:
    import numpy as np
    from statsmodels.stats.inter_rater import aggregate_raters
    from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

    rng = random.Random(7)
    compared = 0
    for _ in range(200):
        table = random_table(rng, rng.randint(2, 5), missing=False)
        ours = fleiss_kappa(table)
        if ours.value is None:
            continue
        codes = {label: i for i, label in enumerate([OUTSIDE, *LABELS])}
        data = np.array([[codes[label] for label in item.values] for item in table.items])
        counts, _ = aggregate_raters(data)
        assert ours.items == len(table.items)
        assert ours.value == pytest.approx(statsmodels_fleiss(counts, method="fleiss"), abs=1e-9)
        compared += 1
    assert compared > 150


def test_krippendorff_alpha_matches_krippendorff_package_with_missing_data() -> None:
    import krippendorff
    import numpy as np

    rng = random.Random(3)
    compared = with_unpairable = 0
    for _ in range(300):
        table = random_table(rng, rng.randint(2, 5), missing=True)
        ours = krippendorff_alpha(table)
        assert ours.items + ours.left_out == len(table.items)
        assert ours.left_out == table.unpairable
        if ours.value is None:
            continue
        codes = {label: float(i) for i, label in enumerate([OUTSIDE, *LABELS])}
        # the package wants annotators x units, NaN for a missing value
        data = np.array(
            [[math.nan if label is None else codes[label] for label in item.labels] for item in table.items]
        ).T
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
        assert ours.value == pytest.approx(expected, abs=1e-9)
        compared += 1
        with_unpairable += table.unpairable > 0
    assert compared > 200
    assert with_unpairable > 20  # the package's handling of single-value units is really exercised
