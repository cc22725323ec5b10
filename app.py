"""The server: the Gradio chat UI mounted on the HTTP API (``service``), one uvicorn process.

The UI only draws: every answer comes from ``Assistant.stream`` or ``Assistant.ask``. This module is
also the one place the UI and the HTTP API meet (``build_server``); neither imports the other.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

# No usage analytics or version checks leave this machine; gradio reads this when it is imported.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from pydantic import ValidationError

from index.ingest import IngestReport, Upload  # noqa: E402
from index.store import StoredDocument  # noqa: E402
from qa import Answer, Assistant, Citation, QAError, Settings, Turn, UserError  # noqa: E402
from qa.answer import Sentence  # noqa: E402
from qa.settings import load_settings  # noqa: E402
from service import create_api  # noqa: E402

log = logging.getLogger("app")

CONTEXT_CHARS = 300
GENERIC_ERROR = "Something went wrong on our side; the details are in the server log."
EXAMPLES = [
    "How many years since Putin's last visit to North Korea?",
    "On what day did Putin's visit to Pyongyang take place?",
    "What does the new pact between Russia and North Korea include?",
    "Which Pentagon spokesperson commented on the deepening cooperation between Russia and the DPRK?",
]
FILE_TYPES = [".txt", ".md", ".html", ".pdf"]
REPORT_HEADERS = ["File", "Result", "Reason"]
DOCUMENT_HEADERS = ["Document id", "Title", "Chunks", "Characters", "Flagged passages (kept out of answers)"]
FLAGGED_SHOWN_CHARS = 120
EMPTY_SOURCES = '<p class="muted">Ask a question: the passages its answer cites appear here.</p>'

_MARKER = re.compile(r"\[(\d+)\]")
# Characters Markdown would act on; as entities they show verbatim inside chat messages.
_MARKDOWN = re.compile(r"[\\`*_{}\[\]#|~$<>&]")

CSS = """
#chat a.cite { color: var(--color-accent); font-weight: 600; font-size: 0.85em; text-decoration: none;
  vertical-align: super; line-height: 0; padding: 0 1px; }
#chat a.cite:hover { text-decoration: underline; }
.notice { border-radius: 8px; padding: 8px 12px; margin-bottom: 6px; }
.notice.abstain { background: #fff4e5; border-left: 4px solid #f59e0b; color: #7c4a03; }
.notice.conflict { background: #eef2ff; border-left: 4px solid #6366f1; color: #312e81; }
.written-by { font-size: 0.8em; color: #6b7280; margin-top: 2px; }
.notice ul { margin: 6px 0 0 0; padding-left: 18px; }
.searched { font-size: 0.85em; opacity: 0.7; margin-top: 6px; }
#sources .turn { margin-bottom: 18px; }
#sources .turn h4 { margin: 0 0 8px 0; font-size: 0.95em; }
#sources .source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
  margin-bottom: 10px; scroll-margin-top: 12px; }
#sources .source:target, #sources .source.active { outline: 3px solid #f59e0b; }
#sources .source header { font-size: 0.9em; margin-bottom: 4px; }
#sources .source .meta { display: block; font-size: 0.85em; opacity: 0.75; }
#sources .source code { font-size: 0.85em; }
#sources .passage { white-space: pre-wrap; font-size: 0.9em; line-height: 1.45; margin: 0; }
#sources mark { background: #fde68a; color: inherit; padding: 0 1px; }
.muted { opacity: 0.7; }
"""

# Scroll inside the sources panel ourselves: the page itself does not scroll to anchors in a Gradio layout.
HEAD = """
<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.cite");
  if (!link) return;
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  document.querySelectorAll("#sources .source.active").forEach((el) => el.classList.remove("active"));
  target.classList.add("active");
  target.scrollIntoView({ behavior: "smooth", block: "nearest" });
}, true);
</script>
"""

F = TypeVar("F", bound=Callable[..., Any])


def build_app(assistant: Assistant, settings: Settings) -> gr.Blocks:
    """The chat, sources panel and article manager over ``assistant``, queued as ``settings`` says."""
    with gr.Blocks(title="News QA") as demo:
        gr.Markdown("# Ask the news articles")
        gr.Markdown(
            f"Answers quote the indexed articles and cite them, or say the articles don't. "
            f"Answering with backend **{html.escape(assistant.backend)}**, model `{html.escape(assistant.model)}`.",
            elem_id="backend",
        )
        turns = gr.State([])  # plain-text conversation handed back to the assistant
        sections = gr.State([])  # sources panel HTML of each answer, oldest first
        with gr.Tab("Ask"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation",
                    show_label=False,
                    elem_id="chat",
                    height=520,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=["copy"],
                )
                question = gr.Textbox(
                    placeholder="Ask about the articles and press Enter",
                    show_label=False,
                    elem_id="question",
                    submit_btn="Ask",
                    autofocus=True,
                )
                with gr.Row():
                    clear = gr.Button("New conversation", size="sm", variant="secondary")
                gr.Examples(EXAMPLES, inputs=[question], label="Try one of these", api_visibility="private")
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(EMPTY_SOURCES, elem_id="sources", max_height=640)
        with gr.Tab("Articles"):
            upload = gr.File(
                label="Add articles (.txt, .md, .html, .pdf)",
                file_count="multiple",
                file_types=FILE_TYPES,
                elem_id="upload",
                height=150,
            )
            report = gr.Dataframe(
                headers=REPORT_HEADERS, label="Result of the last upload", interactive=False, elem_id="report"
            )
            documents = gr.Dataframe(
                headers=DOCUMENT_HEADERS,
                label="Indexed documents",
                interactive=False,
                elem_id="documents",
                wrap=True,
                column_widths=["20%", "32%", "8%", "10%", "30%"],
            )
            with gr.Row():
                doomed = gr.Dropdown(label="Document to delete", choices=[], scale=3, elem_id="delete-choice")
                delete = gr.Button("Delete", variant="stop", scale=1, elem_id="delete")

        def respond(
            text: str, chat: list[dict[str, Any]], history: list[dict[str, str]], done: list[str]
        ) -> Iterator[tuple[Any, ...]]:
            shown = [*chat, {"role": "user", "content": _verbatim(text)}]
            yield "", shown, gr.skip(), gr.skip(), gr.skip()
            turn = len(done) + 1
            written = ""
            try:
                for item in assistant.stream(text, history):
                    if isinstance(item, Answer):
                        section = _sources_section(assistant, item, turn)
                        reply = {"role": "assistant", "content": answer_html(item, turn)}
                        said = [{"role": "user", "content": item.question}, {"role": "assistant", "content": item.text}]
                        yield "", [*shown, reply], [*history, *said], [*done, section], _panel([*done, section])
                    else:
                        written += item
                        reply = {"role": "assistant", "content": _answer_block(written, None, turn)}
                        yield gr.skip(), [*shown, reply], gr.skip(), gr.skip(), gr.skip()
            # A toast, not gr.Error: raising would paint an error badge over every output of the chat.
            except QAError as e:
                gr.Warning(str(e), title="Could not answer")
                yield text, chat, gr.skip(), gr.skip(), gr.skip()  # the question goes back into the box
            except Exception:
                log.exception("answering %r failed", text)
                gr.Warning(GENERIC_ERROR, title="Could not answer")
                yield text, chat, gr.skip(), gr.skip(), gr.skip()

        question.submit(
            respond,
            [question, chatbot, turns, sections],
            [question, chatbot, turns, sections, sources],
            api_visibility="private",
            show_progress="minimal",
        )
        gr.on(
            [clear.click, chatbot.clear],
            lambda: ([], [], [], EMPTY_SOURCES),
            outputs=[chatbot, turns, sections, sources],
            api_visibility="private",
        )

        @_user_errors
        def add_files(files: list[str] | None, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
            if not files:
                raise gr.Error("Choose one or more files to add.", print_exception=False)
            progress(0, desc="Indexing")
            uploads = [Upload(path=Path(f), name=Path(f).name) for f in files]  # gr.File checked they were uploaded
            result = assistant.ingest(uploads, on_progress=lambda done, total, name: progress(done / total, desc=name))
            gr.Info(result.summary().splitlines()[0])
            return None, report_rows(result), *_document_views(assistant)

        @_user_errors
        def remove(doc_id: str | None) -> tuple[Any, ...]:
            if not doc_id:
                raise gr.Error("Pick a document to delete.", print_exception=False)
            assistant.delete(doc_id)
            gr.Info(f"Deleted {doc_id}.")
            return _document_views(assistant)

        upload.upload(add_files, [upload], [upload, report, documents, doomed], api_visibility="private")
        delete.click(remove, [doomed], [documents, doomed], api_visibility="private")
        demo.load(_user_errors(lambda: _document_views(assistant)), None, [documents, doomed], api_visibility="private")

        @_user_errors
        def ask(question: str, history: list[dict[str, str]] | None = None) -> dict[str, Any]:
            """Answer a question (with optional earlier turns); returns the Answer as a dict."""
            try:
                turns = [Turn.model_validate(turn) for turn in history or []]
            except ValidationError as e:
                raise gr.Error('history must be a list of {"role": "user"|"assistant", "content": str} objects.') from e
            return assistant.ask(question, turns).model_dump()

        @_user_errors
        def ingest(files: list[gr.FileData]) -> dict[str, Any]:
            """Add or update article files; returns what happened to each."""
            result = assistant.ingest([_upload_path(f) for f in files or []])
            return {**report_dict(result), "summary": result.summary()}

        gr.api(ask, api_name="ask")
        gr.api(ingest, api_name="ingest")
    # Questions beyond the limit wait in the queue; the assistant is called from that many threads at once.
    demo.queue(default_concurrency_limit=settings.concurrency)
    return demo


def build_server(assistant: Assistant, settings: Settings) -> FastAPI:
    """The HTTP API with the Gradio UI mounted at ``/``: one app, one port, three doors."""
    api = create_api(assistant, settings)
    demo = build_app(assistant, settings)
    # Gradio only checks that a client's file path lies in its upload folder once the Blocks "has
    # launched", which mount_gradio_app never marks: without this, any server file could be named.
    demo.has_launched = True
    return gr.mount_gradio_app(
        api,
        demo,
        path="/",
        server_name=settings.host,
        server_port=settings.port,
        ssr_mode=False,
        **launch_options(settings),
    )


def launch_options(settings: Settings) -> dict[str, Any]:
    """Arguments for ``demo.launch`` (or ``gr.mount_gradio_app``) that belong to the app's look and login."""
    options: dict[str, Any] = {"css": CSS, "head": HEAD, "theme": gr.themes.Soft()}
    if settings.auth_user and settings.auth_password:
        options["auth"] = (settings.auth_user, settings.auth_password)
    return options


# ----- rendering ---------------------------------------------------------------------------------
def answer_html(answer: Answer, turn: int) -> str:
    """The chat message for a finished answer: text with linked markers, or a notice."""
    searched = f'<div class="searched">Searched: “{_verbatim(answer.query)}”</div>'
    if answer.abstained:
        why = f" ({_verbatim(answer.abstain_reason)})" if answer.abstain_reason else ""
        notice = (
            '<div class="notice abstain"><strong>The articles don\'t say.</strong> '
            f"No passage in the indexed articles answers this{why}.</div>"
        )
        return notice + searched
    if answer.conflicting:
        versions = "".join(
            f"<li>“{_verbatim(c.quote)}” {_cite_link(c.n, turn)} — <em>{_verbatim(c.title)}</em></li>"
            for c in answer.citations
        )
        notice = (
            '<div class="notice conflict"><strong>Sources disagree.</strong> Each version, with its source:'
            f"<ul>{versions}</ul></div>"
        )
        return notice + _written_note(answer) + searched
    return _sentences_block(answer.sentences, answer.citations, turn) + _written_note(answer) + searched


def _written_note(answer: Answer) -> str:
    """Who wrote the answer, when a model was involved: its own words, or the sources because it failed."""
    if answer.written_by_reason:
        return (
            '<div class="written-by">Written from the evidence, not by the model: '
            f"{_verbatim(answer.written_by_reason)}</div>"
        )
    if answer.written_by == "model":
        return '<div class="written-by">Written by the model; each sentence checked against its source.</div>'
    return ""


def _sentences_block(sentences: list[Sentence], citations: list[Citation], turn: int) -> str:
    """A finished answer from its sentences, each followed by links to the citations it carries."""
    known = {c.n for c in citations}
    pieces = []
    for sentence in sentences:
        links = "".join(_cite_link(n, turn) for n in sentence.citations if n in known)
        pieces.append(f"{_verbatim(sentence.text)} {links}".strip())
    return f'<div class="answer">{" ".join(pieces)}</div>'


def _answer_block(text: str, citations: list[Citation] | None, turn: int) -> str:
    known = {c.n for c in citations} if citations is not None else None
    pieces = []
    for i, part in enumerate(_MARKER.split(text)):
        if i % 2 == 0:
            pieces.append(_verbatim(part))
        elif known is None or int(part) in known:
            pieces.append(_cite_link(int(part), turn))
        else:
            pieces.append(_verbatim(f"[{part}]"))
    return f'<div class="answer">{"".join(pieces).strip()}</div>'


def _cite_link(n: int, turn: int) -> str:
    return f'<a class="cite" href="#src-{turn}-{n}">[{n}]</a>'


def _verbatim(text: str) -> str:
    """Text shown exactly as written inside a Markdown chat message (no HTML, no Markdown)."""
    return _MARKDOWN.sub(lambda m: f"&#{ord(m.group())};", re.sub(r"\s+", " ", text))


def passage_html(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> str:
    """``text[start:end]`` highlighted inside about ``context`` characters either side, cut at spaces."""
    low, high = max(0, start - context), min(len(text), end + context)
    if low > 0:
        space = text.find(" ", low, start)
        low = space + 1 if space != -1 else low
    if high < len(text):
        space = text.rfind(" ", end, high)
        high = space if space != -1 else high
    before, quote, after = (html.escape(part) for part in (text[low:start], text[start:end], text[end:high]))
    return f"{'…' if low > 0 else ''}{before}<mark>{quote}</mark>{after}{'…' if high < len(text) else ''}"


def _sources_section(assistant: Assistant, answer: Answer, turn: int) -> str:
    heading = f"<h4>Answer {turn}: {html.escape(answer.question)}</h4>"
    if answer.abstained:
        return f'<div class="turn">{heading}<p class="muted">No passage was good enough to cite.</p></div>'
    blocks = []
    for c in answer.citations:
        blocks.append(
            f'<article class="source" id="src-{turn}-{c.n}"><header><strong>[{c.n}] {html.escape(c.title)}</strong>'
            f'<span class="meta"><code>{html.escape(c.doc_id)}</code> · characters {c.start}–{c.end}</span></header>'
            f'<p class="passage">{passage_html(assistant.document_text(c.doc_id), c.start, c.end)}</p></article>'
        )
    return f'<div class="turn">{heading}{"".join(blocks)}</div>'


def _panel(sections: list[str]) -> str:
    return "".join(reversed(sections)) or EMPTY_SOURCES


def report_rows(report: IngestReport) -> list[list[str]]:
    rows = [[doc_id, result, ""] for result, ids in _by_result(report) for doc_id in ids]
    return rows + [[Path(f.path).name, "failed", f.reason] for f in report.failed]


def report_dict(report: IngestReport) -> dict[str, Any]:
    results = dict(_by_result(report))
    return {**results, "failed": [{"file": Path(f.path).name, "reason": f.reason} for f in report.failed]}


def _by_result(report: IngestReport) -> list[tuple[str, list[str]]]:
    return [("added", report.added), ("updated", report.updated), ("unchanged", report.unchanged)]


def _document_views(assistant: Assistant) -> tuple[list[list[Any]], Any]:
    docs = assistant.documents()
    rows = [[d.doc_id, d.title, d.n_chunks, d.chars, _flagged_cell(assistant, d)] for d in docs]
    return rows, gr.Dropdown(choices=[d.doc_id for d in docs], value=None)


def _flagged_cell(assistant: Assistant, document: StoredDocument) -> str:
    """The passages of a document that address the reader or a model with instructions, shortened."""
    if not document.flagged:
        return ""
    text = assistant.document_text(document.doc_id)
    quotes = []
    for start, end in document.flagged:
        passage = " ".join(text[start:end].split())
        short = passage if len(passage) <= FLAGGED_SHOWN_CHARS else passage[: FLAGGED_SHOWN_CHARS - 1] + "…"
        quotes.append(f"“{short}”")
    return f"{len(quotes)}: " + " · ".join(quotes)


def _upload_path(file: Any) -> Upload:
    """The server path of a file that a client uploaded; anything else is refused.

    ``gr.api`` hands files over as FileData-shaped dicts, and Gradio only checks a dict's path when it
    carries ``meta``: without it, a client could name any file or folder on the server. So the path
    itself is checked: after resolving symlinks and ``..`` it must be a regular file inside Gradio's
    upload folder, where only ``/gradio_api/upload`` writes.
    """
    raw = file.get("path") if isinstance(file, dict) else getattr(file, "path", None)
    if not isinstance(raw, str) or not raw:
        raise UserError("Each file must be an upload (a FileData object with a path).")
    path = Path(raw)
    uploads = Path(gr.utils.get_upload_folder()).resolve()
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        real = None
    if real is None or not real.is_relative_to(uploads) or not real.is_file() or path.is_symlink():
        raise UserError(f"{path.name or raw!r} was not uploaded to this server; only uploaded files can be ingested.")
    return Upload(path=real, name=path.name)


def _user_errors(fn: F) -> F:
    """Show a ``QAError`` as its own short message and anything unexpected as a generic one."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except QAError as e:
            raise gr.Error(str(e), print_exception=False) from e
        except Exception as e:
            log.exception("%s failed", getattr(fn, "__name__", "request"))
            raise gr.Error(GENERIC_ERROR) from e

    return wrapper  # type: ignore[return-value]


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request gradio makes to itself
    try:
        settings = load_settings()
        log.info("Loading the assistant (the first start also indexes the bundled articles)")
        assistant = Assistant.from_settings(settings)
    except QAError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2 if isinstance(e, UserError) else 1
    log.info("Answering with backend %s, model %s", assistant.backend, assistant.model)
    server = build_server(assistant, settings)
    log.info(
        "Serving the app on http://%s:%s/ (HTTP API under /v1, its reference at /docs)", settings.host, settings.port
    )
    try:
        uvicorn.run(server, host=settings.host, port=settings.port, log_level="warning")
    finally:
        assistant.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
