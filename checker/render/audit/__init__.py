"""Renderers of a portfolio audit: Markdown, HTML (with its charts), JSON, CSV and
the audit as a directory of pages."""
