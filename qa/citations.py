"""Answer sentences and the numbering of the passages they cite."""

from __future__ import annotations

from dataclasses import dataclass

from qa.answer import Citation, Evidence, Sentence


@dataclass(frozen=True)
class AnswerSentence:
    """A sentence of the answer (without markers) and the evidence that backs it."""

    text: str
    sources: tuple[Evidence, ...]


class CitationBook:
    """Numbers cited passages in order of first use, so ``[n]`` matches ``citations[n-1]``."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, int, int], int] = {}
        self._citations: list[Citation] = []
        self._sentences: list[Sentence] = []

    def render(self, sentence: AnswerSentence) -> str:
        """The sentence with its ``[n]`` markers; it is also recorded in ``sentences()``."""
        numbers = list(dict.fromkeys(self._number(source) for source in sentence.sources))
        self._sentences.append(Sentence(text=sentence.text, citations=numbers))
        markers = "".join(f"[{n}]" for n in numbers)
        return f"{sentence.text} {markers}".strip()

    def sentences(self) -> list[Sentence]:
        return list(self._sentences)

    def citations(self) -> list[Citation]:
        return list(self._citations)

    def _number(self, source: Evidence) -> int:
        key = (source.doc_id, source.start, source.end)
        if key not in self._numbers:
            n = len(self._citations) + 1
            self._numbers[key] = n
            self._citations.append(
                Citation(
                    n=n,
                    doc_id=source.doc_id,
                    title=source.title,
                    quote=source.text,
                    start=source.start,
                    end=source.end,
                    score=source.score,
                )
            )
        return self._numbers[key]
