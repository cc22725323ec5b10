"""``POST /v1/chat/completions`` and ``GET /v1/models``, as OpenAI clients and chat front ends expect.

The reply text carries the ``[n]`` markers. Citations travel in fields OpenAI's schema doesn't have
(clients keep unknown fields): ``citations`` on the response and on its message, and on the last
streamed chunk (the one with ``finish_reason: "stop"``), with ``abstained`` beside them.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.exceptions import HTTPException

from qa.answer import Answer, Turn
from qa.assistant import Assistant
from service import events
from service.schemas import ChatChoice, ChatCompletion, ChatCompletionRequest, ChatReply, ModelCard, ModelList

# The one model this service offers; the request's `model` is echoed when given, never used to route.
MODEL_ID = "news-qa"
_STARTED = int(time.time())


def chat_router(assistant: Assistant, slots: threading.BoundedSemaphore) -> APIRouter:
    router = APIRouter(tags=["openai-compatible"])

    @router.get("/models", response_model=ModelList)
    def models() -> ModelList:
        """The single model id this service answers as."""
        return ModelList(data=[ModelCard(id=MODEL_ID, created=_STARTED)])

    @router.post(
        "/chat/completions",
        response_model=ChatCompletion,
        responses={200: {"content": {events.MEDIA_TYPE: {}}, "description": "A completion, or its chunks."}},
    )
    def chat_completions(request: ChatCompletionRequest) -> ChatCompletion | StreamingResponse:
        """The last user message is the question, earlier user/assistant messages its history."""
        question, history = conversation(request)
        model = request.model or MODEL_ID
        reply_id = f"chatcmpl-{uuid.uuid4().hex}"
        created = int(time.time())
        slots.acquire()
        if not request.stream:
            try:
                answer = assistant.ask(question, history)
            finally:
                slots.release()
            citations = list(answer.citations)
            return ChatCompletion(
                id=reply_id,
                created=created,
                model=model,
                choices=[ChatChoice(message=ChatReply(content=answer.text, citations=citations))],
                citations=citations,
                abstained=answer.abstained,
            )
        chunks = _chunks(assistant.stream(question, history), reply_id, created, model)
        return events.stream(chunks, slots, lambda body: events.event(body))

    return router


def conversation(request: ChatCompletionRequest) -> tuple[str, list[Turn]]:
    """The question and the turns before it; system and tool messages are not part of either."""
    turns = [
        Turn(role=m.role, content=m.text())  # type: ignore[arg-type]
        for m in request.messages
        if m.role in ("user", "assistant")
    ]
    if not turns or turns[-1].role != "user":
        raise HTTPException(400, "The last user/assistant message must be the user's question.")
    return turns[-1].content, turns[:-1]


def _chunks(pieces: Iterator[str | Answer], reply_id: str, created: int, model: str) -> Iterator[str]:
    head = {"id": reply_id, "object": "chat.completion.chunk", "created": created, "model": model}

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        return events.event({**head, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra})

    role_sent = False
    for piece in pieces:
        if isinstance(piece, Answer):
            citations = [c.model_dump(mode="json") for c in piece.citations]
            yield chunk({}, "stop", citations=citations, abstained=piece.abstained)
            yield events.event("[DONE]")
            return
        delta: dict[str, Any] = {"content": piece}
        if not role_sent:
            delta["role"] = "assistant"
            role_sent = True
        yield chunk(delta)
