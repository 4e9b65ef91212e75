"""One spelling per model id: the canonical form an id is resolved by, and how the id as
written departs from it.

Ids used to be compared as written after `strip().lower()`, so a known model became a
stranger (and escaped every check the catalogue feeds) when written with look-alike letters
of another script (a Cyrillic o, U+043E, in `gpt-4o`), invisible characters (a zero-width
space), another dash (U+2010 hyphen, U+2013 en dash, U+2212 minus), full-width forms (U+FF47
for `g`) or percent-encoding (`gpt%2D4o`).
The canonical form undoes each of these; what was undone is a fact (`facts.identity.altered`)
that a policy judges. An id longer than `MAX_ID_LENGTH` is not worked on at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# longer than any id a provider or the Hugging Face Hub uses (a Hub repository id is at most
# 96 + 1 + 96 characters; a Bedrock inference-profile ARN about 120): the schema's maxLength
MAX_ID_LENGTH = 256

# what the id as written had, that its canonical form does not; each a kind with its words
ALTERATIONS = {
    "too-long": f"longer than {MAX_ID_LENGTH} characters: not read as an id at all",
    "percent-encoded": "percent-encoded characters",
    "compatibility-forms": "full-width or other compatibility forms of characters",
    "invisible-characters": "invisible characters",
    "dashes": "a dash other than the hyphen-minus",
    "spaces": "a space other than the plain space",
    "look-alike-characters": "letters of another script that look like Latin ones",
}

_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# characters that look like "-" (Unicode dash punctuation, Pd, and these few others)
_DASH_LIKE = frozenset("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d")
# Default_Ignorable_Code_Point beyond the format characters (Cf), which go too
# (https://www.unicode.org/Public/16.0.0/ucd/DerivedCoreProperties.txt, as of 2026-12-04)
_IGNORABLE = frozenset(
    chr(c)
    for lo, hi in (
        (0x034F, 0x034F),
        (0x115F, 0x1160),
        (0x17B4, 0x17B5),
        (0x180B, 0x180F),
        (0x3164, 0x3164),
        (0xFE00, 0xFE0F),
        (0xFFA0, 0xFFA0),
        (0xE0100, 0xE01EF),
    )
    for c in range(lo, hi + 1)
)
# letters of other scripts that Unicode lists as confusable with a Latin letter (UTS #39,
# https://www.unicode.org/Public/security/16.0.0/confusables.txt, as of 2026-12-04): the
# Cyrillic, Greek, Armenian and Latin-extended ones seen in spoofed names, each listed
# with the Latin letter it imitates at the same place below
_LOOK_ALIKES = str.maketrans(
    (
        "\u0430\u0435\u04bb\u0456\u0458\u04cf\u043e\u0440\u051b\u0441\u0455\u0443\u051d\u0445"
        "\u0501\u04af\u0410\u0412\u0415\u041d\u0406\u0408\u041a\u041c\u041e\u0420\u051a\u0421"
        "\u0405\u0422\u0425\u04ae\u051c\u03b1\u03b9\u03ba\u03bd\u03bf\u03c1\u03c5\u03c7\u0391"
        "\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u0570"
        "\u0578\u057d\u0585\u0581\u0566\u0131\u0237\u0251\u0261\u0269\u028f"
    ),
    ("aehijlopqcsywxdyABEHIJKMOPQCSTXYWaikvopuxABEZHIKMNOPTYXhnuogqijagiy"),
)


@dataclass(frozen=True, slots=True)
class CanonicalId:
    """An id as written, its canonical form, and the kinds of ALTERATIONS between them."""

    written: str
    text: str
    altered: tuple[str, ...] = ()

    @property
    def readable(self) -> bool:
        """Whether the id may be resolved at all (it is within the length bound)."""
        return "too-long" not in self.altered


@lru_cache(maxsize=4096)
def canonical_id(written: str) -> CanonicalId:
    """The canonical form of a model id: percent-decoded, NFKC-normalised, without invisible
    characters, with one hyphen and one space, and with look-alike letters read as the Latin
    ones they imitate when every non-ASCII letter of the id is one. Linear in the id's
    length, which is bounded before anything else is done."""
    if len(written) > MAX_ID_LENGTH:
        return CanonicalId(written, written, ("too-long",))
    altered: list[str] = []
    text = written
    for _ in range(3):  # encoded twice (%252D) is still encoded; each round shortens the text
        if not _PERCENT.search(text):
            break
        decoded = _percent_decoded(text)
        if decoded == text:
            break
        text = decoded
        if "percent-encoded" not in altered:
            altered.append("percent-encoded")
    normal = unicodedata.normalize("NFKC", text)
    if normal != text:
        altered.append("compatibility-forms")
        text = normal
    visible = "".join(c for c in text if not _invisible(c))
    if visible != text:
        altered.append("invisible-characters")
        text = visible
    dashed = "".join("-" if _dash(c) else c for c in text)
    if dashed != text:
        altered.append("dashes")
        text = dashed
    spaced = "".join(" " if c != " " and unicodedata.category(c) == "Zs" else c for c in text)
    if spaced != text:
        altered.append("spaces")
        text = spaced
    if not text.isascii():
        latin = text.translate(_LOOK_ALIKES)
        if latin != text and latin.isascii():
            altered.append("look-alike-characters")
            text = latin
    return CanonicalId(written, text, tuple(altered))


def _percent_decoded(text: str) -> str:
    from urllib.parse import unquote  # only for an id that has a %XX in it

    return unquote(text, errors="strict") if _utf8(text) else text


def _utf8(text: str) -> bool:
    from urllib.parse import unquote_to_bytes

    try:
        unquote_to_bytes(text).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" or char in _IGNORABLE


def _dash(char: str) -> bool:
    return char != "-" and (char in _DASH_LIKE or unicodedata.category(char) == "Pd")
