import os

CHAT_MODEL = os.getenv("CHAT_MODEL", "gpt-4.1-mini")  # expect-model: gpt-4.1-mini
EMBEDDING_MODEL = os.environ.get("EMBEDDING_MODEL", default="text-embedding-3-small")  # expect-model: text-embedding-3-small
# not model ids: the catalogue does not know them, or the variable is not a model's
PRODUCT_MODEL = os.getenv("PRODUCT_MODEL", "X100-Pro")
REGION = os.getenv("AWS_REGION", "eu-west-1")
