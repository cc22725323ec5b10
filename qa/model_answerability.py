"""The model's say on answerability, combined with the evidence rules: neither decides alone.

The evidence rules (``qa.answerability``) run first and can abstain before any model is asked. When
they let a question through, the model may still reply that the passages do not answer it (the
abstain token, or a polite refusal). That "no" stands when the evidence is only moderately close; when
the evidence is strong it is overruled and the evidence sentences are shown, saying so.
"""

from __future__ import annotations

# Evidence scoring this far above the abstention threshold outweighs the model's "not in the articles".
# On the development sets (e5) answerable items' top evidence sits mostly 0.1-0.25 above the threshold,
# while the unanswerable items that get past the rules sit within about 0.05 of it.
CONFIDENT_MARGIN = 0.08


def model_no_stands(top_score: float, threshold: float) -> bool:
    """True when the model's "the passages don't answer" should be followed."""
    return top_score < threshold + CONFIDENT_MARGIN


def overruled_reason(top_score: float, threshold: float) -> str:
    return (
        f"the model said the passages do not answer, but the evidence is strong "
        f"(score {top_score:.2f}, threshold {threshold:.2f}): the evidence sentences are shown"
    )


def upheld_reason(top_score: float, threshold: float) -> str:
    return (
        f"the language model found no answer in the passages, and the evidence is not strong enough to overrule it "
        f"(score {top_score:.2f}, threshold {threshold:.2f})"
    )
