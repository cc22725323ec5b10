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
from qa.grounding import ABSTAIN_TOKEN, GroundedWriter, split_claims, verify_claim
from qa.question import analyse
from qa.settings import Settings
from qa.support import supports

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
    assert writer.dropped == ["The repair cost 84 million euros [1]."]
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
    return build_assistant(Settings(data_dir=store_dir), embedder=HashingEmbedder(), generator=generator)


@pytest.fixture(scope="module")
def passages(store_dir: Path) -> list[Evidence]:
    """The numbered passages the generator is shown for QUESTION (evidence does not depend on it)."""
    assistant = assistant_with(store_dir, None)
    return assistant.ask(QUESTION).evidence[: assistant.settings.evidence_sentences]


def number_of(passages: list[Evidence], phrase: str) -> int:
    return next(i for i, p in enumerate(passages, start=1) if phrase in p.text)


def rendered_sentences(answer: Answer) -> Iterator[tuple[str, list[int]]]:
    """(sentence, citation numbers) for each sentence of a non-abstained answer."""
    for match in re.finditer(r"(.+?)\s((?:\[\d+\])+)(?:\s|$)", answer.text):
        yield match.group(1), [int(n) for n in re.findall(r"\d+", match.group(2))]


def ask_scripted(store_dir: Path, passages: list[Evidence], reply: str) -> tuple[Answer, Assistant]:
    generator = ScriptedGenerator([reply])
    assistant = assistant_with(store_dir, generator)
    answer = assistant.ask(QUESTION)
    [request] = generator.requests
    for n, passage in enumerate(passages, start=1):
        assert f"[{n}] ({passage.doc_id}) {passage.text}" in request[1]["content"], "passage numbering changed"
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


def test_sentence_citing_the_right_passage_is_kept(store_dir: Path, passages: list[Evidence]) -> None:
    k = number_of(passages, UNITY)

    answer, _ = ask_scripted(
        store_dir, passages, f"The visit was marked by an elaborate display of unity and influence [{k}]."
    )

    assert answer.text == "The visit was marked by an elaborate display of unity and influence. [1]"
    [citation] = answer.citations
    assert citation.quote == passages[k - 1].text


def test_sentence_with_a_wrong_number_is_not_kept(store_dir: Path, passages: list[Evidence]) -> None:
    k = number_of(passages, UNITY)

    answer, _ = ask_scripted(
        store_dir,
        passages,
        f"It was Putin's first visit to North Korea in 42 years, marked by a display of unity [{k}].",
    )

    assert "42" not in answer.text


def test_invented_fact_is_removed_and_the_supported_one_kept(store_dir: Path, passages: list[Evidence]) -> None:
    k = number_of(passages, UNITY)

    answer, _ = ask_scripted(
        store_dir,
        passages,
        f"Putin arrived on June 19, 2018 [{k}]. The visit was marked by an elaborate display of unity [{k}].",
    )

    assert "2018" not in answer.text
    assert answer.text == "The visit was marked by an elaborate display of unity. [1]"


def test_miscited_sentence_is_recited_to_its_support(store_dir: Path, passages: list[Evidence]) -> None:
    right, wrong = number_of(passages, UNITY), number_of(passages, KIM_TRIP)
    assert right != wrong

    answer, _ = ask_scripted(
        store_dir, passages, f"The visit was marked by an elaborate display of unity and influence [{wrong}]."
    )

    [citation] = answer.citations
    assert citation.quote == passages[right - 1].text
    assert KIM_TRIP not in citation.quote


def test_no_supported_sentence_falls_back_to_verbatim_evidence(store_dir: Path, passages: list[Evidence]) -> None:
    answer, assistant = ask_scripted(
        store_dir, passages, "Putin arrived on June 19, 2018 [1]. He rode a purple elephant [2]."
    )

    assert not answer.abstained
    assert "2018" not in answer.text and "elephant" not in answer.text
    for sentence, numbers in rendered_sentences(answer):
        assert [answer.citations[n - 1].quote for n in numbers] == [sentence]


def test_model_abstaining_gives_an_abstained_answer(store_dir: Path, passages: list[Evidence]) -> None:
    answer, _ = ask_scripted(store_dir, passages, ABSTAIN_TOKEN)

    assert answer.abstained
    assert answer.text == ABSTAIN_TEXT
    assert answer.citations == []
    assert answer.evidence, "the evidence looked at is still reported"


def test_competing_versions_are_named_in_the_prompt() -> None:
    from qa.grounding import answer_messages

    plain = answer_messages("When did the bridge open?", [BRIDGE, MAYOR], 3)
    flagged = answer_messages("When did the bridge open?", [BRIDGE, MAYOR], 3, versions=[1, 2])

    assert "different versions" not in plain[1]["content"]
    assert "Passages 1, 2 give different versions of the asked fact" in flagged[1]["content"]


def test_the_writer_sends_the_versions_it_is_given() -> None:
    generator = ScriptedGenerator(["NOT IN ARTICLES"])
    writer = GroundedWriter(generator, max_sentences=3)

    list(writer.sentences(analyse("When did the bridge open?"), [BRIDGE, MAYOR], versions=[MAYOR]))

    assert "Passages 2 give different versions" in generator.requests[0][1]["content"]
