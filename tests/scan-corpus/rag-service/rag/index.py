from llama_index.core import Settings, SimpleDirectoryReader, VectorStoreIndex
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.llms.ollama import Ollama
from sentence_transformers import CrossEncoder

from rag import settings

Settings.embed_model = HuggingFaceEmbedding(model_name=settings.EMBEDDING_MODEL)
Settings.llm = Ollama(model=settings.GENERATION_MODEL, request_timeout=60.0)
reranker = CrossEncoder(settings.RERANKER)


def build(path: str) -> VectorStoreIndex:
    documents = SimpleDirectoryReader(path).load_data()
    return VectorStoreIndex.from_documents(documents, show_progress=True)
