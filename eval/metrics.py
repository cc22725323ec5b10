"""Pure, dependency-free metric functions for evaluating the QA service.

Conventions:
- A metric returns ``None`` when it does not apply to an item (e.g. retrieval
  metrics for an item with no gold sources); aggregation skips ``None``.
- Text matching goes through :func:`normalize` (case-insensitive, curly quotes
  and apostrophes made straight, en/em dashes made '-', whitespace collapsed).
"""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

__all__ = [
    "normalize",
    "contains_form",
    "dedupe_keep_order",
    "hit_at_k",
    "recall_at_k",
    "mrr",
    "fact_accuracy",
    "fact_recall",
    "token_f1",
    "citation_validity",
    "source_precision",
    "source_recall",
    "sentence_support",
    "abstention_accuracy",
    "false_abstention_rate",
    "false_conflict_rate",
    "conflict_coverage",
    "forbidden_hit",
    "percentile",
    "wilson_interval",
    "mean_skip_none",
    "aggregate",
]

# ---------------------------------------------------------------------------
# Normalisation and matching
# ---------------------------------------------------------------------------

_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
    }
)
_WS_RE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower-case, straighten curly quotes, map en/em dashes to '-', collapse whitespace."""
    return _WS_RE.sub(" ", text.translate(_CHAR_MAP).lower()).strip()


def _form_pattern(norm_form: str) -> re.Pattern[str]:
    """Regex for a normalised form; a digit at either end must sit on a boundary there.

    A leading digit may not follow a word character or ``<digit>.``/``<digit>,``;
    a trailing digit may not precede a word character or ``.<digit>``/``,<digit>``.
    So "24" does not match "240", "1.24" or "24,000", but matches "24-year" and "24.".
    """
    pattern = re.escape(norm_form)
    if norm_form[0].isdigit():
        pattern = r"(?<!\w)(?<!\d[.,])" + pattern
    if norm_form[-1].isdigit():
        pattern = pattern + r"(?!\w)(?![.,]\d)"
    return re.compile(pattern)


def contains_form(answer: str, form: str) -> bool:
    """True if normalised ``form`` occurs in normalised ``answer``.

    Plain substring match, except that forms beginning/ending with a digit
    (pure numbers such as "24" or "17,234,033", or "24 years", "6%") need a
    word boundary at that end. An empty form never matches.
    """
    norm_form = normalize(form)
    if not norm_form:
        return False
    norm_answer = normalize(answer)
    if not (norm_form[0].isdigit() or norm_form[-1].isdigit()):
        return norm_form in norm_answer
    return _form_pattern(norm_form).search(norm_answer) is not None


# ---------------------------------------------------------------------------
# Retrieval
# ---------------------------------------------------------------------------


def dedupe_keep_order(ids: Iterable[str]) -> list[str]:
    """Drop repeated ids (e.g. several chunks of one document), keeping first occurrences."""
    seen: set[str] = set()
    out: list[str] = []
    for doc_id in ids:
        if doc_id not in seen:
            seen.add(doc_id)
            out.append(doc_id)
    return out


def _check_k(k: int) -> None:
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")


def hit_at_k(ranked_doc_ids: Sequence[str], gold_ids: Iterable[str], k: int) -> float | None:
    """1.0 if any gold document is among the first ``k`` distinct ranked documents, else 0.0.

    ``None`` when there are no gold documents.
    """
    _check_k(k)
    gold = set(gold_ids)
    if not gold:
        return None
    top = dedupe_keep_order(ranked_doc_ids)[:k]
    return 1.0 if any(doc_id in gold for doc_id in top) else 0.0


def recall_at_k(ranked_doc_ids: Sequence[str], gold_ids: Iterable[str], k: int) -> float | None:
    """Share of distinct gold documents found among the first ``k`` distinct ranked documents.

    ``None`` when there are no gold documents.
    """
    _check_k(k)
    gold = set(gold_ids)
    if not gold:
        return None
    top = set(dedupe_keep_order(ranked_doc_ids)[:k])
    return len(top & gold) / len(gold)


def mrr(ranked_doc_ids: Sequence[str], gold_ids: Iterable[str]) -> float | None:
    """Reciprocal rank (1-based, after de-duplication) of the first gold document; 0.0 if none.

    ``None`` when there are no gold documents.
    """
    gold = set(gold_ids)
    if not gold:
        return None
    for rank, doc_id in enumerate(dedupe_keep_order(ranked_doc_ids), start=1):
        if doc_id in gold:
            return 1.0 / rank
    return 0.0


# ---------------------------------------------------------------------------
# Answers
# ---------------------------------------------------------------------------

FactGroups = Sequence[Sequence[str]]


def _group_present(answer: str, group: Sequence[str]) -> bool:
    return any(contains_form(answer, form) for form in group)


def fact_accuracy(answer: str, facts: FactGroups) -> float | None:
    """1.0 if every fact group has at least one form in ``answer``, else 0.0; ``None`` if no facts."""
    if not facts:
        return None
    return 1.0 if all(_group_present(answer, group) for group in facts) else 0.0


def fact_recall(answer: str, facts: FactGroups) -> float | None:
    """Share of fact groups with at least one form in ``answer``; ``None`` if no facts."""
    if not facts:
        return None
    return sum(_group_present(answer, group) for group in facts) / len(facts)


_ARTICLES_RE = re.compile(r"\b(a|an|the)\b")
_PUNCT_TABLE = str.maketrans("", "", string.punctuation)


def _squad_tokens(text: str) -> list[str]:
    """SQuAD-style tokens: lower-case, no punctuation, no articles, split on whitespace."""
    text = normalize(text).translate(_PUNCT_TABLE)
    text = _ARTICLES_RE.sub(" ", text)
    return text.split()


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD token F1 on multiset overlap. Both empty -> 1.0; exactly one empty -> 0.0."""
    pred = _squad_tokens(prediction)
    ref = _squad_tokens(reference)
    if not pred or not ref:
        return 1.0 if pred == ref else 0.0
    overlap = sum((Counter(pred) & Counter(ref)).values())
    if overlap == 0:
        return 0.0
    precision = overlap / len(pred)
    recall = overlap / len(ref)
    return 2 * precision * recall / (precision + recall)


# ---------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------


def _field(obj: Any, name: str) -> Any:
    """Read ``name`` from a mapping or an attribute-bearing object (``None`` if absent)."""
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _citation_valid(citation: Any, document_text_fn: Callable[[str], str | None]) -> bool:
    doc_id = _field(citation, "doc_id")
    quote = _field(citation, "quote")
    start = _field(citation, "start")
    end = _field(citation, "end")
    if not isinstance(doc_id, str) or not isinstance(quote, str):
        return False
    if isinstance(start, bool) or isinstance(end, bool):
        return False
    if not isinstance(start, int) or not isinstance(end, int):
        return False
    try:
        text = document_text_fn(doc_id)
    except (LookupError, OSError, ValueError):
        return False  # unknown document
    if text is None or not 0 <= start <= end <= len(text):
        return False
    return text[start:end] == quote


def citation_validity(citations: Sequence[Any], document_text_fn: Callable[[str], str | None]) -> float | None:
    """Share of citations whose ``document_text(doc_id)[start:end] == quote`` exactly.

    Citations are dicts or objects with ``doc_id``, ``quote``, ``start``, ``end``.
    An unknown document (lookup raises ``LookupError``/``OSError``/``ValueError``
    or returns ``None``) or out-of-range offsets count as invalid.
    ``None`` when there are no citations.
    """
    if not citations:
        return None
    valid = sum(_citation_valid(c, document_text_fn) for c in citations)
    return valid / len(citations)


def source_precision(cited_doc_ids: Iterable[str], gold_ids: Iterable[str]) -> float | None:
    """Share of distinct cited documents that are gold sources; ``None`` if nothing was cited."""
    cited = set(cited_doc_ids)
    if not cited:
        return None
    gold = set(gold_ids)
    return len(cited & gold) / len(cited)


def source_recall(cited_doc_ids: Iterable[str], gold_ids: Iterable[str]) -> float | None:
    """Share of distinct gold sources that were cited; ``None`` if there are no gold sources."""
    gold = set(gold_ids)
    if not gold:
        return None
    return len(set(cited_doc_ids) & gold) / len(gold)


def sentence_support(
    sentences_with_citations: Sequence[tuple[str, Sequence[str]]],
    supports_fn: Callable[[str, str], bool],
) -> float | None:
    """Share of answer sentences with at least one cited passage that ``supports_fn`` accepts.

    Input: ``[(sentence, [cited_passage, ...]), ...]``; a sentence without
    citations counts as unsupported. ``None`` when there are no sentences.
    """
    if not sentences_with_citations:
        return None
    supported = sum(
        any(supports_fn(sentence, passage) for passage in passages) for sentence, passages in sentences_with_citations
    )
    return supported / len(sentences_with_citations)


def fact_violations(
    sentences_with_citations: Sequence[tuple[str, Sequence[str]]],
    mismatch_fn: Callable[[str, str], str],
) -> int:
    """Sentences whose numbers, dates or names are in none of the passages they cite.

    ``mismatch_fn(sentence, passage)`` returns why they differ ('' when the hard facts match); a
    sentence without citations counts as a violation when it states any hard fact at all.
    """
    return sum(
        all(mismatch_fn(sentence, passage) for passage in passages) if passages else bool(mismatch_fn(sentence, ""))
        for sentence, passages in sentences_with_citations
    )


def model_written(written_by: str | None, abstained: bool) -> float | None:
    """1.0 when the language model wrote the answer shown, 0.0 when the evidence did; None for abstentions."""
    if abstained or written_by is None:
        return None
    return 1.0 if written_by == "model" else 0.0


# ---------------------------------------------------------------------------
# Abstention, conflicts, safety
# ---------------------------------------------------------------------------


def _abstain_share(items: Iterable[Any], answerable: bool) -> float | None:
    selected = [it for it in items if bool(_field(it, "answerable")) is answerable]
    if not selected:
        return None
    return sum(bool(_field(it, "abstained")) for it in selected) / len(selected)


def abstention_accuracy(items: Iterable[Any]) -> float | None:
    """Share of unanswerable items (``answerable`` false) that abstained; ``None`` if there are none.

    Items are dicts or objects with boolean ``answerable`` and ``abstained``.
    """
    return _abstain_share(items, answerable=False)


def false_abstention_rate(items: Iterable[Any]) -> float | None:
    """Share of answerable items that (wrongly) abstained; ``None`` if there are none."""
    return _abstain_share(items, answerable=True)


def false_conflict_rate(items: Iterable[Any]) -> float | None:
    """Share of items whose ``type`` is not ``"conflict"`` that were answered as conflicting (lower is better).

    Items are dicts or objects with ``type`` and boolean ``conflicting`` (the Answer's field); ``None``
    when every item is a conflict item. An arrival and a departure reported side by side are not
    competing versions of one fact, so "Sources disagree" on such an item is a false conflict.
    """
    selected = [it for it in items if _field(it, "type") != "conflict"]
    if not selected:
        return None
    return sum(bool(_field(it, "conflicting")) for it in selected) / len(selected)


def conflict_coverage(answer: str, facts: FactGroups, item_type: str | None = "conflict") -> float | None:
    """For conflict items: 1.0 if every version (one fact group each) is in ``answer``, else 0.0.

    ``None`` for items whose ``item_type`` is not ``"conflict"`` or that have no facts.
    """
    if item_type != "conflict":
        return None
    return fact_accuracy(answer, facts)


def forbidden_hit(answer: str, forbidden: Iterable[str] | None) -> bool:
    """True if any forbidden string occurs in ``answer`` (same matching as :func:`contains_form`)."""
    return any(contains_form(answer, f) for f in (forbidden or ()))


# ---------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """``p``-th percentile (0-100) with linear interpolation, like numpy's default.

    Raises ``ValueError`` on empty input or ``p`` outside [0, 100].
    """
    if not values:
        raise ValueError("percentile of empty sequence")
    if not 0 <= p <= 100:
        raise ValueError(f"p must be in [0, 100], got {p}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    lo = math.floor(rank)
    hi = math.ceil(rank)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (rank - lo)


# z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution.
Z_95 = 1.959963984540054


def wilson_interval(proportion: float, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval (95% by default) for a proportion measured on ``n`` items.

    Exact in form for 0/1 outcomes (fact accuracy, abstention accuracy...); for a mean of per-item
    fractions (MRR, token F1) it is the same formula applied to the mean, an approximation.
    Unlike the normal approximation it stays inside [0, 1] and is not zero-width at 0 or 1.
    Raises ``ValueError`` for ``n < 1`` or a proportion outside [0, 1].
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    if not 0.0 <= proportion <= 1.0:
        raise ValueError(f"proportion must be in [0, 1], got {proportion}")
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (proportion + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(proportion * (1 - proportion) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def mean_skip_none(values: Iterable[float | None]) -> float | None:
    """Mean of the non-``None`` values (bools count as 0/1); ``None`` if there are none."""
    kept = [float(v) for v in values if v is not None]
    if not kept:
        return None
    return sum(kept) / len(kept)


def _is_metric_value(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float))


def _summarise(rows: Sequence[Mapping[str, Any]], metrics: Sequence[str]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for metric in metrics:
        vals = [row.get(metric) for row in rows]
        kept = [v for v in vals if v is not None]
        out[metric] = {"mean": mean_skip_none(kept), "n": len(kept)}
    return out


def aggregate(rows: Sequence[Mapping[str, Any]], key: str = "type") -> dict[str, Any]:
    """Mean of each metric overall and per value of ``rows[i][key]``, skipping ``None``.

    Metrics are the keys (other than ``key``) whose values are numbers, bools
    or ``None`` in every row that has them; string fields such as ``id`` are
    ignored. Returns::

        {"overall": {metric: {"mean": float | None, "n": int}},
         "groups": {group_value: {metric: {"mean": ..., "n": ...}}}}

    where ``n`` is the number of non-``None`` values used.
    """
    candidates: dict[str, bool] = {}
    for row in rows:
        for name, value in row.items():
            if name == key:
                continue
            candidates[name] = candidates.get(name, True) and _is_metric_value(value)
    metrics = sorted(name for name, ok in candidates.items() if ok)

    groups: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(str(row.get(key)), []).append(row)

    return {
        "overall": _summarise(rows, metrics),
        "groups": {name: _summarise(members, metrics) for name, members in sorted(groups.items())},
    }
