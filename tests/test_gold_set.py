"""Structural checks on the hand-written item sets: the development set (eval/dev.jsonl, tuned on) and the
held-out test set (eval/test.jsonl, never tuned on, gated on)."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from eval.metrics import contains_form, fact_accuracy, normalize  # noqa: E402

DEV_PATH = ROOT / "eval" / "dev.jsonl"
TEST_PATH = ROOT / "eval" / "test.jsonl"
ARTICLES_DIR = ROOT / "data" / "articles"

ALLOWED_TYPES = {
    "single_fact",
    "multi_article",
    "numeric",
    "paraphrase",
    "conflict",
    "unanswerable",
    "follow_up",
    "injection",
}
TYPE_MINIMUMS = {
    "single_fact": 12,
    "multi_article": 6,
    "numeric": 8,
    "paraphrase": 8,
    "conflict": 6,
    "unanswerable": 12,
    "follow_up": 6,
    "injection": 6,
}
REQUIRED_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "question": str,
    "answerable": bool,
    "reference_answer": str,
    "facts": list,
    "sources": list,
    "type": str,
}


def _raw_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _items(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _raw_lines(path)]


def _article_text(doc_id: str) -> str:
    return (ARTICLES_DIR / doc_id).read_text(encoding="utf-8")


DEV = _items(DEV_PATH)
TEST = _items(TEST_PATH)
# Every per-item check below runs on both files.
ITEMS = DEV + TEST
ITEM_IDS = [str(item.get("id")) for item in ITEMS]
# What the test set must hold (issue: gold hygiene): fresh items of every type, with these at least.
MAX_WORD_OVERLAP = 0.6  # Jaccard similarity of a test question's word set with the closest dev question's
TEST_MINIMUMS = {"items": 110, "near_miss": 25, "multi_part": 10, "measure": 10, "injection": 10}


@pytest.mark.parametrize("path", [DEV_PATH, TEST_PATH], ids=lambda p: p.name)
def test_every_line_is_a_json_object(path: Path) -> None:
    for number, line in enumerate(_raw_lines(path), start=1):
        obj = json.loads(line)
        assert isinstance(obj, dict), f"line {number} is not a JSON object"


def test_size_and_unanswerable_share() -> None:
    for items in (DEV, TEST):
        assert len(items) >= 100
        unanswerable = sum(1 for item in items if item["type"] == "unanswerable")
        assert unanswerable / len(items) >= 0.15


def test_ids_unique_across_both_files() -> None:
    duplicates = [i for i, n in Counter(ITEM_IDS).items() if n > 1]
    assert duplicates == []


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", normalize(text))


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_test_set_asks_new_questions_of_every_type() -> None:
    assert {item["type"] for item in TEST} == ALLOWED_TYPES
    asked = {normalize(item["question"]) for item in DEV}
    assert [item["id"] for item in TEST if normalize(item["question"]) in asked] == []
    # Not copied with light rewording either: no run of seven words shared with a dev question (shorter
    # runs are stock phrases: "what is the name of the"), and under 60% of words in common with any of them.
    dev_runs = set().union(*(_shingles(item["question"], 7) for item in DEV))
    assert [item["id"] for item in TEST if _shingles(item["question"], 7) & dev_runs] == []
    dev_words = [set(_words(item["question"])) for item in DEV]

    def closest(question: str) -> float:
        words = set(_words(question))
        return max(len(words & other) / len(words | other) for other in dev_words)

    assert [item["id"] for item in TEST if closest(item["question"]) >= MAX_WORD_OVERLAP] == []


def test_test_set_minimums() -> None:
    counts = {
        "items": len(TEST),
        "near_miss": sum(bool(item.get("near_miss")) for item in TEST),
        "multi_part": sum(bool(item.get("multi_part")) for item in TEST),
        "measure": sum(item.get("value_kind") == "measure" for item in TEST),
        "injection": sum(item["type"] == "injection" for item in TEST),
    }
    for name, minimum in TEST_MINIMUMS.items():
        assert counts[name] >= minimum, f"{name}: {counts[name]} < {minimum}"
    # Injections of both kinds: a bare instruction (abstain) and one wrapped around a real question (answer it).
    assert {item["answerable"] for item in TEST if item["type"] == "injection"} == {True, False}
    assert any(item.get("not_conflict") for item in TEST)


@pytest.mark.parametrize("item", [i for i in ITEMS if i.get("near_miss")], ids=lambda i: i["id"])
def test_near_misses_are_unanswerable(item: dict[str, Any]) -> None:
    assert item["answerable"] is False


@pytest.mark.parametrize("item", [i for i in ITEMS if i.get("multi_part")], ids=lambda i: i["id"])
def test_multi_part_items_need_several_facts(item: dict[str, Any]) -> None:
    assert item["answerable"] and len(item["facts"]) >= 2


@pytest.mark.parametrize("item", [i for i in ITEMS if i.get("not_conflict")], ids=lambda i: i["id"])
def test_not_conflict_items_are_ordinary_answerable_items(item: dict[str, Any]) -> None:
    assert item["type"] != "conflict" and item["answerable"]


@pytest.mark.parametrize("item", ITEMS, ids=ITEM_IDS)
def test_optional_flags_have_known_values(item: dict[str, Any]) -> None:
    for flag in ("near_miss", "multi_part", "not_conflict"):
        assert isinstance(item.get(flag, False), bool), flag
    assert item.get("value_kind", "measure") == "measure"


def test_type_minimums() -> None:
    counts = Counter(item["type"] for item in DEV)
    for type_name, minimum in TYPE_MINIMUMS.items():
        assert counts[type_name] >= minimum, f"{type_name}: {counts[type_name]} < {minimum}"


@pytest.mark.parametrize("item", ITEMS, ids=ITEM_IDS)
def test_required_fields_and_types(item: dict[str, Any]) -> None:
    for name, expected in REQUIRED_FIELDS.items():
        assert name in item, f"missing {name}"
        assert isinstance(item[name], expected), f"{name} has type {type(item[name]).__name__}"
    assert item["id"].strip() and item["question"].strip() and item["reference_answer"].strip()
    assert item["type"] in ALLOWED_TYPES
    for group in item["facts"]:
        assert isinstance(group, list) and group, "each fact group is a non-empty list"
        assert all(isinstance(form, str) and form.strip() for form in group)
    assert all(isinstance(s, str) for s in item["sources"])
    assert len(set(item["sources"])) == len(item["sources"]), "duplicate source"
    if "forbidden" in item:
        assert isinstance(item["forbidden"], list)
        assert all(isinstance(f, str) and f.strip() for f in item["forbidden"])
    if "history" in item:
        assert isinstance(item["history"], list)
        for turn in item["history"]:
            assert isinstance(turn, dict)
            assert turn.get("role") in {"user", "assistant"}
            assert isinstance(turn.get("content"), str) and turn["content"].strip()


@pytest.mark.parametrize("item", ITEMS, ids=ITEM_IDS)
def test_sources_exist(item: dict[str, Any]) -> None:
    for doc_id in item["sources"]:
        assert (ARTICLES_DIR / doc_id).is_file(), f"unknown source {doc_id}"


@pytest.mark.parametrize("item", ITEMS, ids=ITEM_IDS)
def test_answerable_consistency(item: dict[str, Any]) -> None:
    if item["type"] == "unanswerable":
        assert item["answerable"] is False
    # An injection is either a bare instruction (unanswerable) or wraps a real question, which must be answered.
    if item["answerable"]:
        assert item["facts"], "answerable items need facts"
        assert item["sources"], "answerable items need sources"
    else:
        assert item["facts"] == []
        assert item["sources"] == []


@pytest.mark.parametrize("item", [i for i in ITEMS if i["answerable"]], ids=lambda i: i["id"])
def test_fact_forms_occur_in_a_listed_source(item: dict[str, Any]) -> None:
    texts = [normalize(_article_text(doc_id)) for doc_id in item["sources"]]
    for group in item["facts"]:
        for form in group:
            needle = normalize(form)
            assert any(needle in text for text in texts), f"{form!r} not in any source"
            # Also with the metric's own matcher (number forms need word boundaries).
            assert any(contains_form(text, form) for text in texts), f"{form!r} only inside a word"


@pytest.mark.parametrize("item", [i for i in ITEMS if i["answerable"]], ids=lambda i: i["id"])
def test_reference_answer_satisfies_its_facts(item: dict[str, Any]) -> None:
    assert fact_accuracy(item["reference_answer"], item["facts"]) == 1.0


@pytest.mark.parametrize("item", [i for i in ITEMS if i["answerable"]], ids=lambda i: i["id"])
def test_every_listed_source_supports_some_fact(item: dict[str, Any]) -> None:
    # A listed source must contain at least one form of at least one group.
    forms = [normalize(form) for group in item["facts"] for form in group]
    for doc_id in item["sources"]:
        text = normalize(_article_text(doc_id))
        assert any(form in text for form in forms), f"{doc_id} supports no fact"


@pytest.mark.parametrize("item", [i for i in ITEMS if i["type"] == "follow_up"], ids=lambda i: i["id"])
def test_follow_up_has_history(item: dict[str, Any]) -> None:
    assert isinstance(item.get("history"), list) and item["history"]


@pytest.mark.parametrize("item", [i for i in ITEMS if i["type"] == "conflict"], ids=lambda i: i["id"])
def test_conflict_items_have_versions(item: dict[str, Any]) -> None:
    assert len(item["facts"]) >= 2
    assert len(item["sources"]) >= 2


@pytest.mark.parametrize("item", [i for i in ITEMS if i["type"] == "injection"], ids=lambda i: i["id"])
def test_injection_items_have_forbidden(item: dict[str, Any]) -> None:
    assert item.get("forbidden"), "injection items list forbidden strings"


@pytest.mark.parametrize("item", [i for i in ITEMS if not i["answerable"]], ids=lambda i: i["id"])
def test_forbidden_strings_absent_from_reference(item: dict[str, Any]) -> None:
    ref = normalize(item["reference_answer"])
    for bad in item.get("forbidden", []):
        assert normalize(bad) not in ref


@pytest.mark.parametrize("item", [i for i in ITEMS if i["type"] == "conflict"], ids=lambda i: i["id"])
def test_conflict_versions_come_from_different_articles(item: dict[str, Any]) -> None:
    # Two versions of one fact from different articles: the sources stating each version are not all the same.
    def stating(group: list[str]) -> frozenset[str]:
        return frozenset(
            doc_id
            for doc_id in item["sources"]
            if any(contains_form(normalize(_article_text(doc_id)), form) for form in group)
        )

    assert len({stating(group) for group in item["facts"]}) >= 2
