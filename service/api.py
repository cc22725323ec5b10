"""The FastAPI app: ``/v1`` routes over the Python API, health checks, and the OpenAPI page."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, File, UploadFile
from fastapi.responses import JSONResponse, StreamingResponse
from starlette.exceptions import HTTPException

from qa.answer import Answer
from qa.assistant import Assistant
from qa.errors import QAError
from qa.settings import Settings
from service import events
from service.errors import BearerKeys, BodyLimit, error_response, install_error_handlers, status_of
from service.openai_compat import chat_router
from service.schemas import AskRequest, Deleted, DocumentInfo, DocumentList, IngestResult, Status
from service.uploads import MAX_FILES, saved_uploads

# A question with its history is a few KB; chat front ends resend whole conversations, so allow plenty.
JSON_BODY_LIMIT = 4 * 1024 * 1024
# Multipart framing around the files (boundaries, headers) on top of their own bytes.
MULTIPART_OVERHEAD = 1024 * 1024
# /readyz gives a model endpoint this long to list its models.
READY_TIMEOUT_S = 5.0

DESCRIPTION = """Cited answers over news articles. Every sentence of an answer carries `[n]` markers;
`citations[n]` gives the document id, the quoted passage and its character offsets. When
`QA_API_KEYS` is set, every `/v1` route needs `Authorization: Bearer <key>`. Errors are
`{"error": {"message", "type", "code"}}` with the HTTP status."""


def create_api(assistant: Assistant, settings: Settings) -> FastAPI:
    """The HTTP API over ``assistant``; ``app.py`` mounts the Gradio UI on it."""
    api = FastAPI(title="News QA", version="1", description=DESCRIPTION)
    install_error_handlers(api)
    # One limit for every door: an upload the ingest would refuse is refused before it is stored.
    max_upload = int(settings.max_file_mb * 1024 * 1024)
    api.add_middleware(BodyLimit, limit_for=_limits(max_upload))
    # Questions answered at once by the API (the UI's queue has its own limit); the rest wait their turn.
    slots = threading.BoundedSemaphore(settings.concurrency)
    v1 = APIRouter(prefix="/v1", dependencies=[Depends(BearerKeys(settings.api_key_list()))])

    @v1.post(
        "/ask",
        response_model=Answer,
        responses={200: {"content": {events.MEDIA_TYPE: {}}, "description": "The Answer, or its event stream."}},
        tags=["questions"],
    )
    def ask(request: AskRequest) -> Answer | StreamingResponse:
        """Answer a question (with optional earlier turns): the Answer, or with `stream` its server-sent events."""
        slots.acquire()
        if not request.stream:
            try:
                return assistant.ask(request.question, request.history)
            finally:
                slots.release()
        return events.stream(_answer_events(assistant.stream(request.question, request.history)), slots, _error_event)

    @v1.get("/documents", response_model=DocumentList, tags=["documents"])
    def list_documents() -> DocumentList:
        """The indexed documents with their chunk counts."""
        return DocumentList(
            documents=[
                DocumentInfo(doc_id=d.doc_id, title=d.title, chunks=d.n_chunks, chars=d.chars)
                for d in assistant.documents()
            ]
        )

    @v1.post("/documents", response_model=IngestResult, tags=["documents"])
    def upload_documents(
        files: Annotated[
            list[UploadFile], File(description=f"Article files (.txt .md .html .pdf), at most {MAX_FILES}.")
        ],
    ) -> IngestResult:
        """Add or update uploaded files; the report says what happened to each."""
        with saved_uploads([(f.filename, f.file) for f in files], max_upload) as uploads:
            report = assistant.ingest(uploads)
        return IngestResult.model_validate(report.to_dict())

    @v1.delete("/documents/{doc_id}", response_model=Deleted, tags=["documents"])
    def delete_document(doc_id: str) -> Deleted:
        """Remove a document and its chunks."""
        assistant.delete(doc_id)
        return Deleted(deleted=doc_id)

    v1.include_router(chat_router(assistant, slots))

    @v1.api_route("/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def unknown(rest: str) -> None:
        raise HTTPException(404, f"No such route: /v1/{rest}")

    api.include_router(v1)

    @api.get("/healthz", response_model=Status, tags=["health"])
    def healthz() -> Status:
        """The process is up."""
        return Status(status="ok")

    @api.get(
        "/readyz", response_model=Status, responses={503: {"description": "A dependency is down."}}, tags=["health"]
    )
    def readyz() -> Status | JSONResponse:
        """The store answers, and so does the model endpoint when one is configured."""
        try:
            assistant.check_ready(READY_TIMEOUT_S)
        except QAError as e:
            return error_response(status_of(e), f"not ready: {e}")
        model = "ok" if assistant.backend != "extractive" else "none configured"
        return Status(status="ready", checks={"store": "ok", "model": model})

    return api


def _answer_events(pieces: Iterator[str | Answer]) -> Iterator[str]:
    for piece in pieces:
        if isinstance(piece, Answer):
            yield events.event(piece.model_dump(mode="json"), "answer")
        else:
            yield events.event({"text": piece.strip()}, "sentence")


def _error_event(body: dict[str, object]) -> str:
    return events.event(body, "error")


def _limits(max_upload: int) -> Callable[[str, str], int | None]:
    def limit_for(method: str, path: str) -> int | None:
        if not path.startswith("/v1/"):
            return None  # the Gradio UI has its own upload limits
        if method == "POST" and path.rstrip("/") == "/v1/documents":
            return MAX_FILES * max_upload + MULTIPART_OVERHEAD
        return JSON_BODY_LIMIT

    return limit_for
