from google import genai
from google.genai import types
import litellm

client = genai.Client(vertexai=True, project="research", location="europe-west4")


def grounded(query: str) -> str:
    response = client.models.generate_content(
        model="gemini-2.5-flash",  # expect-model: gemini-2.5-flash
        contents=query,
        config=types.GenerateContentConfig(tools=[types.Tool(google_search=types.GoogleSearch())]),
    )
    return response.text


def cheap(query: str) -> str:
    model_name = f"groq/{'llama-3.1-8b-instant'}"  # expect-model: ?
    return litellm.completion(model=model_name, messages=[{"role": "user", "content": query}])
