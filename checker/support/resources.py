"""Locates the data files (schemas, policies) in a wheel or in a source checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # checker/, above support/
# the name a configuration gives the built-in pack (policies/)
BUILTIN = "builtin"


@cache
def data_dir(name: str) -> Path:
    """The directory `schemas` or `policies`: inside the installed package, else the checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the data directory {name!r} is missing from this installation")


def schema_path(name: str) -> Path:
    return data_dir("schemas") / name
