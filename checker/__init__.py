"""llm-choice: policy-as-code governance checks for a project's language models."""

__version__ = "0.1.0"
