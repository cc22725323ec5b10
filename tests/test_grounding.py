"""Generated sentences are kept only with citations that support them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import HashingEmbedder, ScriptedGenerator

from qa.answer import Answer, Evidence
from qa.assistant import ABSTAIN_TEXT, Assistant
from qa.composition import build_assistant
from qa.grounding import ABSTAIN_TOKEN, SENTENCE_TOKENS, STOP, GroundedWriter, split_claims, verify_claim
from qa.question import analyse
from qa.settings import Settings
from qa.support import supports
from qa.windows import Passage, WindowMaker

QUESTION = "What was Putin's first visit to North Korea in 24 years marked by?"
UNITY = "elaborate display of unity"  # in one bundled article's sentence about the visit
KIM_TRIP = "follows a trip by North Korean dictator Kim Jong-un"  # in another's


def evidence(text: str, doc_id: str = "a.txt", start: int = 0) -> Evidence:
    return Evidence(doc_id=doc_id, title=doc_id, start=start, end=start + len(text), text=text, score=0.8)


BRIDGE = evidence("The harbour bridge reopened on Monday after a repair that cost 48 million euros.")
MAYOR = evidence("Mayor Lena Hartmann cut a ribbon at the western end of the bridge.", doc_id="b.txt", start=100)


# ----- claims, one at a time ---------------------------------------------------------------------
def test_split_claims_moves_leading_markers_to_the_sentence_before() -> None:
    assert split_claims("First claim. [1] Second claim. [2][3]") == ["First claim.[1]", "Second claim.[2][3]"]
    assert split_claims("Mr. Smith said so [1]. Another one") == ["Mr. Smith said so [1].", "Another one"]


def test_supported_claim_keeps_its_citation() -> None:
    kept = verify_claim("The bridge reopened on Monday [1].", [BRIDGE, MAYOR])

    assert kept is not None
    assert kept.text == "The bridge reopened on Monday."
    assert kept.sources == (BRIDGE,)


def test_wrong_number_is_dropped() -> None:
    assert verify_claim("The repair cost 84 million euros [1].", [BRIDGE, MAYOR]) is None


def test_invented_fact_is_dropped() -> None:
    assert verify_claim("The bridge reopened on June 19, 2018 [1].", [BRIDGE, MAYOR]) is None
    assert verify_claim("The bridge was painted bright green by volunteers [1].", [BRIDGE, MAYOR]) is None


def test_miscited_claim_is_recited_to_the_passage_that_supports_it() -> None:
    recited = verify_claim("Mayor Lena Hartmann cut a ribbon at the bridge [1].", [BRIDGE, MAYOR])

    assert recited is not None
    assert recited.sources == (MAYOR,)


def test_only_supporting_citations_are_kept() -> None:
    kept = verify_claim("The repair cost 48 million euros [1][2].", [BRIDGE, MAYOR])

    assert kept is not None
    assert kept.sources == (BRIDGE,)


def test_citation_numbers_out_of_range_are_ignored() -> None:
    kept = verify_claim("The bridge reopened on Monday [7].", [BRIDGE, MAYOR])

    assert kept is not None and kept.sources == (BRIDGE,)


def test_abstain_token_is_never_a_claim() -> None:
    assert verify_claim(f"{ABSTAIN_TOKEN} [1]", [BRIDGE]) is None


def test_a_finished_cited_sentence_is_shown_before_the_reply_ends() -> None:
    generator = ScriptedGenerator(["The bridge reopened on Monday [1]. Mayor Lena Hartmann cut a ribbon there [2]."])
    writer = GroundedWriter(generator, max_sentences=2)

    sentences = writer.sentences(analyse("What happened to the bridge?"), [BRIDGE, MAYOR])
    first = next(sentences)

    assert first.text == "The bridge reopened on Monday."
    assert generator.words_left > 0, "the model was still writing its second sentence"
    assert [s.text for s in sentences] == ["Mayor Lena Hartmann cut a ribbon there."]


def test_a_sentence_without_its_marker_waits_for_the_next() -> None:
    # "... Monday." may go on with " [1]" or a clause: it is checked once the next sentence starts.
    second = "Mayor Lena Hartmann cut a ribbon there [2]."
    generator = ScriptedGenerator([f"The bridge reopened on Monday. {second}"])
    writer = GroundedWriter(generator, max_sentences=2)

    sentences = writer.sentences(analyse("What happened to the bridge?"), [BRIDGE, MAYOR])
    first = next(sentences)

    assert first.text == "The bridge reopened on Monday."
    assert generator.words_left < len(second.split(" "))


def test_the_reply_is_not_read_past_the_sentences_asked_for() -> None:
    reply = "The bridge reopened on Monday [1]. Mayor Lena Hartmann cut a ribbon [2]. The mayor then spoke at length"
    generator = ScriptedGenerator([reply])
    writer = GroundedWriter(generator, max_sentences=1)

    sentences = list(writer.sentences(analyse("What happened to the bridge?"), [BRIDGE, MAYOR]))

    assert [s.text for s in sentences] == ["The bridge reopened on Monday."]
    assert generator.pieces_sent < len(reply.split(" ")), "the stream was closed once one sentence was shown"


def test_each_call_asks_for_stop_strings_and_tokens_for_the_sentences_wanted() -> None:
    generator = ScriptedGenerator(["The bridge reopened on Monday [1].\n\nQuestion: When did the bridge reopen?"])
    writer = GroundedWriter(generator, max_sentences=2)

    sentences = list(writer.sentences(analyse("When did the bridge reopen?"), [BRIDGE, MAYOR]))

    assert [s.text for s in sentences] == ["The bridge reopened on Monday."]
    assert not writer.dropped, "what follows the blank line was never sent"
    [(stop, max_tokens)] = generator.limits
    assert set(STOP) <= set(stop) and max_tokens == 2 * SENTENCE_TOKENS


def test_the_retry_repeats_the_first_prompt_and_adds_its_rule_before_the_cue() -> None:
    generator = ScriptedGenerator(["[1] [2]", "The bridge reopened on Monday [1]."])
    writer = GroundedWriter(generator, max_sentences=2)

    sentences = list(writer.sentences(analyse("When did the bridge reopen?"), [BRIDGE, MAYOR]))

    assert [s.text for s in sentences] == ["The bridge reopened on Monday."]
    first, retry = generator.requests
    assert retry[0] == first[0], "the same system rules: the prompt cache keeps them"
    head = first[1]["content"].removesuffix("Answer:")
    assert retry[1]["content"].startswith(head) and retry[1]["content"].endswith("Answer:")
    assert "ONE sentence" in retry[1]["content"][len(head) :]


def test_without_the_retry_a_failed_reply_is_the_only_call() -> None:
    generator = ScriptedGenerator(["[1] [2]", "The bridge reopened on Monday [1]."])
    writer = GroundedWriter(generator, max_sentences=2, retry=False)

    sentences = list(writer.sentences(analyse("When did the bridge reopen?"), [BRIDGE, MAYOR]))

    assert sentences == [] and len(generator.requests) == 1
    assert writer.written_by_reason == "the model replied with passage numbers only"


def test_writer_verifies_a_stream_sentence_by_sentence() -> None:
    generator = ScriptedGenerator(
        [
            "The bridge reopened on Monday [1]. The repair cost 84 million euros [1]. Mayor Lena Hartmann cut a ribbon [1]."
        ]
    )
    writer = GroundedWriter(generator, max_sentences=3)

    sentences = list(writer.sentences(analyse("What happened to the bridge?"), [BRIDGE, MAYOR]))

    assert [(s.text, s.sources) for s in sentences] == [
        ("The bridge reopened on Monday.", (BRIDGE,)),
        ("Mayor Lena Hartmann cut a ribbon.", (MAYOR,)),
    ]
    assert [(d.text, d.reason) for d in writer.dropped] == [
        ("The repair cost 84 million euros [1].", "number 84 is not in the cited passage")
    ]
    assert not writer.abstained_by_model


def test_writer_notices_the_abstain_token() -> None:
    writer = GroundedWriter(ScriptedGenerator([ABSTAIN_TOKEN]), max_sentences=3)

    assert list(writer.sentences(analyse("Who won the match?"), [BRIDGE])) == []
    assert writer.abstained_by_model


# ----- through the assistant, over the bundled articles --------------------------------------------
@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("grounding-store")


def assistant_with(store_dir: Path, generator: ScriptedGenerator | None) -> Assistant:
    # Without the evidence complement: these tests read what verification keeps of the model's own sentences
    # (tests/test_carries.py covers the evidence sentences that may follow them).
    settings = Settings(data_dir=store_dir, evidence_complement=False)
    return build_assistant(settings, embedder=HashingEmbedder(), generator=generator)


@pytest.fixture(scope="module")
def passages(store_dir: Path) -> list[Passage]:
    """The numbered passages (sentence windows) the generator is shown for QUESTION."""
    assistant = assistant_with(store_dir, None)
    settings = assistant.settings
    evidence = assistant.ask(QUESTION).evidence[: settings.evidence_sentences]
    return WindowMaker(assistant.document_text, radius=settings.window_radius).passages(evidence)[
        : settings.model_passages
    ]


def number_of(passages: list[Passage], phrase: str) -> int:
    return next(i for i, p in enumerate(passages, start=1) if phrase in p.text)


def rendered_sentences(answer: Answer) -> Iterator[tuple[str, list[int]]]:
    """(sentence, citation numbers) for each sentence of a non-abstained answer."""
    for match in re.finditer(r"(.+?)\s((?:\[\d+\])+)(?:\s|$)", answer.text):
        yield match.group(1), [int(n) for n in re.findall(r"\d+", match.group(2))]


def ask_scripted(store_dir: Path, passages: list[Passage], *replies: str) -> tuple[Answer, Assistant]:
    generator = ScriptedGenerator(replies)
    assistant = assistant_with(store_dir, generator)
    answer = assistant.ask(QUESTION)
    assert len(generator.requests) == len(replies), "the replies scripted are the replies asked for"
    for n, passage in enumerate(passages, start=1):
        shown = " ".join(passage.text.split())
        assert f"[{n}] {shown}" in generator.requests[0][1]["content"], "passage numbering changed"
    assert_every_sentence_is_supported(answer, assistant)
    return answer, assistant


def assert_every_sentence_is_supported(answer: Answer, assistant: Assistant) -> None:
    """The invariant: each sentence is backed by every passage it cites, quoted verbatim."""
    if answer.abstained:
        assert answer.text == ABSTAIN_TEXT and answer.citations == []
        return
    sentences = list(rendered_sentences(answer))
    assert " ".join(f"{s} {''.join(f'[{n}]' for n in ns)}" for s, ns in sentences) == answer.text
    cited: set[int] = set()
    for sentence, numbers in sentences:
        for n in numbers:
            citation = answer.citations[n - 1]
            assert citation.n == n
            assert supports(sentence, citation.quote), (sentence, citation.quote)
            cited.add(n)
    assert cited == set(range(1, len(answer.citations) + 1))
    for citation in answer.citations:
        assert assistant.document_text(citation.doc_id)[citation.start : citation.end] == citation.quote


def test_sentence_citing_the_right_passage_is_kept(store_dir: Path, passages: list[Passage]) -> None:
    k = number_of(passages, UNITY)

    answer, _ = ask_scripted(
        store_dir, passages, f"The visit was marked by an elaborate display of unity and influence [{k}]."
    )

    assert answer.text == "The visit was marked by an elaborate display of unity and influence. [1]"
    assert answer.written_by == "model" and answer.written_by_reason == ""
    [citation] = answer.citations
    assert citation.quote == passages[k - 1].center.text


def test_sentence_with_a_wrong_number_is_not_kept(store_dir: Path, passages: list[Passage]) -> None:
    k = number_of(passages, UNITY)

    answer, _ = ask_scripted(
        store_dir,
        passages,
        f"It was Putin's first visit to North Korea in 42 years, marked by a display of unity [{k}].",
        ABSTAIN_TOKEN,
    )

    assert "42" not in answer.text
    assert answer.dropped_sentences[0].reason == "number 42 is not in the cited passage"


def test_invented_fact_is_removed_and_the_supported_one_kept(store_dir: Path, passages: list[Passage]) -> None:
    k = number_of(passages, UNITY)

    answer, _ = ask_scripted(
        store_dir,
        passages,
        f"Putin arrived on June 19, 2018 [{k}]. The visit was marked by an elaborate display of unity [{k}].",
    )

    assert "2018" not in answer.text
    assert answer.text == "The visit was marked by an elaborate display of unity. [1]"


def test_miscited_sentence_is_recited_to_its_support(store_dir: Path, passages: list[Passage]) -> None:
    right, wrong = number_of(passages, UNITY), number_of(passages, KIM_TRIP)
    assert right != wrong

    answer, _ = ask_scripted(
        store_dir, passages, f"The visit was marked by an elaborate display of unity and influence [{wrong}]."
    )

    [citation] = answer.citations
    assert citation.quote == passages[right - 1].center.text
    assert KIM_TRIP not in citation.quote


def test_no_supported_sentence_falls_back_to_verbatim_evidence(store_dir: Path, passages: list[Passage]) -> None:
    answer, assistant = ask_scripted(
        store_dir, passages, "Putin arrived on June 19, 2018 [1]. He rode a purple elephant [2].", "[1] [2] [3]"
    )

    assert not answer.abstained
    assert answer.written_by == "evidence"
    assert "replied with passage numbers only" in answer.written_by_reason
    assert any("2018" in d.reason for d in answer.dropped_sentences)
    assert "2018" not in answer.text and "elephant" not in answer.text
    for sentence, numbers in rendered_sentences(answer):
        assert [answer.citations[n - 1].quote for n in numbers] == [sentence]


def test_model_abstaining_on_strong_evidence_is_overruled(store_dir: Path, passages: list[Passage]) -> None:
    answer, _ = ask_scripted(store_dir, passages, ABSTAIN_TOKEN)

    assert not answer.abstained
    assert answer.written_by == "evidence"
    assert "the model said the passages do not answer, but the evidence is strong" in answer.written_by_reason
    assert answer.citations and answer.text.startswith(answer.citations[0].quote)


def test_model_abstaining_on_moderate_evidence_gives_an_abstained_answer(store_dir: Path) -> None:
    top = assistant_with(store_dir, None).ask(QUESTION).evidence[0].score
    generator = ScriptedGenerator([ABSTAIN_TOKEN])
    # Evidence just past the threshold: the rules let the question through, the model's "no" stands.
    assistant = build_assistant(
        Settings(data_dir=store_dir, abstain_threshold=top - 0.01), embedder=HashingEmbedder(), generator=generator
    )

    answer = assistant.ask(QUESTION)

    assert answer.abstained
    assert "the language model found no answer" in answer.abstain_reason
    assert answer.text == ABSTAIN_TEXT
    assert answer.citations == []
    assert answer.evidence, "the evidence looked at is still reported"


def test_competing_versions_go_to_the_conflict_prompt() -> None:
    generator = ScriptedGenerator(["NOT IN ARTICLES"])
    writer = GroundedWriter(generator, max_sentences=3)

    kept, reason = writer.verified_all(analyse("When did the bridge open?"), [BRIDGE, MAYOR], prompt="answer_conflict")

    assert kept == [] and "do not answer" in reason
    user = generator.requests[0][1]["content"]
    assert "The passages disagree" in user and BRIDGE.text in user and MAYOR.text in user
