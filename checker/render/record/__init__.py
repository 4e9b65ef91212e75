"""Renderers of one project's decision record: Markdown and HTML."""
