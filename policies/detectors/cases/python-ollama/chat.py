import ollama
from ollama import Client

reply = ollama.chat(model="llama3.2", messages=[{"role": "user", "content": "hi"}])  # expect-model: llama3.2
client = Client(host="http://localhost:11434")
vectors = client.embed(model="nomic-embed-text", input=["a"])  # expect-model: nomic-embed-text
