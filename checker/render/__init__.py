"""One module per output format; each has `render(report, stream, color)`."""

from __future__ import annotations

import importlib
from typing import Any, TextIO

from checker.report import Report


def render(report: Report, name: str, stream: TextIO, color: bool = False) -> None:
    # imported on demand, so a run pays only for the format it writes
    module: Any = importlib.import_module(f"checker.render.{name}")
    module.render(report, stream, color)
