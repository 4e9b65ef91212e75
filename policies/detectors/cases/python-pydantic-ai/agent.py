from pydantic_ai import Agent
from pydantic_ai.models.openai import OpenAIModel

agent = Agent("openai:gpt-4o", system_prompt="Be concise.")  # expect-model: openai:gpt-4o
vertex = Agent(model="google-vertex:gemini-2.0-flash")  # expect-model: google-vertex:gemini-2.0-flash
explicit = Agent(OpenAIModel("gpt-4o-mini"))  # expect-model: gpt-4o-mini
