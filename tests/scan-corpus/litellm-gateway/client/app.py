"""Clients talk to the gateway by route name, never by model id."""

from openai import OpenAI

gateway = OpenAI(base_url="http://litellm:4000", api_key="sk-gateway")


def ask(question: str) -> str:
    reply = gateway.chat.completions.create(
        model="claude-sonnet",  # expect-model: bedrock/anthropic.claude-3-5-sonnet-20240620-v1:0
        messages=[{"role": "user", "content": question}],
    )
    return reply.choices[0].message.content


def embed(text: str):
    return gateway.embeddings.create(model="embeddings", input=text)  # expect-model: openai/text-embedding-3-small
