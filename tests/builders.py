"""Small builders the unit tests share: evidence sentences, an answerability verdict on them, and a store of
articles written for a test, ingested with the offline fakes."""

from __future__ import annotations

from pathlib import Path

from fakes import HashingEmbedder

from qa.answer import Evidence
from qa.answerability import judge
from qa.composition import build_assistant
from qa.question import analyse
from qa.settings import Settings
from qa.text import TermStats

# Score of the first sentence handed to ``judge``; each later one scores a hundredth less, above the threshold.
FIRST_SCORE = 0.8
THRESHOLD = 0.5


def ev(text: str, score: float, doc: str, closeness: float = 0.4, before: Evidence | None = None) -> Evidence:
    """An evidence sentence standing alone in its document."""
    return Evidence(
        doc_id=doc, title=doc, start=0, end=len(text), text=text, score=score, closeness=closeness, before=before
    )


def verdict(question: str, *sentences: str, closeness: float = 0.4) -> bool:
    """Would the question be answered from these sentences (best first, each from its own document)?"""
    stats = TermStats(sentences)
    evidence = [ev(s, FIRST_SCORE - i * 0.01, f"{i}.txt", closeness) for i, s in enumerate(sentences)]
    return judge(analyse(question), evidence, stats, threshold=THRESHOLD).answerable


def article_store(root: Path, articles: dict[str, str]) -> Path:
    """A store under ``root`` holding these articles (file name -> text), ingested with the hashing embedder."""
    (root / "articles").mkdir()
    for name, text in articles.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    assistant = build_assistant(
        Settings(data_dir=root / "store", auto_ingest_bundled=False), embedder=HashingEmbedder(), generator=None
    )
    assistant.ingest([root / "articles"])
    return root / "store"
