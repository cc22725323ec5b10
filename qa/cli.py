"""The ``qa`` command: a thin consumer of the Python API."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from qa.errors import QAError, UserError
from qa.settings import load_settings

# Exit codes: 0 done, 1 a dependency failed, 2 a caller mistake (argparse uses 2 too),
# 3 `qa ingest` finished but at least one file failed (each failure is listed on its own line).
EXIT_FILES_FAILED = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Cited answers over news articles.")
    parser.add_argument("--backend", choices=["extractive", "local", "openai"], help="override QA_BACKEND")
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="add or update files and folders")
    ingest.add_argument("paths", nargs="+")
    ingest.add_argument(
        "--follow-symlinks", action="store_true", help="also ingest files that symlinks in a folder point to elsewhere"
    )
    ask = commands.add_parser("ask", help="ask one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    commands.add_parser("docs", help="list indexed documents")
    delete = commands.add_parser("delete", help="remove a document")
    delete.add_argument("doc_id")
    commands.add_parser("eval", help="run the eval harness (see `qa eval --help`)", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    bad = _not_utf8(args_list)
    if bad is not None:
        print(f"error: {bad}", file=sys.stderr)
        return 2
    position = _command_position(args_list)
    if position < len(args_list) and args_list[position] == "eval":
        from eval.harness import main as eval_main

        return eval_main(args_list[:position] + args_list[position + 1 :])
    args = _parser().parse_args(args_list)
    try:
        return _run(args)
    except UserError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _not_utf8(args: list[str]) -> str | None:
    """Why an argument is unusable: bytes that are not UTF-8 arrive as lone surrogates."""
    for n, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError as e:
            char = ord(arg[e.start])
            what = f"byte 0x{char - 0xDC00:02x}" if 0xDC80 <= char <= 0xDCFF else f"lone surrogate U+{char:04X}"
            return f"argument {n} is not valid UTF-8 text ({what} at character {e.start}); pass UTF-8 text"
    return None


def _command_position(args: list[str]) -> int:
    """Index of the sub-command: past the global options, so `qa ask eval` is a question, not `qa eval`."""
    position = 0
    while position < len(args) and args[position].startswith("-"):
        takes_value = args[position] == "--backend"
        position += 2 if takes_value else 1
    return position


def _run(args: argparse.Namespace) -> int:
    from qa.assistant import Assistant

    settings = load_settings(**({"backend": args.backend} if args.backend else {}))
    assistant = Assistant.from_settings(settings)
    try:
        if args.command == "ingest":
            report = assistant.ingest(args.paths, follow_symlinks=args.follow_symlinks)
            print(report.summary())
            return EXIT_FILES_FAILED if report.failed else 0
        if args.command == "ask":
            answer = assistant.ask(args.question)
            if args.json:
                print(json.dumps(answer.model_dump(), ensure_ascii=False, indent=2))
            else:
                said = " ".join(f"{s.text} {''.join(f'[{n}]' for n in s.citations)}".strip() for s in answer.sentences)
                print(said or answer.text)
                for c in answer.citations:
                    print(f"  [{c.n}] {c.doc_id} {c.start}-{c.end}: {c.quote}")
                if answer.written_by_reason:
                    print(f"note: written from the evidence, not by the model: {answer.written_by_reason}")
            return 0
        if args.command == "docs":
            for doc in assistant.documents():
                print(f"{doc.doc_id}\t{doc.n_chunks} chunks\t{doc.title}")
                if doc.flagged:
                    text = assistant.document_text(doc.doc_id)
                    for start, end in doc.flagged:  # instructions to the reader: kept out of evidence
                        print(f"  flagged {start}-{end}: {' '.join(text[start:end].split())}")
            return 0
        assistant.delete(args.doc_id)
        print(f"deleted {args.doc_id}")
        return 0
    finally:
        assistant.close()


if __name__ == "__main__":
    raise SystemExit(main())
