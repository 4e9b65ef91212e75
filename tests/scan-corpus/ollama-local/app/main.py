import os

from langchain_ollama import ChatOllama, OllamaEmbeddings

llm = ChatOllama(model=os.environ.get("OLLAMA_MODEL", "support-assistant"), temperature=0)  # expect-model: support-assistant
embeddings = OllamaEmbeddings(model="nomic-embed-text")  # expect-model: nomic-embed-text
