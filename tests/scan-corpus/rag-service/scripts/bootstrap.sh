#!/usr/bin/env bash
set -euo pipefail
ollama pull llama3.1:8b  # expect-model: llama3.1:8b
ollama pull nomic-embed-text  # expect-model: nomic-embed-text
echo "Models ready (llama3.1:8b, nomic-embed-text)"
