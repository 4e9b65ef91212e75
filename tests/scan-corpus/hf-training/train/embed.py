from sentence_transformers import SentenceTransformer

encoder = SentenceTransformer("BAAI/bge-m3", device="cuda")  # expect-model: BAAI/bge-m3
vectors = encoder.encode(["claim text"], normalize_embeddings=True)
