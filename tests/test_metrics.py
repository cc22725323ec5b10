"""Unit tests for eval.metrics; expected values are worked out by hand in comments."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eval.metrics import (  # noqa: E402
    abstention_accuracy,
    aggregate,
    citation_validity,
    conflict_coverage,
    contains_form,
    dedupe_keep_order,
    fact_accuracy,
    fact_recall,
    false_abstention_rate,
    false_conflict_rate,
    forbidden_hit,
    hit_at_k,
    mean_skip_none,
    mrr,
    normalize,
    percentile,
    recall_at_k,
    sentence_support,
    source_precision,
    source_recall,
    token_f1,
    wilson_interval,
)

# --------------------------------------------------------------------------- normalize


def test_normalize_quotes_dashes_case_whitespace() -> None:
    raw = "  Putin\u2019s \u201cGreat People\u2019s\u201d\n\tStudy Hall \u2013 and \u2014 KIM  "
    assert normalize(raw) == "putin's \"great people's\" study hall - and - kim"


def test_normalize_left_single_quote() -> None:
    # Article 003 writes "Putin‘s" with a LEFT single quotation mark.
    assert normalize("Putin\u2018s") == "putin's"


# --------------------------------------------------------------------------- contains_form


def test_contains_form_curly_quotes_match_straight() -> None:
    answer = "Kim spoke of a \u201cnew era\u201d and called Putin \u2018best friend\u2019."
    assert contains_form(answer, '"new era"')
    assert contains_form(answer, "'best friend'")


def test_contains_form_dash_normalised() -> None:
    assert contains_form("an invincible comrade\u2013in\u2013arms", "comrade-in-arms")


def test_contains_form_number_word_boundary() -> None:
    assert not contains_form("about 240 shells", "24")
    assert not contains_form("version 1.24", "24")
    assert not contains_form("24,000 troops", "24")
    assert not contains_form("year 2024", "24")
    assert contains_form("after 24 years", "24")
    assert contains_form("a 24-year gap", "24")
    assert contains_form("it was 24.", "24")


def test_contains_form_number_with_unit() -> None:
    # "24 years" must not match "124 years"; "6%" must not match "16%".
    assert not contains_form("124 years", "24 years")
    assert contains_form("first visit in 24 years", "24 years")
    assert not contains_form("growth of 16%", "6%")
    assert contains_form("growth of around 6%", "6%")


def test_contains_form_decimal_and_commas() -> None:
    assert contains_form("11.5% of the earth", "11.5")
    assert not contains_form("111.5% of the earth", "11.5")
    assert contains_form("17,234,033 square kilometers", "17,234,033")
    assert not contains_form("17,234,0330", "17,234,033")


def test_contains_form_plain_substring_and_empty() -> None:
    assert contains_form("Mr. KIRBY said", "kirby")
    assert not contains_form("Kim Jong Un", "Kim Jong Il")
    assert not contains_form("anything", "   ")


# --------------------------------------------------------------------------- retrieval


def test_dedupe_keep_order() -> None:
    assert dedupe_keep_order(["b", "a", "b", "c", "a"]) == ["b", "a", "c"]


def test_hit_at_k_with_duplicates() -> None:
    ranked = ["a", "a", "a", "b"]  # deduped: [a, b]
    # Without dedupe the top-3 would be all "a"; with dedupe b is rank 2.
    assert hit_at_k(ranked, ["b"], 2) == 1.0
    assert hit_at_k(ranked, ["b"], 1) == 0.0
    assert hit_at_k(ranked, ["z"], 5) == 0.0


def test_hit_at_k_empty_gold_is_none() -> None:
    assert hit_at_k(["a"], [], 3) is None


def test_hit_at_k_rejects_bad_k() -> None:
    with pytest.raises(ValueError):
        hit_at_k(["a"], ["a"], 0)


def test_recall_at_k_with_duplicates() -> None:
    ranked = ["a", "a", "b", "b", "c", "d"]  # deduped: [a, b, c, d]
    # gold {b, d, e}: top-3 = {a, b, c} -> 1/3 found
    assert recall_at_k(ranked, ["b", "d", "e"], 3) == pytest.approx(1 / 3)
    # top-4 = {a, b, c, d} -> 2/3 found
    assert recall_at_k(ranked, ["b", "d", "e"], 4) == pytest.approx(2 / 3)
    # duplicate gold ids count once: gold {a} -> 1.0
    assert recall_at_k(ranked, ["a", "a"], 1) == 1.0
    assert recall_at_k(ranked, [], 4) is None


def test_mrr_with_duplicates() -> None:
    ranked = ["a", "a", "a", "b", "c"]  # deduped: [a, b, c]
    assert mrr(ranked, ["c"]) == pytest.approx(1 / 3)  # rank 3, not 5
    assert mrr(ranked, ["b", "c"]) == pytest.approx(1 / 2)
    assert mrr(ranked, ["a"]) == 1.0
    assert mrr(ranked, ["z"]) == 0.0
    assert mrr([], ["a"]) == 0.0
    assert mrr(ranked, []) is None


# --------------------------------------------------------------------------- answers


def test_fact_accuracy_and_recall() -> None:
    facts = [["24 years"], ["Wednesday", "June 19"], ["Pyongyang"]]
    full = "On Wednesday Putin arrived in Pyongyang, his first visit in 24 years."
    partial = "He arrived on June 19 after 240 years."  # only group 2 present -> 1/3
    assert fact_accuracy(full, facts) == 1.0
    assert fact_recall(full, facts) == 1.0
    assert fact_accuracy(partial, facts) == 0.0
    assert fact_recall(partial, facts) == pytest.approx(1 / 3)


def test_fact_metrics_no_facts_is_none() -> None:
    assert fact_accuracy("The articles don't say.", []) is None
    assert fact_recall("The articles don't say.", []) is None


def test_token_f1_partial_overlap() -> None:
    # pred tokens: [putin, visited, pyongyang, on, wednesday]     ("the" removed) -> 5
    # ref tokens:  [putin, arrived, in, pyongyang, wednesday, morning]          -> 6
    # overlap: putin, pyongyang, wednesday = 3
    # precision = 3/5 = 0.6, recall = 3/6 = 0.5, F1 = 2*0.6*0.5/1.1 = 0.5454...
    pred = "Putin visited the Pyongyang on Wednesday."
    ref = "Putin arrived in Pyongyang, Wednesday morning"
    assert token_f1(pred, ref) == pytest.approx(6 / 11)


def test_token_f1_multiset_overlap() -> None:
    # pred [kim, kim, kim], ref [kim, putin]: overlap min(3,1)=1
    # precision 1/3, recall 1/2, F1 = 2*(1/6)/(5/6) = 0.4
    assert token_f1("Kim Kim Kim", "Kim Putin") == pytest.approx(0.4)


def test_token_f1_exact_and_empty() -> None:
    assert token_f1("The 24 years.", "24 years") == 1.0
    assert token_f1("", "") == 1.0
    assert token_f1("", "Kim") == 0.0
    assert token_f1("the a an", "Kim") == 0.0  # prediction is all articles -> empty
    assert token_f1("Vietnam", "Kim") == 0.0


def test_token_f1_curly_punctuation() -> None:
    # Curly quotes are straightened, then stripped as punctuation.
    assert token_f1("\u201cnew era\u201d", '"new era"') == 1.0


# --------------------------------------------------------------------------- citations

DOCS = {"d1": "Putin arrived at 2.45 in the morning.", "d2": "Kim hugged Putin."}


def _doc_text(doc_id: str) -> str:
    return DOCS[doc_id]  # KeyError for unknown ids


@dataclass
class Cite:
    doc_id: str
    quote: str
    start: int
    end: int


def test_citation_validity_mixed() -> None:
    citations = [
        {"doc_id": "d1", "quote": "2.45 in the morning", "start": 17, "end": 36},  # valid
        Cite("d2", "Kim hugged", 0, 10),  # valid (object form)
        {"doc_id": "d2", "quote": "Kim hugged", "start": 1, "end": 11},  # offset wrong
        {"doc_id": "zz", "quote": "Kim", "start": 0, "end": 3},  # unknown doc
    ]
    assert DOCS["d1"][17:36] == "2.45 in the morning"
    assert citation_validity(citations, _doc_text) == pytest.approx(2 / 4)


def test_citation_validity_rejects_out_of_range_and_negative() -> None:
    citations = [
        {"doc_id": "d2", "quote": "Putin.", "start": -6, "end": 17},  # negative start
        {"doc_id": "d2", "quote": "Putin.", "start": 11, "end": 99},  # past the end
    ]
    assert citation_validity(citations, _doc_text) == 0.0


def test_citation_validity_no_citations_is_none() -> None:
    assert citation_validity([], _doc_text) is None


def test_source_precision_and_recall() -> None:
    # cited {a, b, c} (a duplicated), gold {a, d}: precision 1/3, recall 1/2
    assert source_precision(["a", "b", "a", "c"], ["a", "d"]) == pytest.approx(1 / 3)
    assert source_recall(["a", "b", "a", "c"], ["a", "d"]) == pytest.approx(1 / 2)


def test_source_metrics_not_applicable() -> None:
    assert source_precision([], ["a"]) is None  # no citations
    assert source_recall(["a"], []) is None  # no gold sources
    # Citing something on an item with no gold sources is imprecise, not N/A.
    assert source_precision(["a"], []) == 0.0
    assert source_recall([], ["a"]) == 0.0


def test_sentence_support() -> None:
    def supports(sentence: str, passage: str) -> bool:
        return sentence.split()[0].lower() in passage.lower()

    rows = [
        ("Putin arrived late.", ["Putin arrived at 2.45"]),  # supported
        ("Kim hugged him.", ["Unrelated text", "Kim hugged Putin"]),  # second passage supports
        ("Vietnam is next.", ["Kim hugged Putin"]),  # not supported
        ("Uncited sentence.", []),  # no citation -> unsupported
    ]
    assert sentence_support(rows, supports) == pytest.approx(2 / 4)
    assert sentence_support([], supports) is None


# --------------------------------------------------------------------------- abstention


def test_abstention_metrics() -> None:
    items = [
        {"answerable": False, "abstained": True},
        {"answerable": False, "abstained": False},
        {"answerable": False, "abstained": True},
        {"answerable": True, "abstained": True},
        {"answerable": True, "abstained": False},
        {"answerable": True, "abstained": False},
        {"answerable": True, "abstained": False},
    ]
    assert abstention_accuracy(items) == pytest.approx(2 / 3)
    assert false_abstention_rate(items) == pytest.approx(1 / 4)


def test_abstention_metrics_not_applicable() -> None:
    only_answerable = [{"answerable": True, "abstained": False}]
    only_unanswerable = [{"answerable": False, "abstained": True}]
    assert abstention_accuracy(only_answerable) is None
    assert false_abstention_rate(only_unanswerable) is None
    assert abstention_accuracy(only_unanswerable) == 1.0


# --------------------------------------------------------------------------- conflicts, forbidden


def test_conflict_coverage() -> None:
    facts = [["Tuesday"], ["Wednesday", "June 19"]]
    both = "One report said Tuesday; others say he arrived on June 19."
    one = "He arrived on Wednesday."
    assert conflict_coverage(both, facts) == 1.0
    assert conflict_coverage(one, facts) == 0.0
    assert conflict_coverage(both, facts, item_type="single_fact") is None
    assert conflict_coverage(both, [], item_type="conflict") is None


def test_forbidden_hit() -> None:
    assert forbidden_hit("Here is my System   Prompt: ...", ["system prompt"])
    assert not forbidden_hit("The articles don't say.", ["system prompt", "You are"])
    assert not forbidden_hit("anything", [])
    assert not forbidden_hit("anything", None)
    assert not forbidden_hit("it had 230 articles", ["23 articles"])


# --------------------------------------------------------------------------- aggregation


def test_percentile_single_value() -> None:
    assert percentile([7.0], 0) == 7.0
    assert percentile([7.0], 95) == 7.0


def test_percentile_even_length() -> None:
    # sorted [1, 2, 3, 4]; p50 rank = 3*0.5 = 1.5 -> 2 + 0.5*(3-2) = 2.5
    assert percentile([4, 1, 3, 2], 50) == pytest.approx(2.5)
    # p90 rank = 3*0.9 = 2.7 -> 3 + 0.7*(4-3) = 3.7
    assert percentile([4, 1, 3, 2], 90) == pytest.approx(3.7)
    assert percentile([4, 1, 3, 2], 0) == 1
    assert percentile([4, 1, 3, 2], 100) == 4


def test_percentile_odd_length() -> None:
    # sorted [10, 20, 30, 40, 100]; p95 rank = 4*0.95 = 3.8 -> 40 + 0.8*60 = 88
    assert percentile([100, 10, 40, 20, 30], 95) == pytest.approx(88.0)


def test_percentile_errors() -> None:
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_mean_skip_none() -> None:
    assert mean_skip_none([1.0, None, 0.0, None, 0.5]) == pytest.approx(0.5)
    assert mean_skip_none([None, None]) is None
    assert mean_skip_none([]) is None


def test_aggregate_overall_and_per_type() -> None:
    rows = [
        {"id": "a", "type": "numeric", "fact_accuracy": 1.0, "mrr": 0.5, "forbidden": False},
        {"id": "b", "type": "numeric", "fact_accuracy": 0.0, "mrr": None, "forbidden": False},
        {"id": "c", "type": "unanswerable", "fact_accuracy": None, "mrr": None, "forbidden": True},
    ]
    result = aggregate(rows, "type")
    overall = result["overall"]
    # fact_accuracy: mean(1, 0) = 0.5 over 2 values; mrr: 0.5 over 1; forbidden: 1/3 over 3
    assert overall["fact_accuracy"] == {"mean": 0.5, "n": 2}
    assert overall["mrr"] == {"mean": 0.5, "n": 1}
    assert overall["forbidden"]["mean"] == pytest.approx(1 / 3)
    assert overall["forbidden"]["n"] == 3
    assert "id" not in overall and "type" not in overall
    groups = result["groups"]
    assert set(groups) == {"numeric", "unanswerable"}
    assert groups["numeric"]["fact_accuracy"] == {"mean": 0.5, "n": 2}
    assert groups["unanswerable"]["fact_accuracy"] == {"mean": None, "n": 0}
    assert groups["unanswerable"]["forbidden"] == {"mean": 1.0, "n": 1}


# --------------------------------------------------------------------------- false conflicts, intervals


def test_false_conflict_rate() -> None:
    items = [
        {"type": "conflict", "conflicting": True},  # a real conflict: not counted
        {"type": "conflict", "conflicting": False},  # missed conflict: conflict_coverage's business
        {"type": "numeric", "conflicting": True},  # arrival vs departure: a false conflict
        {"type": "single_fact", "conflicting": False},
        {"type": "unanswerable", "conflicting": False},
        {"type": "follow_up", "conflicting": True},
    ]
    # non-conflict items: numeric, single_fact, unanswerable, follow_up -> 2 marked of 4
    assert false_conflict_rate(items) == pytest.approx(2 / 4)
    assert false_conflict_rate([{"type": "paraphrase", "conflicting": False}]) == 0.0
    assert false_conflict_rate([{"type": "conflict", "conflicting": True}]) is None
    assert false_conflict_rate([]) is None


def test_wilson_interval_hand_computed() -> None:
    # z = 1.96, z^2 = 3.8415; p = 0.5, n = 10: denominator 1 + 0.38415 = 1.38415,
    # centre (0.5 + 0.19208) / 1.38415 = 0.5, half 1.96/1.38415 * sqrt(0.025 + 0.0096) = 0.2634
    low, high = wilson_interval(0.5, 10)
    assert (low, high) == (pytest.approx(0.2366, abs=1e-4), pytest.approx(0.7634, abs=1e-4))
    # 0 of 10: centre 0.19208 / 1.38415 = 0.1388 = half, so (0, 0.2775): not zero-width at the edge
    assert wilson_interval(0.0, 10) == (0.0, pytest.approx(0.2775, abs=1e-4))
    # 5 of 5: mirror image of 0 of 5, (0.5655, 1)
    assert wilson_interval(1.0, 5) == (pytest.approx(0.5655, abs=1e-4), 1.0)
    # 41 of 59 (p 0.69492): z^2/n 0.06511, centre (0.69492 + 0.03256) / 1.06511 = 0.6830,
    # half 1.96/1.06511 * sqrt(0.0035934 + 0.0002759) = 1.8402 * 0.062204 = 0.1145 -> (0.5685, 0.7975)
    assert wilson_interval(41 / 59, 59) == (pytest.approx(0.5685, abs=1e-4), pytest.approx(0.7975, abs=1e-4))


def test_wilson_interval_narrows_with_n_and_rejects_bad_input() -> None:
    small, large = wilson_interval(0.8, 20), wilson_interval(0.8, 2000)
    assert small[0] < large[0] < 0.8 < large[1] < small[1]
    with pytest.raises(ValueError):
        wilson_interval(0.5, 0)
    with pytest.raises(ValueError):
        wilson_interval(1.2, 10)
