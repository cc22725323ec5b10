"""The model may not make an answer worse: it must keep what the evidence answer gives of what is asked.

Questions and articles here are about other topics than the bundled ones (a bridge, a football club,
a museum), so the rule is general, not fitted to the evaluation questions.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import article_store
from fakes import HashingEmbedder, ScriptedGenerator

from qa.answer import Answer
from qa.carries import carried_by, lost
from qa.composition import build_assistant
from qa.question import analyse
from qa.settings import Settings

BRIDGE = (
    "Harbour bridge reopens after repairs\n\n"
    "The Kestrel harbour bridge reopened on Tuesday after eight months of repairs. "
    "Mayor Lena Hartmann cut a ribbon at the western end of the bridge. "
    "The repair cost 48 million euros, the city council said. "
    "Engineers from the firm Brightwater Structures replaced 140 steel cables on the bridge.\n"
)


# ----- the rule on its own ------------------------------------------------------------------------------
def test_a_date_answer_that_lost_the_evidence_date_falls_short() -> None:
    question = analyse("When did the Kestrel harbour bridge reopen?")
    carried = carried_by(question, ["The Kestrel harbour bridge reopened on Tuesday after eight months of repairs."])
    assert "tuesday" in carried.values
    reason = lost(question, carried, "The harbour bridge reopened after months of repairs.")
    assert "left out the asked date" in reason and "tuesday" in reason
    assert lost(question, carried, "It reopened on Tuesday.") == ""


def test_a_number_answer_must_keep_the_evidence_number_not_just_any_number() -> None:
    question = analyse("How much did the repair of the bridge cost?")
    carried = carried_by(question, ["The repair cost 48 million euros, the city council said."])
    assert lost(question, carried, "The repair cost 48 million euros.") == ""
    assert "left out the asked number" in lost(question, carried, "The repair took 8 months.")


def test_a_who_answer_must_keep_the_name_the_evidence_gives() -> None:
    question = analyse("Who cut the ribbon at the reopening of the bridge?")
    carried = carried_by(question, ["Mayor Lena Hartmann cut a ribbon at the western end of the bridge."])
    assert "Hartmann" in carried.names
    assert lost(question, carried, "Lena Hartmann cut the ribbon.") == ""
    assert "left out the asked name" in lost(question, carried, "The mayor cut a ribbon at the western end.")


def test_a_several_part_question_must_keep_every_part_the_evidence_covers() -> None:
    question = analyse("Who scored for Ajax and when did the winning goal come?")
    assert question.several
    evidence = ["Striker Brian Brobbey scored for Ajax in the 88th minute, the winning goal of the night."]
    carried = carried_by(question, evidence)
    assert "left out part of the question" in lost(question, carried, "Brian Brobbey scored for Ajax.")
    assert lost(question, carried, "Brian Brobbey scored the winning goal for Ajax in the 88th minute.") == ""
    assert "left out the asked name" in lost(question, carried, "The winning goal for Ajax was scored late.")


def test_without_a_value_in_the_evidence_the_model_cannot_lose_one() -> None:
    question = analyse("When did the museum open its new wing?")
    carried = carried_by(question, ["The museum opened its new wing to visitors."])
    assert not carried.kind
    assert lost(question, carried, "The museum opened its new wing.") == ""


def test_a_reason_question_has_no_value_to_lose() -> None:
    question = analyse("Why did the museum close its east wing?")
    carried = carried_by(question, ["The east wing closed because its roof leaked."])
    assert lost(question, carried, "Its roof leaked.") == ""


# ----- through the one road: what the user sees -------------------------------------------------------
@pytest.fixture(scope="module")
def bridge_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bridge")
    return article_store(root, {"bridge.txt": BRIDGE})


def ask(store: Path, question: str, *replies: str) -> Answer:
    generator = ScriptedGenerator(replies) if replies else None
    settings = Settings(data_dir=store, auto_ingest_bundled=False)
    return build_assistant(settings, embedder=HashingEmbedder(), generator=generator).ask(question)


def test_a_verified_model_answer_that_lost_the_asked_date_gives_the_evidence(bridge_store: Path) -> None:
    question = "When did the Kestrel harbour bridge reopen?"
    extractive = ask(bridge_store, question)  # no model: the evidence answer
    assert "Tuesday" in extractive.text
    # Both replies are backed by the passage (verification keeps them), but neither says when.
    answer = ask(
        bridge_store,
        question,
        "The Kestrel harbour bridge reopened after eight months of repairs [1].",
        "The bridge reopened after repairs [1].",
    )
    assert answer.written_by == "evidence"
    assert "left out the asked date" in answer.written_by_reason
    assert "Tuesday" in answer.text
    assert answer.dropped_sentences and all("left out" in d.reason for d in answer.dropped_sentences)


def test_a_model_answer_that_keeps_the_asked_value_is_the_models(bridge_store: Path) -> None:
    answer = ask(bridge_store, "When did the Kestrel harbour bridge reopen?", "The bridge reopened on Tuesday [1].")
    assert answer.written_by == "model"
    assert answer.text.startswith("The bridge reopened on Tuesday")


def test_the_model_reads_at_most_model_passages_passages(bridge_store: Path) -> None:
    generator = ScriptedGenerator(["The bridge reopened on Tuesday [1]."])
    settings = Settings(data_dir=bridge_store, auto_ingest_bundled=False, model_passages=1, window_radius=0)
    build_assistant(settings, embedder=HashingEmbedder(), generator=generator).ask(
        "When did the Kestrel harbour bridge reopen?"
    )
    prompt = generator.requests[0][-1]["content"]
    shown = prompt.split("Now answer this one")[1]
    assert "[1] " in shown and "[2] " not in shown, "one passage of one sentence"


def test_a_true_model_answer_that_does_not_say_the_answer_is_followed_by_the_evidence_sentence() -> None:
    from qa.answer import Evidence
    from qa.carries import unsaid
    from qa.citations import AnswerSentence

    question = analyse("What did the engineers replace on the bridge?")
    source = Evidence(doc_id="b.txt", title="b", start=0, end=10, text="x", score=1.0)
    best = AnswerSentence(
        text="Engineers from the firm Brightwater Structures replaced 140 steel cables on the bridge.",
        sources=(source,),
    )
    assert unsaid(question, "The engineers worked on the bridge for months.", [best]) == [best]
    assert unsaid(question, "Brightwater Structures engineers replaced 140 steel cables.", [best]) == []


def test_the_evidence_sentence_follows_a_model_answer_that_misses_it(bridge_store: Path) -> None:
    question = "What did the engineers replace on the bridge?"
    answer = ask(bridge_store, question, "The engineers from Brightwater Structures worked on the bridge [1].")
    assert answer.written_by == "model"
    assert answer.text.startswith("The engineers from Brightwater Structures worked on the bridge")
    assert "140 steel cables" in answer.text
    assert "added" in answer.written_by_reason
    settings = Settings(data_dir=bridge_store, auto_ingest_bundled=False, evidence_complement=False)
    generator = ScriptedGenerator(["The engineers from Brightwater Structures worked on the bridge [1]."])
    plain = build_assistant(settings, embedder=HashingEmbedder(), generator=generator).ask(question)
    assert "140 steel cables" not in plain.text
