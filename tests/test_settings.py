"""The typed settings object: defaults, QA_* overrides, validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from qa.errors import SettingsError
from qa.settings import PROJECT_ROOT, Settings, load_settings


def test_defaults() -> None:
    settings = Settings()

    assert settings.backend == "extractive"
    assert settings.embedder in {"minilm", "e5"}
    assert settings.data_dir == PROJECT_ROOT / ".qa-data"
    assert settings.chroma_host is None
    assert settings.openai_api_key is None and settings.openai_base_url is None
    assert settings.local_model_path is None
    assert settings.auto_ingest_bundled is True
    assert settings.chunk_overlap < settings.chunk_size
    assert 0 < settings.evidence_threshold() < 1
    assert settings.max_question_chars == 2000
    assert settings.host == "127.0.0.1"


def test_every_field_is_described() -> None:
    undescribed = [name for name, field in Settings.model_fields.items() if not field.description]

    assert undescribed == []


def test_qa_environment_variables_override_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QA_BACKEND", "openai")
    monkeypatch.setenv("QA_MODEL", "my-model")
    monkeypatch.setenv("QA_TOP_K", "3")
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QA_AUTO_INGEST_BUNDLED", "false")
    monkeypatch.setenv("QA_ABSTAIN_THRESHOLD", "0.3")
    monkeypatch.setenv("QA_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("QA_CHROMA_PORT", "9123")

    settings = Settings()

    assert settings.backend == "openai"
    assert settings.model == "my-model"
    assert settings.top_k == 3
    assert settings.data_dir == tmp_path
    assert settings.auto_ingest_bundled is False
    assert settings.abstain_threshold == 0.3
    assert (settings.chroma_host, settings.chroma_port) == ("127.0.0.1", 9123)


def test_keyword_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_TOP_K", "3")

    assert Settings(top_k=5).top_k == 5


def test_variables_without_the_prefix_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKEND", "openai")
    monkeypatch.setenv("TOP_K", "1")

    settings = Settings()

    assert settings.backend == "extractive"
    assert settings.top_k == 8


def test_openai_variables_are_a_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-plain")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1234/v1")

    settings = Settings()

    assert settings.openai_api_key == "sk-plain"
    assert settings.openai_base_url == "http://127.0.0.1:1234/v1"


def test_qa_openai_variables_win_over_the_plain_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-plain")
    monkeypatch.setenv("QA_OPENAI_API_KEY", "sk-qa")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:1234/v1")
    monkeypatch.setenv("QA_OPENAI_BASE_URL", "http://127.0.0.1:5678/v1")

    settings = Settings()

    assert settings.openai_api_key == "sk-qa"
    assert settings.openai_base_url == "http://127.0.0.1:5678/v1"


def test_unknown_backend_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_BACKEND", "gpt5-turbo")

    with pytest.raises(ValidationError) as caught:
        Settings()

    assert "backend" in str(caught.value)
    assert "'extractive', 'local' or 'openai'" in str(caught.value)


def test_bad_number_is_rejected() -> None:
    with pytest.raises(ValidationError, match="top_k"):
        Settings(top_k="many")  # type: ignore[arg-type]


def test_settings_are_frozen() -> None:
    settings = Settings()

    with pytest.raises(ValidationError):
        settings.top_k = 1  # type: ignore[misc]


def test_load_settings_names_the_variable_of_a_bad_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_BACKEND", "gpt5-turbo")
    monkeypatch.setenv("QA_TOP_K", "many")

    with pytest.raises(SettingsError) as caught:
        load_settings()

    message = str(caught.value)
    assert "QA_BACKEND" in message and "QA_TOP_K" in message
    assert "\n" not in message


def test_load_settings_applies_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_BACKEND", "local")

    assert load_settings(backend="extractive").backend == "extractive"
    assert load_settings().backend == "local"
