"""The eval harness: scoring by hand-computed values, the full CLI on a tiny gold set, and the gate."""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from eval import harness
from eval import metrics as M
from eval.baseline import text_sentences
from eval.report import METRICS
from tests.fakes import HashingEmbedder

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"

# ----- scoring, against values computed by hand --------------------------------------------------
D1 = "John Kirby spoke on Tuesday. Nothing else happened."
D2 = "It has been 24 years since the last visit."
TEXTS = {"d1": D1, "d2": D2}


def _cite(n: int, doc_id: str, quote: str, start: int | None = None) -> dict[str, Any]:
    start = TEXTS[doc_id].find(quote) if start is None else start
    return {
        "n": n,
        "doc_id": doc_id,
        "title": doc_id,
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "score": 1.0,
    }


ITEMS: list[dict[str, Any]] = [
    {"id": "a", "type": "single_fact", "question": "qa", "answerable": True, "reference_answer": "John Kirby.",
     "facts": [["Kirby"]], "sources": ["d1", "d2"]},
    {"id": "b", "type": "numeric", "question": "qb", "answerable": True, "reference_answer": "24 years.",
     "facts": [["24 years"], ["2000"]], "sources": ["d2"]},
    {"id": "c", "type": "unanswerable", "question": "qc", "answerable": False, "reference_answer": "The articles don't say.",
     "facts": [], "sources": [], "forbidden": ["PWNED"]},
    {"id": "d", "type": "injection", "question": "qd", "answerable": False, "reference_answer": "The articles don't say.",
     "facts": [], "sources": [], "forbidden": ["PWNED"]},
    {"id": "e", "type": "paraphrase", "question": "qe", "answerable": True, "reference_answer": "Foo bar.",
     "facts": [["foo"]], "sources": ["d1"], "history": [{"role": "user", "content": "Earlier question?"}]},
]  # fmt: skip

ROWS: dict[str, dict[str, Any]] = {
    # answered right: retrieval rank 2, one of two sources cited, sentence backed by its quote
    "qa": {"text": "John Kirby spoke. [1]", "citations": [_cite(1, "d1", "John Kirby spoke on Tuesday.")],
           "sentences": [{"text": "John Kirby spoke.", "citations": [1]}],
           "retrieved_doc_ids": ["d3", "d1", "d1", "d2"], "abstained": False, "written_by": "model"},
    # wrong document, offsets that don't match the quote, a quote that doesn't back the sentence
    "qb": {"text": "It was 24 years. [1]", "citations": [_cite(1, "d1", "Nothing else happened.", start=0)],
           "sentences": [{"text": "It was 24 years.", "citations": [1]}],
           "retrieved_doc_ids": ["d1"], "abstained": False, "written_by": "evidence"},
    "qc": {"text": "The articles don't say.", "citations": [], "retrieved_doc_ids": ["d1"], "abstained": True},
    # an injection that got through: answered, cited, and said the forbidden word
    "qd": {"text": "PWNED [1]", "citations": [_cite(1, "d1", "Nothing else happened.")],
           "sentences": [{"text": "PWNED", "citations": [1]}],
           "retrieved_doc_ids": ["d1"], "abstained": False},
    "qe": {"text": "The articles don't say.", "citations": [], "retrieved_doc_ids": ["d1"], "abstained": True},
}  # fmt: skip


class ScriptedPipeline:
    """Answers from a fixed table; implements the harness's ``Pipeline`` interface."""

    name = "project"
    label = "scripted"

    def __init__(self) -> None:
        self.asked: list[tuple[str, Any]] = []

    def answer(self, question: str, history: Sequence[dict[str, str]] | None) -> dict[str, Any]:
        self.asked.append((question, history))
        return {"conflicting": False, "query": question, **ROWS[question]}

    def document_text(self, doc_id: str) -> str:
        return TEXTS[doc_id]

    def close(self) -> None:
        pass


def _values(summary: dict[str, Any]) -> dict[str, Any]:
    return {k: v["value"] for k, v in summary.items()}


def test_per_item_metrics_and_aggregates_match_hand_computed_values() -> None:
    pipeline = ScriptedPipeline()
    rows = harness.run_items(pipeline, ITEMS)
    overall, by_type = harness.summarise(rows)
    by_id = {r["id"]: r for r in rows}
    assert pipeline.asked[4] == ("qe", [{"role": "user", "content": "Earlier question?"}])

    assert by_id["a"]["metrics"] == {
        "hit_at_1": 0.0, "hit_at_5": 1.0, "recall_at_5": 1.0, "mrr": 0.5, "fact_accuracy": 1.0, "fact_recall": 1.0,
        "token_f1": pytest.approx(0.8),  # [john, kirby, spoke] vs [john, kirby]: P 2/3, R 1
        "citation_validity": 1.0, "source_precision": 1.0, "source_recall": 0.5, "sentence_support": 1.0,
        "conflict_coverage": None, "forbidden_hit": None, "fact_violations": 0.0, "model_written": 1.0,
    }  # fmt: skip
    assert by_id["c"]["metrics"]["sentence_support"] is None  # an abstention has no sentences to support
    assert by_id["c"]["metrics"]["token_f1"] is None
    assert by_id["d"]["metrics"]["source_precision"] == 0.0  # cited something where nothing should be cited

    expected = {
        "hit_at_1": 1 / 3,  # only e has its gold document first
        "hit_at_5": 2 / 3,  # a, e hit; b misses
        "recall_at_5": 2 / 3,
        "mrr": (0.5 + 0 + 1) / 3,
        "fact_accuracy": 1 / 3,
        "fact_recall": (1 + 0.5 + 0) / 3,
        "token_f1": (0.8 + 2 / 3 + 0) / 3,  # b: [it, was, 24, years] vs [24, years]
        "citation_validity": 2 / 3,  # b's offsets point at the wrong text
        "source_precision": 1 / 3,  # a 1, b 0, d 0
        "source_recall": (0.5 + 0 + 0) / 3,
        "sentence_support": 1 / 3,  # a 1, b 0, d 0
        "abstention_accuracy": 0.5,  # c abstained, d did not
        "false_abstention_rate": 1 / 3,  # e
        "forbidden_hit": 0.5,  # d
        "conflict_coverage": None,
        "false_conflict_rate": 0.0,  # nothing was marked conflicting
        "model_written": 0.5,  # a by the model, b by the evidence; d does not say
        "fact_violations_total": 2.0,  # b's "24" and d's "PWNED" are not in what they cite
        "errors": 0.0,
        "items": 5.0,
    }
    got = _values(overall)
    for name, value in expected.items():
        assert got[name] == pytest.approx(value) if value is not None else got[name] is None, name
    assert overall["citation_validity"]["n"] == 3
    assert overall["abstention_accuracy"]["n"] == 2
    assert overall["false_conflict_rate"]["n"] == 5  # no item is of type conflict
    # Proportions carry their 95% Wilson interval on their own n; counts and timings do not.
    assert overall["fact_accuracy"]["ci95"] == list(M.wilson_interval(1 / 3, 3))
    assert overall["abstention_accuracy"]["ci95"] == list(M.wilson_interval(0.5, 2))
    assert "ci95" not in overall["latency_p50_s"] and "ci95" not in overall["errors"]
    assert "ci95" not in overall["conflict_coverage"]  # not measured
    assert _values(by_type["numeric"])["fact_recall"] == 0.5
    assert _values(by_type["injection"])["abstention_accuracy"] == 0.0
    assert _values(by_type["unanswerable"])["abstention_accuracy"] == 1.0
    assert 0.0 <= got["latency_p50_s"] <= got["latency_p95_s"]

    assert by_id["a"]["failures"] == [] and by_id["c"]["failures"] == []
    assert by_id["b"]["failures"] == [
        "expected fact missing",
        "citation not verbatim",
        "sentence not supported by its citation",
        "a number, date or name is not in the passage cited",
    ]
    assert "answered an unanswerable question" in by_id["d"]["failures"]
    assert "forbidden string in answer" in by_id["d"]["failures"]
    assert by_id["e"]["failures"] == ["abstained on an answerable question"]


def test_markers_are_not_facts() -> None:
    # "[2]" must not count as the number 2.
    item = {**ITEMS[1], "facts": [["2"]]}
    row = {"text": "It was long ago. [2]", "citations": [], "retrieved_doc_ids": [], "abstained": False,
           "sentences": [{"text": "It was long ago.", "citations": [2]}]}  # fmt: skip
    assert harness.score(item, row, TEXTS.get)["fact_accuracy"] == 0.0


def test_a_marker_after_a_closing_quote_still_ends_the_sentence() -> None:
    # The baseline answers in plain text; its adapter splits it into sentences with citation numbers.
    text = "He thanked him for the welcome at the airport…” [2] However, Beijing was irked. [3]"
    assert text_sentences(text) == [
        {"text": "He thanked him for the welcome at the airport…”", "citations": [2]},
        {"text": "However, Beijing was irked.", "citations": [3]},
    ]
    assert text_sentences("Wet when red [2], which is at dusk [1].") == [
        {"text": "Wet when red, which is at dusk.", "citations": [2, 1]}
    ]


def test_cited_sentences_pair_each_sentence_with_its_quotes() -> None:
    citations = [_cite(1, "d1", "John Kirby spoke on Tuesday."), _cite(2, "d2", D2)]
    row = {
        "citations": citations,
        "sentences": [
            {"text": "Kirby spoke.", "citations": [1]},
            {"text": "It was 24 years.", "citations": [2, 1]},
            {"text": "No marker here.", "citations": []},
        ],
    }
    assert harness.cited_sentences(row) == [
        ("Kirby spoke.", ["John Kirby spoke on Tuesday."]),
        ("It was 24 years.", [D2, "John Kirby spoke on Tuesday."]),
        ("No marker here.", []),
    ]


# ----- the whole command on a tiny gold set ------------------------------------------------------
TINY_GOLD = [
    {"id": "t-sf", "type": "single_fact", "question": "Which US National Security Council spokesman said Washington was concerned about the deepening ties between Russia and North Korea?",
     "answerable": True, "reference_answer": "John Kirby.", "facts": [["Kirby"]], "sources": ["000_94689cfd3c9ead0a.txt", "001_b353eaf3fd5656f5.txt"]},
    {"id": "t-num", "type": "numeric", "question": "How many years had passed since Putin's previous visit to North Korea?",
     "answerable": True, "reference_answer": "24 years.", "facts": [["24 years"]], "sources": ["000_94689cfd3c9ead0a.txt"], "value_kind": "measure"},
    {"id": "t-un", "type": "unanswerable", "question": "What is the population of Iceland?", "answerable": False,
     "reference_answer": "The articles don't say.", "facts": [], "sources": [], "forbidden": ["million"],
     "near_miss": False},
    {"id": "t-fu", "type": "follow_up", "question": "And how long had it been since that visit?", "answerable": True,
     "reference_answer": "24 years.", "facts": [["24 years"]], "sources": ["000_94689cfd3c9ead0a.txt"],
     "history": [{"role": "user", "content": "When did Putin last visit North Korea before this trip?"},
                 {"role": "assistant", "content": "In 2000."}]},
]  # fmt: skip


def _hashing(_settings: object) -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(scope="module")
def gold_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in TINY_GOLD) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def full_run(gold_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("eval-out")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = harness.main(
            ["--gold", str(gold_file), "--out", str(out), "--pipeline", "both"], embedder_factory=_hashing
        )
    assert code == 0
    return out, buffer.getvalue()


def _by_hand(rows: list[dict[str, Any]]) -> dict[str, float]:
    """The aggregates, recomputed from the raw row fields without eval.metrics."""
    with_sources = [r for r in rows if r["sources"]]
    hits = [any(d in r["sources"] for d in list(dict.fromkeys(r["retrieved_doc_ids"]))[:5]) for r in with_sources]
    with_facts = [r for r in rows if r["facts"]]
    facts = [all(any(f.lower() in r["text"].lower() for f in group) for group in r["facts"]) for r in with_facts]
    unanswerable = [r for r in rows if not r["answerable"]]
    answerable = [r for r in rows if r["answerable"]]

    def verbatim(c: dict[str, Any]) -> bool:
        return (ARTICLES / c["doc_id"]).read_text(encoding="utf-8")[c["start"] : c["end"]] == c["quote"]

    validity = [sum(map(verbatim, r["citations"])) / len(r["citations"]) for r in rows if r["citations"]]
    return {
        "hit_at_5": sum(hits) / len(hits),
        "fact_accuracy": sum(facts) / len(facts),
        "abstention_accuracy": sum(r["abstained"] for r in unanswerable) / len(unanswerable),
        "false_abstention_rate": sum(r["abstained"] for r in answerable) / len(answerable),
        "citation_validity": sum(validity) / len(validity),
    }


def test_cli_writes_reports_whose_aggregates_match_the_rows(full_run: tuple[Path, str]) -> None:
    out, stdout = full_run
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert set(report["pipelines"]) == {"project", "baseline"}
    for name, result in report["pipelines"].items():
        rows = result["rows"]
        assert [r["id"] for r in rows] == [item["id"] for item in TINY_GOLD]
        for key, value in _by_hand(rows).items():
            assert result["overall"][key]["value"] == pytest.approx(value), (name, key)
        assert result["overall"]["cold_start_s"]["value"] > 0
        assert result["by_type"]["numeric"]["items"]["value"] == 1
        # Tags cut across types: only the measure item has one (a false flag is no tag).
        assert list(result["by_tag"]) == ["measure"] and result["by_tag"]["measure"]["items"]["value"] == 1
    project = report["pipelines"]["project"]
    assert project["overall"]["citation_validity"]["value"] == 1.0  # the product only quotes verbatim
    follow_up = next(r for r in project["rows"] if r["id"] == "t-fu")
    assert follow_up["query"] != follow_up["question"]  # the history reached Assistant.ask

    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| metric | project | baseline | n |" in md
    assert "### numeric (1 items)" in md
    assert "### measure (1 items)" in md
    assert "## Failing items — project" in md
    png = (out / "metrics_by_type.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    assert "| fact accuracy ↑ |" in stdout
    # Each proportion is printed with its 95% Wilson interval, in the table and in report.md.
    assert re.search(r"\| fact accuracy ↑ \| \d\.\d{3} \(\d\.\d\d–\d\.\d\d\) \|", stdout)
    assert re.search(r"\| false conflict rate .* ↓ \| \d\.\d{3} \(", md)
    assert "Wilson score interval" in md


def _gate(
    gold: Path, tmp_path: Path, thresholds: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    path = tmp_path / "thresholds.json"
    path.write_text(json.dumps(thresholds), encoding="utf-8")
    code = harness.main(
        ["--gold", str(gold), "--out", str(tmp_path / "gate"), "--gate", "--thresholds", str(path)],
        embedder_factory=_hashing,
    )
    return code, capsys.readouterr().err


def test_gate_fails_above_and_passes_below_the_measured_values(
    gold_file: Path, full_run: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measured = json.loads((full_run[0] / "report.json").read_text(encoding="utf-8"))["pipelines"]["project"]["overall"]
    hit, fabs = measured["hit_at_5"]["value"], measured["false_abstention_rate"]["value"]

    below = {"_note": "test", "hit_at_5": hit - 0.01, "max": {"false_abstention_rate": fabs + 0.01}}
    code, err = _gate(gold_file, tmp_path, below, capsys)
    assert (code, err) == (0, "")
    report = json.loads((tmp_path / "gate" / "report.json").read_text(encoding="utf-8"))
    assert list(report["pipelines"]) == ["project"]  # the gate runs the project pipeline only

    above = {"hit_at_5": hit + 0.01, "mrr": 0.0, "max": {"false_abstention_rate": fabs - 0.01}}
    code, err = _gate(gold_file, tmp_path, above, capsys)
    assert code == 1
    assert "hit_at_5" in err and "false_abstention_rate" in err and "mrr" not in err


def test_gate_treats_unmeasured_metrics_and_errors_as_failures() -> None:
    overall = {"fact_accuracy": {"value": None, "n": 0}, "errors": {"value": 2.0, "n": 4}}
    problems = harness.check_gate(overall, {"fact_accuracy": 0.5, "_note": "ignored"})
    assert problems == [
        "fact_accuracy: not measured < minimum 0.5",
        "errors: 2 item(s) raised instead of answering",
    ]


def test_qa_eval_is_forwarded_to_the_harness(capsys: pytest.CaptureFixture[str]) -> None:
    from qa.cli import main as qa_main

    with pytest.raises(SystemExit) as stop:
        qa_main(["eval", "--help"])
    assert stop.value.code == 0
    assert "--pipeline" in capsys.readouterr().out


def test_shipped_thresholds_are_a_floor_not_zero() -> None:
    thresholds = json.loads((ROOT / "eval" / "thresholds.json").read_text(encoding="utf-8"))
    assert thresholds["_note"]
    minimums = {k: v for k, v in thresholds.items() if not k.startswith("_") and k != "max"}
    assert minimums and all(0 < v <= 1 for v in minimums.values())
    assert set(minimums) | set(thresholds["max"]) <= {key for key, _, _ in METRICS}


def test_a_conflict_marked_on_a_non_conflict_item_is_a_failure() -> None:
    row = {"abstained": False, "conflicting": True, "metrics": {"fact_accuracy": 1.0, "citation_validity": 1.0,
           "sentence_support": 1.0, "forbidden_hit": None}}  # fmt: skip
    assert harness.failures({**ITEMS[0]}, row) == ["sources marked as disagreeing on a non-conflict item"]
    assert harness.failures({**ITEMS[0], "type": "conflict"}, row) == []


# ----- calibration: thresholds from measured values ----------------------------------------------
def test_thresholds_follow_the_rule_by_hand() -> None:
    overall = {
        "fact_accuracy": {"value": 0.8, "n": 100},  # margin max(0.05, 2/100) = 0.05 -> 0.75
        "abstention_accuracy": {"value": 0.6, "n": 10},  # margin 2/10 = 0.2 -> 0.4
        "mrr": {"value": 0.8333, "n": 40},  # margin 0.05 -> 0.7833, rounded down to 0.783
        "conflict_coverage": {"value": 0.1, "n": 7},  # 0.1 - 2/7 < 0: could never fail
        "citation_validity": {"value": 1.0, "n": 50},  # strict
        "false_abstention_rate": {"value": 0.02, "n": 80},  # 0.02 + 0.05 = 0.07
        "false_conflict_rate": {"value": 0.0, "n": 30},  # 0 + 2/30 = 0.0667, rounded up to 0.067
        "forbidden_hit": {"value": 0.9, "n": 10},  # 0.9 + 0.2 >= 1: could never fail
    }
    got = harness.thresholds_from(overall, {"gold": "x.jsonl"})
    gated = {k: v for k, v in got.items() if not k.startswith("_") and k != "max"}
    assert gated == {"fact_accuracy": 0.75, "abstention_accuracy": 0.4, "mrr": 0.783, "citation_validity": 1.0}
    assert got["max"] == {"false_abstention_rate": 0.07, "false_conflict_rate": 0.067}
    never_fail = {"conflict_coverage", "forbidden_hit"}
    unmeasured = {"hit_at_1", "hit_at_5", "recall_at_5", "fact_recall", "token_f1", "source_precision"}
    unmeasured |= {"source_recall", "sentence_support"}
    assert set(got["_not_gated"]) == never_fail | unmeasured
    assert got["_measured"]["abstention_accuracy"] == {"value": 0.6, "n": 10}
    assert got["_measured"]["hit_at_1"] == {"value": None, "n": 0}
    assert got["_run"] == {"gold": "x.jsonl"} and got["_rule"] == harness.THRESHOLDS_RULE
    # What was measured passes the thresholds written from it.
    assert harness.check_gate(overall, got) == []


def test_margin_is_at_least_two_items() -> None:
    assert harness.margin(100) == 0.05
    assert harness.margin(8) == 0.25
    assert harness.margin(40) == 0.05


def test_gate_and_calibrate_default_to_the_test_set() -> None:
    assert harness.items_path(None, project_only=True) == ROOT / "eval" / "test.jsonl"
    assert harness.items_path(None, project_only=False) == ROOT / "eval" / "dev.jsonl"
    assert harness.items_path(Path("x.jsonl"), project_only=True) == Path("x.jsonl")


def test_calibrate_writes_thresholds_that_the_same_run_passes(
    gold_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "thresholds.json"
    code = harness.main(
        ["--gold", str(gold_file), "--out", str(tmp_path / "cal"), "--calibrate", "--thresholds", str(path)],
        embedder_factory=_hashing,
    )
    assert code == 0
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["_run"]["items"] == len(TINY_GOLD) and written["_measured"]["fact_accuracy"]["n"] == 3
    report = json.loads((tmp_path / "cal" / "report.json").read_text(encoding="utf-8"))
    assert list(report["pipelines"]) == ["project"]
    measured = report["pipelines"]["project"]["overall"]
    for name, minimum in written.items():
        if not name.startswith("_") and name != "max" and name != "citation_validity":
            value, n = measured[name]["value"], measured[name]["n"]
            assert minimum == pytest.approx(value - harness.margin(n), abs=0.001), name
    capsys.readouterr()
    code, err = _gate(gold_file, tmp_path, written, capsys)
    assert (code, err) == (0, "")


def test_gate_and_calibrate_together_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as stop:
        harness.main(["--gate", "--calibrate"])
    assert stop.value.code == 2


def test_an_unreadable_item_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert harness.main(["--gold", str(tmp_path / "missing.jsonl")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: cannot read items from") and err.count("\n") == 1


def test_tags_are_the_true_flags_and_the_value_kind() -> None:
    item = {"near_miss": True, "multi_part": False, "not_conflict": True, "value_kind": "measure"}
    assert harness.tags(item) == ["near_miss", "not_conflict", "measure"]
    assert harness.tags({}) == []


def test_subsets_split_a_run_by_id_prefix(tmp_path: Path) -> None:
    from eval import subsets

    rows = harness.run_items(ScriptedPipeline(), ITEMS)
    for row in rows:  # a batch written later: items b and e
        row["id"] = ("y-" if row["id"] in ("b", "e") else "") + row["id"]
    summaries = subsets.split(rows, "y-")
    assert summaries["y-"]["fact_accuracy"]["value"] == 0.0  # b lacks "2000"; e abstained
    assert summaries["y-"]["false_abstention_rate"] == {
        "value": 0.5,
        "n": 2,
        "ci95": pytest.approx([0.095, 0.905], abs=0.01),
    }
    assert summaries["others"]["fact_accuracy"]["value"] == 1.0  # a, the only answerable other
    assert summaries["others"]["abstention_accuracy"]["value"] == 0.5  # c abstained, d answered
    assert summaries["all"]["fact_accuracy"]["value"] == pytest.approx(1 / 3)

    report = tmp_path / "report.json"
    report.write_text(json.dumps({"pipelines": {"project": {"rows": rows}}}), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert subsets.main([str(report), "--prefix", "y-"]) == 0
    printed = out.getvalue()
    assert "| fact accuracy ↑ | 0.000 (2) | 1.000 (1) | 0.333 (3) |" in printed
    assert "| false abstention rate ↓ | 0.500 (2) | 0.000 (1) | 0.333 (3) |" in printed


def test_subsets_split_a_run_by_the_ids_of_another_gold_file(tmp_path: Path) -> None:
    from eval import subsets

    rows = harness.run_items(ScriptedPipeline(), ITEMS)
    earlier = tmp_path / "earlier.jsonl"  # the set before items b and e were added
    earlier.write_text(
        "\n".join(json.dumps({"id": r["id"]}) for r in rows if r["id"] not in ("b", "e")) + "\n", encoding="utf-8"
    )
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"pipelines": {"project": {"rows": rows}}}), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert subsets.main([str(report), "--ids", str(earlier)]) == 0
    printed = out.getvalue()
    assert printed.startswith("| metric | earlier.jsonl | others | all |")
    # The earlier items hold a, the only answerable item that is right; b and e (the others) both miss.
    assert "| fact accuracy ↑ | 1.000 (1) | 0.000 (2) | 0.333 (3) |" in printed
    with pytest.raises(SystemExit):
        subsets.main([str(report)])  # a subset must be chosen
