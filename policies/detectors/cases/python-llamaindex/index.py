from llama_index.core import Settings, VectorStoreIndex
from llama_index.embeddings.huggingface import HuggingFaceEmbedding
from llama_index.llms.ollama import Ollama
from llama_index.llms.openai import OpenAI

Settings.llm = OpenAI(model="gpt-4o-mini", temperature=0.1)  # expect-model: gpt-4o-mini
Settings.embed_model = HuggingFaceEmbedding(model_name="BAAI/bge-small-en-v1.5")  # expect-model: BAAI/bge-small-en-v1.5
offline = Ollama(model="mistral:7b", request_timeout=120.0)  # expect-model: mistral:7b
index = VectorStoreIndex.from_documents([])
