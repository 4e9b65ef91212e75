"""Plain scalars: what YAML 1.1 readers (PyYAML and many tools) and YAML 1.2 readers make of
an unquoted value, so that the loader can flag the values they disagree on (`NO`, `010`)."""

from __future__ import annotations

import math
import re
from typing import Any

from checker.source import Ambiguity

# -- plain scalars: YAML 1.1 (what PyYAML and many tools read) and YAML 1.2 core ---------

_BOOL11 = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
# the YAML 1.1 spec also has y/n, which PyYAML leaves as text but other readers do not
_BOOL11_SPEC_ONLY = {"y": True, "Y": True, "n": False, "N": False}
_BOOL12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOL12["FALSE"] = False
_NULL = {"", "~", "null", "Null", "NULL"}
_INT11 = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_FLOAT11 = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_INT12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT12 = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# a plain scalar can only be a number if it starts like one; the rest are text at once
_MAYBE_NUMBER = re.compile(r"[-+.0-9]")
_SPECIAL = _NULL | set(_BOOL11) | set(_BOOL11_SPEC_ONLY) | set(_BOOL12)
TYPE_NAMES = {str: "str", int: "int", float: "float", bool: "bool", type(None): "null"}
# A number a declaration could mean has a few dozen characters at most; converting a longer
# one costs time that grows with its length squared (sexagesimal 1:2:3:...) or fails past
# Python's 4,300-digit limit, so it is refused before any conversion.
MAX_NUMBER_TEXT = 64


class NumberTooLong(ValueError):
    """A plain scalar that reads as a number far longer than any a declaration needs."""


def resolve_plain(text: str) -> tuple[Any, Ambiguity | None]:
    """The YAML 1.1 value of a plain scalar and, where YAML 1.2 reads it otherwise, why."""
    if text not in _SPECIAL and not _MAYBE_NUMBER.match(text):
        return text, None  # most values: plain words, which every reader takes as text
    if len(text) > MAX_NUMBER_TEXT and any(
        pattern.fullmatch(text) for pattern in (_INT11, _FLOAT11, _INT12, _FLOAT12)
    ):
        raise NumberTooLong(text)
    value11 = _resolve11(text)
    if text in _BOOL11_SPEC_ONLY:
        return value11, Ambiguity(text, _BOOL11_SPEC_ONLY[text], text)
    value12 = _resolve12(text)
    if type(value11) is type(value12) and _same(value11, value12):
        return value11, None
    return value11, Ambiguity(text, value11, value12)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return bool(a == b)


def _resolve11(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL11:
        return _BOOL11[text]
    if not _MAYBE_NUMBER.match(text):
        return text
    if _INT11.fullmatch(text):
        return _int11(text.replace("_", ""))
    if _FLOAT11.fullmatch(text):
        return _float11(text.replace("_", "").lower())
    return text


def _resolve12(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL12:
        return _BOOL12[text]
    if not _MAYBE_NUMBER.match(text):
        return text
    if _INT12.fullmatch(text):
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text, 16) if text.startswith("0x") else int(text)
    if _FLOAT12.fullmatch(text):
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text


def _int11(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    if text.startswith("0b"):
        return sign * int(text[2:], 2)
    if text.startswith("0x"):
        return sign * int(text[2:], 16)
    if ":" in text:
        return sign * _sexagesimal(text)
    if text != "0" and text.startswith("0"):
        return sign * int(text, 8)
    return sign * int(text)


def _float11(text: str) -> float:
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * math.inf
    if text == ".nan":
        return math.nan
    if ":" in text:
        return sign * float(_sexagesimal(text))
    return sign * float(text)


def _sexagesimal(text: str) -> Any:
    total: Any = 0
    for part in text.split(":"):
        total = total * 60 + (float(part) if "." in part else int(part))
    return total
