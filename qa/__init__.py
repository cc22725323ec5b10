"""Question → cited answer over news articles. Start with ``Assistant.from_settings()``.

Names are loaded on first use so that ``import qa.cli`` or ``import index`` stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOMES = {
    "Answer": "qa.answer",
    "Citation": "qa.answer",
    "Evidence": "qa.answer",
    "Turn": "qa.answer",
    "Assistant": "qa.assistant",
    "GeneratorUnavailable": "qa.errors",
    "InvalidQuestion": "qa.errors",
    "QAError": "qa.errors",
    "SettingsError": "qa.errors",
    "StoreError": "qa.errors",
    "UnknownDocument": "qa.errors",
    "UserError": "qa.errors",
    "Settings": "qa.settings",
}

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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'qa' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
