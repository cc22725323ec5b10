"""Server-sent events: one ``event:``/``data:`` block per message, JSON data."""

from __future__ import annotations

import itertools
import json
import logging
import threading
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.responses import StreamingResponse

from qa.errors import QAError
from service.errors import GENERIC_ERROR, error_body, status_of

log = logging.getLogger("service")

MEDIA_TYPE = "text/event-stream"
# Proxies (nginx) buffer responses unless told not to; a stream that arrives all at once isn't one.
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
ErrorEvent = Callable[[dict[str, Any]], str]


def event(data: Any, name: str | None = None) -> str:
    head = f"event: {name}\n" if name else ""
    return f"{head}data: {data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)}\n\n"


def guarded(events: Iterator[str], slots: threading.BoundedSemaphore, on_error: ErrorEvent) -> Iterator[str]:
    """``events`` while holding a question slot; an error after the first byte becomes a last event."""
    try:
        yield from events
    except QAError as e:
        yield on_error(error_body(status_of(e), str(e)))
    except Exception:
        log.exception("a streamed answer failed")
        yield on_error(error_body(500, GENERIC_ERROR))
    finally:
        slots.release()


def stream(items: Iterator[str], slots: threading.BoundedSemaphore, on_error: ErrorEvent) -> StreamingResponse:
    """Start the stream before answering 200: a bad question is still a plain 4xx, not a broken stream.

    The caller has taken a question slot; it is given back when the stream ends or fails.
    """
    try:
        first = next(items)
    except BaseException:
        slots.release()
        raise
    return StreamingResponse(
        guarded(itertools.chain([first], items), slots, on_error), media_type=MEDIA_TYPE, headers=HEADERS
    )
