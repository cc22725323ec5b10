"""The real offline embedders: batches give the same vectors, in the same order, as one text at a time."""

from __future__ import annotations

import numpy as np
import pytest

from index.embedders import make_embedder

TEXTS = [
    "Putin arrived in Pyongyang.",
    "The two leaders signed a comprehensive strategic partnership treaty that includes a mutual defence clause.",
    "Kim met him at the airport.",
    "",
    "Russia and North Korea pledged to help each other if either is attacked, according to the text published by state media.",
]


@pytest.mark.parametrize("name", ["minilm", "e5"])
def test_batch_matches_one_at_a_time_in_order(name: str) -> None:
    embedder = make_embedder(name)
    batch = embedder.embed_passages(TEXTS)
    single = np.vstack([embedder.embed_passages([t]) for t in TEXTS])
    assert batch.shape == (len(TEXTS), embedder.dim)
    np.testing.assert_allclose(batch, single, atol=1e-4)
    np.testing.assert_allclose(np.linalg.norm(batch[[0, 1, 2, 4]], axis=1), 1.0, atol=1e-5)


def test_query_and_passage_of_the_same_sentence_are_close() -> None:
    embedder = make_embedder("minilm")
    query = embedder.embed_query("Who met Putin at the airport?")
    passages = embedder.embed_passages(TEXTS)
    assert int(np.argmax(passages @ query)) == 2
