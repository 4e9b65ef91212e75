#!/bin/sh
set -e
ollama pull llama3.2  # expect-model: llama3.2
# expect-model: google/gemma-2-9b-it
python -m vllm.entrypoints.openai.api_server --model google/gemma-2-9b-it \
  --port 8000
echo "serve --model gpt-4o later"
