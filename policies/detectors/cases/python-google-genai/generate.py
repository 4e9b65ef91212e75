from google import genai
from google.genai import types

client = genai.Client()
response = client.models.generate_content(
    model="gemini-2.0-flash",  # expect-model: gemini-2.0-flash
    contents="Why is the sky blue?",
    config=types.GenerateContentConfig(temperature=0.1),
)
chat = client.chats.create(model="gemini-2.5-pro")  # expect-model: gemini-2.5-pro
