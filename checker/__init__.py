"""llm-choice: policy-as-code governance checks for a project's language models."""

__version__ = "0.1.0"

# where the project lives: SARIF's informationUri, the base of each rule's documentation page
HOMEPAGE = "https://github.com/llm-choice/llm-choice"
