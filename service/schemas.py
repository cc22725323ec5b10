"""Request and response bodies of the HTTP API (the answer itself is ``qa.Answer``)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from qa.answer import Citation, Turn


class AskRequest(BaseModel):
    question: str = Field(description="The question, in the user's own words.")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns of the conversation, oldest first.")
    stream: bool = Field(
        False,
        description="Answer as server-sent events: one `sentence` event per verified sentence, "
        "then one `answer` event holding the whole Answer.",
    )


class DocumentInfo(BaseModel):
    doc_id: str
    title: str
    chunks: int
    chars: int


class DocumentList(BaseModel):
    documents: list[DocumentInfo]


class FailedFileInfo(BaseModel):
    file: str
    reason: str


class IngestResult(BaseModel):
    added: list[str]
    updated: list[str]
    unchanged: list[str]
    failed: list[FailedFileInfo]
    summary: str


class Deleted(BaseModel):
    deleted: str


class Status(BaseModel):
    status: str
    checks: dict[str, str] = {}


# ----- OpenAI-compatible chat ------------------------------------------------------------------
class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):
            return "\n".join(part.text for part in self.content if part.type == "text" and part.text)
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    """OpenAI's request body; sampling options (temperature, max_tokens, ...) are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str | None = None
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False


class ChatReply(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str
    citations: list[Citation] = Field(description="What each [n] in `content` points at (extra to OpenAI's schema).")


class ChatChoice(BaseModel):
    index: int = 0
    message: ChatReply
    finish_reason: Literal["stop"] = "stop"


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[ChatChoice]
    citations: list[Citation] = Field(description="The same citations as the message's (extra to OpenAI's schema).")
    abstained: bool = Field(description="True when the articles don't say (extra to OpenAI's schema).")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "news-qa"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


def dumped(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
