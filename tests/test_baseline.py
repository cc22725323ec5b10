"""The llama-index baseline: default splitter in Chroma, CitationQueryEngine, the project's models."""

from __future__ import annotations

from pathlib import Path

import llama_index.core
import numpy as np
import pytest
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.query_engine.citation_query_engine import CITATION_QA_TEMPLATE, CITATION_REFINE_TEMPLATE

from eval.baseline import ProjectEmbedding, build_index, first_sentence_answer, load_articles, open_baseline
from tests.fakes import HashingEmbedder, ScriptedGenerator

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
QUESTION = "Which US National Security Council spokesman said Washington was concerned about the ties?"


def _article(doc_id: str) -> str:
    return (ARTICLES / doc_id).read_text(encoding="utf-8")


@pytest.fixture
def settings(settings_factory):  # type: ignore[no-untyped-def]
    made = settings_factory()
    build_index(made, HashingEmbedder())
    return made


def test_index_uses_llama_index_default_chunks(settings_factory) -> None:  # type: ignore[no-untyped-def]
    expected = len(SentenceSplitter().get_nodes_from_documents(load_articles()))
    assert build_index(settings_factory(), HashingEmbedder()) == expected


def test_no_generator_rows_cite_verbatim_passages(settings) -> None:  # type: ignore[no-untyped-def]
    pipeline = open_baseline(settings, HashingEmbedder(), None)
    row = pipeline.answer(QUESTION)

    assert pipeline.backend == "extractive" and "no generator" in pipeline.label
    assert row["text"].endswith(" [1]") and not row["abstained"]
    [citation] = row["citations"]
    assert citation["n"] == 1 and (ARTICLES / citation["doc_id"]).is_file()
    assert _article(citation["doc_id"])[citation["start"] : citation["end"]] == citation["quote"]
    assert citation["quote"].startswith(row["text"].removesuffix(" [1]"))  # the first sentence of Source 1
    assert row["retrieved_doc_ids"][0] == citation["doc_id"]
    assert pipeline.document_text(citation["doc_id"]) == _article(citation["doc_id"])
    # Nothing was resolved through llama-index's globals (that is where the OpenAI fallback lives).
    assert llama_index.core.Settings._llm is None and llama_index.core.Settings._embed_model is None


def test_the_project_generator_answers_through_custom_llm(settings) -> None:  # type: ignore[no-untyped-def]
    generator = ScriptedGenerator(["John Kirby said so [1].", "None of the sources are helpful."])
    pipeline = open_baseline(settings, HashingEmbedder(), generator)

    row = pipeline.answer(QUESTION)
    assert row["text"] == "John Kirby said so [1]."
    [prompt] = generator.requests[0]
    assert prompt["role"] == "user" and QUESTION in prompt["content"] and "Source 1:" in prompt["content"]
    citation = row["citations"][0]
    assert _article(citation["doc_id"])[citation["start"] : citation["end"]] == citation["quote"]
    assert citation["quote"] in prompt["content"]  # the quote is the passage the model was shown

    assert pipeline.answer(QUESTION)["abstained"] is True  # "none of the sources" is the engine's abstention
    pipeline.close()
    assert generator.closed


def test_first_sentence_answer_reads_the_real_sources_not_the_worked_example() -> None:
    prompt = CITATION_QA_TEMPLATE.format(
        context_str="Source 1:\nPutin arrived on Wednesday. Kim met him.\n\nSource 2:\nOther text.\n", query_str="When?"
    )
    assert first_sentence_answer(prompt) == "Putin arrived on Wednesday. [1]"
    refine = CITATION_REFINE_TEMPLATE.format(
        existing_answer="Kept [1].", context_msg="Source 3:\nMore.\n", query_str="q"
    )
    assert first_sentence_answer(refine) == "Kept [1]."


def test_project_embedding_returns_the_project_vectors() -> None:
    embedder = HashingEmbedder()
    wrapped = ProjectEmbedding(embedder)
    assert np.allclose(wrapped.get_query_embedding("Putin in Pyongyang"), embedder.embed_query("Putin in Pyongyang"))
    assert np.allclose(
        wrapped.get_text_embedding_batch(["a visit", "a pact"]), embedder.embed_passages(["a visit", "a pact"])
    )
    assert not np.allclose(wrapped.get_query_embedding("a visit"), wrapped.get_query_embedding("a pact"))
