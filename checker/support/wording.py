"""How counts read in a sentence a reviewer would write: "1 warning", "2 warnings"."""

from __future__ import annotations

import stat


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`count` with the noun that fits it: plural(1, "case") is "1 case", plural(0,
    "case") "0 cases"; give the plural form where adding an s is wrong ("policies")."""
    noun = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {noun}"


def counts(by_severity: dict[str, int]) -> str:
    """A record's findings counted as a reviewer writes them: "1 error, 2 warnings, 0 info
    findings, 1 waived"."""
    return ", ".join(
        (
            plural(by_severity.get("error", 0), "error"),
            plural(by_severity.get("warning", 0), "warning"),
            plural(by_severity.get("info", 0), "info finding"),
            f"{by_severity.get('waived', 0):,} waived",
        )
    )


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, from its `st_mode`, as a user says it."""
    kinds = (
        (stat.S_ISDIR, "directory"),
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    )
    return next((name for test, name in kinds if test(mode)), "special file")
