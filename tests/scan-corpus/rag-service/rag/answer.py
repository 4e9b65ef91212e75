import ollama

from rag.settings import GENERATION_MODEL


def answer(question: str, context: str) -> str:
    reply = ollama.chat(
        model=GENERATION_MODEL,
        messages=[{"role": "user", "content": f"{context}\n\n{question}"}],
    )
    return reply["message"]["content"]


def embed(texts: list[str]):
    return ollama.embed(model="nomic-embed-text", input=texts)  # expect-model: nomic-embed-text
