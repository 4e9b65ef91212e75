"""One escaping rule per output format, applied where untrusted text (anything from a
declaration, its file name or a report file) meets the format.

- terminal: text and workflow logs. Control characters (ESC sequences that move the cursor
  or recolour a terminal, line breaks that start a line of their own, Unicode direction
  overrides) become visible escapes, and a line never starts with `::`, which GitHub's
  runner would take for a workflow command.
- github_data / github_property: the runner's own escaping of a workflow command's message
  and properties (actions/toolkit, command.ts).
- markdown / markdown_code: a pull-request comment, a job summary, a wiki page. Every ASCII
  punctuation character is backslash-escaped (CommonMark allows it for all of them), so no
  HTML, link, image, autolink, emphasis or table pipe can come from the text; a code span
  is fenced with more backticks than the text holds in a row.
- csv_cell: a cell that a spreadsheet would run as a formula (=, +, -, @, a tab or line
  break, and their full-width forms) is prefixed with an apostrophe (OWASP, "CSV Injection").
HTML documents escape with jinja2's autoescaping (markupsafe); JSON, SARIF and the JSON
audit are written by the json module, which escapes on its own.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, the Unicode line and paragraph separators, and the direction
# marks, embeddings, overrides and isolates (the "Trojan Source" characters, CVE-2021-42574)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_SPACE = re.compile(r"[\t\n\r\x0b\x0c\u2028\u2029]+")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """One line of plain text for a terminal or a CI log."""
    shown = _CONTROL.sub(_visible, text)
    return "\\x3a" + shown[1:] if shown.startswith("::") else shown


def github_data(text: str) -> str:
    """A workflow command's message: line breaks in the runner's encoding (the annotation
    shows them), every other control character visible."""
    shown = _CONTROL.sub(lambda m: m.group() if m.group() in "\r\n" else _visible(m), text)
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown(text: object) -> str:
    """Inline Markdown that shows `text` as it is, on one line, and does nothing else."""
    folded = _SPACE.sub(" ", str(text))
    return _PUNCTUATION.sub(r"\\\1", _CONTROL.sub(_visible, folded))


def markdown_code(text: object) -> str:
    """A code span showing `text` as it is (nothing inside a code span is interpreted)."""
    folded = _CONTROL.sub(_visible, _SPACE.sub(" ", str(text)))
    longest = max((len(run) for run in re.findall("`+", folded)), default=0)
    fence = "`" * (longest + 1)
    # a span that starts or ends with a backtick needs a space inside its fence; a pipe
    # would still end a table cell, so it is shown escaped (GitHub unescapes it in spans)
    padded = f" {folded} " if folded.startswith("`") or folded.endswith("`") else folded
    return f"{fence}{padded.replace('|', chr(92) + '|')}{fence}"


def csv_cell(value: object) -> object:
    """A CSV cell no spreadsheet will run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return "" if value is None else value
