"""Prompt templates are files in ``prompts/``; this is the one way to render them."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from qa.settings import PROMPTS_DIR


@lru_cache(maxsize=4)
def _environment(directory: Path) -> Environment:
    return Environment(
        loader=FileSystemLoader(str(directory)),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )


def render_prompt(name: str, /, directory: Path = PROMPTS_DIR, **variables: Any) -> str:
    """Render ``prompts/<name>.jinja``; a missing variable is an error, not an empty string."""
    return _environment(directory).get_template(f"{name}.jinja").render(**variables).strip()


def prompt_names(directory: Path = PROMPTS_DIR) -> list[str]:
    return sorted(p.stem for p in directory.glob("*.jinja"))
