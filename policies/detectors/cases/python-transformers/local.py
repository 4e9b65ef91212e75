from sentence_transformers import SentenceTransformer
from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

BASE = "meta-llama/Llama-3.1-8B-Instruct"  # expect-model: meta-llama/Llama-3.1-8B-Instruct

tokenizer = AutoTokenizer.from_pretrained(BASE)
model = AutoModelForCausalLM.from_pretrained(BASE, torch_dtype="auto")
classifier = pipeline("text-classification", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")  # expect-model: distilbert/distilbert-base-uncased-finetuned-sst-2-english
encoder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")  # expect-model: sentence-transformers/all-MiniLM-L6-v2
