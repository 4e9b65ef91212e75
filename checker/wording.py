"""How counts read in a sentence a reviewer would write: "1 warning", "2 warnings"."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count` with the noun that fits it: plural(1, "case") is "1 case", plural(0,
    "case") "0 cases"; give the plural form where adding an s is wrong ("policies")."""
    noun = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {noun}"
