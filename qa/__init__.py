"""Question → cited answer over news articles. Start with ``Assistant.from_settings()``."""

from qa.answer import Answer, Citation, Evidence, Turn
from qa.assistant import Assistant
from qa.errors import (
    GeneratorUnavailable,
    InvalidQuestion,
    QAError,
    SettingsError,
    StoreError,
    UnknownDocument,
    UserError,
)
from qa.settings import Settings

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "Evidence",
    "GeneratorUnavailable",
    "InvalidQuestion",
    "QAError",
    "Settings",
    "SettingsError",
    "StoreError",
    "Turn",
    "UnknownDocument",
    "UserError",
]
