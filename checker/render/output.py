"""The one interface of every renderer: `render(subject, out)` writes a subject to an Output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO


@dataclass(frozen=True)
class Output:
    """Where a renderer writes, and how."""

    stream: TextIO
    color: bool = False  # styled text for a terminal


Renderer = Callable[[Any, Output], None]
