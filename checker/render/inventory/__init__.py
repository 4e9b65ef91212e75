"""Renderers of `scan`'s inventory: text, JSON, SARIF and detector cases
(formats.py), and the AI-BOM with the references as evidence (cyclonedx.py)."""
