import litellm

response = litellm.completion(
    model="bedrock/anthropic.claude-3-haiku-20240307-v1:0",  # expect-model: bedrock/anthropic.claude-3-haiku-20240307-v1:0
    messages=[{"role": "user", "content": "hi"}],
)
vectors = litellm.embedding(model="azure/text-embedding-3-small", input=["x"])  # expect-model: azure/text-embedding-3-small
local = litellm.completion("ollama/llama3.2", messages=[])  # expect-model: ollama/llama3.2
