"""Chat and embeddings with the OpenAI SDK; the model is named in several ways."""

import os

from openai import AsyncOpenAI, AzureOpenAI, OpenAI

CHAT_MODEL = "gpt-4o-mini"  # expect-model: gpt-4o-mini

client = OpenAI()
azure = AzureOpenAI(api_version="2024-10-21")


def answer(question: str) -> str:
    completion = client.chat.completions.create(
        # expect-model: gpt-4o
        model="gpt-4o",
        messages=[{"role": "user", "content": question}],
    )
    return completion.choices[0].message.content


def summarise(text: str) -> str:
    return client.chat.completions.create(model=CHAT_MODEL, messages=[]).id


def embed(texts: list[str]) -> list[list[float]]:
    # expect-model: text-embedding-3-small
    response = client.embeddings.create(model="text-embedding-3-small", input=texts)
    return [d.embedding for d in response.data]


async def respond(prompt: str, model: str = os.environ.get("RESPONSES_MODEL", "o4-mini")):  # expect-model: o4-mini
    return await AsyncOpenAI().responses.create(model=model, input=prompt)


def on_azure(prompt: str):
    # the deployment name is what Azure takes as `model`
    return azure.chat.completions.create(model=os.environ["AZURE_DEPLOYMENT"], messages=[])  # expect-model: ?


# not a model: a product catalogue's `model` field and a CLI flag
product = {"model": "gpt-4o", "sku": "X100"}
print("--model gpt-4o is the default")
