import dspy
from pydantic_ai import Agent
from langchain.chat_models import init_chat_model

PLANNER = "anthropic:claude-3-7-sonnet-latest"  # expect-model: anthropic:claude-3-7-sonnet-latest

planner = Agent(PLANNER, system_prompt="Plan the research in steps.")
writer = Agent("openai:gpt-4.1", output_type=str)  # expect-model: openai:gpt-4.1
lm = dspy.LM("openai/gpt-4o-mini", max_tokens=2000)  # expect-model: openai/gpt-4o-mini
dspy.configure(lm=lm)
critic = init_chat_model("gemini-2.0-flash", model_provider="google_genai")  # expect-model: gemini-2.0-flash


class Answer(dspy.Signature):
    """Answer with citations; say gpt-4o is not used here."""

    question: str = dspy.InputField()
    answer: str = dspy.OutputField()
