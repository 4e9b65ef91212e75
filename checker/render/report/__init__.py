"""Renderers of a check's Report: text, JSON, SARIF, JUnit, GitHub and GitLab
annotations, Markdown, and the fingerprints CI systems follow findings by."""
