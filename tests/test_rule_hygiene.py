"""Rules must not be written from the eval questions.

A regex or word list in ``qa/`` that holds a run of four or more consecutive words of a dev or test question
(``eval/dev.jsonl``, ``eval/test.jsonl``) tunes the product to that item instead of to the kind of question
it stands for. Every string literal under ``qa/`` (docstrings excepted) is read with ``ast``; a regex is cut at
its alternations, groups, classes and quantifiers into literal pieces, and each piece's words are compared with
the questions' as four-word shingles, after lower-casing and dropping punctuation.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QA_DIR = ROOT / "qa"
QUESTION_FILES = (ROOT / "eval" / "dev.jsonl", ROOT / "eval" / "test.jsonl")
RUN = 4  # words in a row that make a literal "taken from" a question

# Where a regex stops being literal text: alternation, groups, classes, quantifiers, anchors, escapes such
# as \b or \d. Whitespace escapes (\s, \s+, \s*) and plain spaces only separate words inside one piece.
_REGEX_SPACE = re.compile(r"\\s[+*?]?\??|\\ ")
_REGEX_BREAK = re.compile(r"\\[bBdDwWAZzSnt]|\(\?[:!=<P]*[<>=!]?|[|()\[\]{}^$]|(?<!\\)[?*+]")
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def words(text: str) -> list[str]:
    """Lower-case words; punctuation dropped, an apostrophe inside a word kept (``don't``)."""
    return _WORD.findall(text.translate(_APOSTROPHES).lower())


def shingles(tokens: list[str], size: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def literal_pieces(literal: str) -> list[list[str]]:
    """The word runs of a string literal; a regex is cut into its literal pieces first.

    ``r"how (?:quickly|fast) did the economy grow"`` gives ``[how], [quickly], [fast], [did the economy grow]``.
    A plain sentence has no regex syntax and stays one piece.
    """
    return [tokens for piece in _REGEX_BREAK.split(_REGEX_SPACE.sub(" ", literal)) if (tokens := words(piece))]


def _docstring_nodes(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def string_literals(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every string constant in a module except docstrings (f-string parts included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = _docstring_nodes(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def question_shingles() -> dict[tuple[str, ...], str]:
    """Every four-word run of every dev and test question -> the id of one item that has it."""
    runs: dict[tuple[str, ...], str] = {}
    for path in QUESTION_FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                for run in shingles(words(item["question"])):
                    runs.setdefault(run, item["id"])
    return runs


def offending_literals(files: list[Path], runs: dict[tuple[str, ...], str]) -> list[str]:
    problems = []
    for path in files:
        for line, literal in string_literals(path):
            shared = sorted({run for piece in literal_pieces(literal) for run in shingles(piece) if run in runs})
            for run in shared:
                excerpt = literal if len(literal) <= 80 else literal[:77] + "..."
                where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
                problems.append(f"{where}:{line}: {excerpt!r} holds {' '.join(run)!r} from {runs[run]}")
    return problems


# ----- the helpers, on literals written for these tests ------------------------------------------
def test_regex_is_cut_into_literal_pieces() -> None:
    assert literal_pieces(r"\bhow (?:quickly|fast) did the economy grow\b") == [
        ["how"],
        ["quickly"],
        ["fast"],
        ["did", "the", "economy", "grow"],
    ]
    assert literal_pieces(r"(?i)which\s+(?:city|port)\s+hosted\s+the\s+summit") == [
        ["i"],
        ["which"],
        ["city"],
        ["port"],
        ["hosted", "the", "summit"],
    ]
    assert literal_pieces("The Mayor’s office didn't say.") == [["the", "mayor's", "office", "didn't", "say"]]


def test_a_literal_sharing_four_words_with_a_question_is_reported(tmp_path: Path) -> None:
    module = tmp_path / "rules.py"
    module.write_text(
        '"""A docstring may quote: what was the harbour fee."""\n'
        "import re\n"
        'TUNED = re.compile(r"\\bwhat\\s+was\\s+the\\s+harbour\\s+fee\\b")\n'
        'GENERAL = re.compile(r"\\b(?:what|which)\\s+was\\s+the\\b")\n'
        'WORDS = ("harbour", "fee", "toll")\n',
        encoding="utf-8",
    )
    runs = {run: "x-01" for run in shingles(words("What was the harbour fee in 1990?"))}
    problems = offending_literals([module], runs)
    assert len(problems) == 2  # two runs of four: "what was the harbour" and "was the harbour fee"
    assert all(":3:" in p and "x-01" in p for p in problems)


# ----- the real check ----------------------------------------------------------------------------
def test_no_rule_under_qa_holds_four_words_of_an_eval_question() -> None:
    files = sorted(QA_DIR.rglob("*.py"))
    assert files, "no modules under qa/"
    problems = offending_literals(files, question_shingles())
    assert problems == [], "rules written from eval questions:\n" + "\n".join(problems)
