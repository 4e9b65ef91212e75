"""`llm-choice schema`: print the declaration schema, for editors and other tools."""

from __future__ import annotations

import argparse
import sys

from checker.support.resources import schema_path
from checker.validate import DECLARATION_SCHEMA


def run(args: argparse.Namespace) -> int:
    sys.stdout.write(schema_path(DECLARATION_SCHEMA).read_text(encoding="utf-8"))
    return 0
