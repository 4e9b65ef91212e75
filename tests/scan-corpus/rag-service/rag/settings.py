import os

EMBEDDING_MODEL = os.getenv("EMBEDDING_MODEL", "BAAI/bge-small-en-v1.5")  # expect-model: BAAI/bge-small-en-v1.5
GENERATION_MODEL = os.getenv("GENERATION_MODEL", "llama3.1:8b")  # expect-model: llama3.1:8b
RERANKER = "cross-encoder/ms-marco-MiniLM-L-6-v2"  # expect-model: cross-encoder/ms-marco-MiniLM-L-6-v2
CHUNK_SIZE = int(os.getenv("CHUNK_SIZE", "512"))
