"""A question typed in lower case gets back the capitals the articles write its names with (other topics)."""

from __future__ import annotations

from pathlib import Path

from test_keywords import _ingest, _segments, _store, _write

from qa.keywords import KeywordIndex
from qa.question import analyse
from qa.text import Casing

ARTICLES = [
    "Floods hit Valencia on Tuesday. Mayor Maria Catala said the city of Valencia would rebuild.\n"
    "The Turia river burst its banks. Officials in Valencia will meet the EU on Friday.",
    "Real Madrid beat Barcelona. Coach Carlo Ancelotti praised the defence, and Madrid will host the final.\n"
    "Will Smith attended the match. The club will sell 80,000 tickets.",
    "Putin Seeks Allies In The East\nThe allies met in March. Their allies will sign a deal.",
]


def test_names_the_articles_capitalise_get_their_capitals_back() -> None:
    casing = Casing.of_texts(ARTICLES)
    restored = casing.restore("what did mayor maria catala say about valencia's floods, and when will the eu meet?")
    assert "Maria Catala" in restored and "Valencia's" in restored and "EU" in restored
    # A word the articles write in lower case as well stays as typed: "will" (the verb) outnumbers "Will".
    assert "when will the" in restored


def test_a_word_capitalised_only_by_its_position_or_in_a_heading_stays_lower_case() -> None:
    casing = Casing.of_texts(ARTICLES)
    # "Floods", "The", "Officials" open sentences; "Seeks", "Allies" are words of a headline.
    assert casing.restore("floods officials seeks allies") == "floods officials seeks allies"


def test_restored_names_are_found_by_the_analysis() -> None:
    casing = Casing.of_texts(ARTICLES)
    assert analyse("what did carlo ancelotti say about the defence").names == ()
    assert "Carlo Ancelotti" in analyse(casing.restore("what did carlo ancelotti say about the defence")).names


def test_casing_is_kept_with_the_keyword_index_and_merged_over_segments(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _write(docs, "bridge")  # "The harbour bridge in Eastport reopened ..."
    store = _store(tmp_path)
    _ingest(store, docs)
    index = KeywordIndex(store, tmp_path / "kw")
    assert index.casing().restore("when did eastport reopen") == "when did Eastport reopen"
    (docs / "reactor.txt").write_text("Reactor news\n\nA deal with Rosatom was signed for ten years.\n")
    _ingest(store, docs)
    index.refresh()
    assert index.casing().restore("rosatom") == "Rosatom"
    assert len(_segments(tmp_path / "kw")) == 2
    restarted = KeywordIndex(_store(tmp_path), tmp_path / "kw")  # another process, reading the saved segments
    assert restarted.casing().restore("rosatom and eastport") == "Rosatom and Eastport"
