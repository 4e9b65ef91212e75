"""checker/report.py: the values a finding may quote."""

from __future__ import annotations

from checker.report import excerpt


def test_a_long_value_is_cut_at_a_word_end_and_says_how_long_it_is() -> None:
    name = "Mistral AI API model (a moving alias or a version the catalogue does not list)"
    shown = excerpt(name)
    assert shown == "Mistral AI API model (a moving alias or a version the\u2026 (78 characters)"
    assert excerpt("short") == "short"
    # one long word (a pasted key) is still cut at the limit: it is never copied whole
    secret = "x" * 200
    assert excerpt(secret) == "x" * 60 + "\u2026 (200 characters)"
