import dspy

lm = dspy.LM("openai/gpt-4o-mini", temperature=0)  # expect-model: openai/gpt-4o-mini
dspy.configure(lm=lm)
judge = dspy.LM(model="anthropic/claude-3-5-sonnet-20241022")  # expect-model: anthropic/claude-3-5-sonnet-20241022
qa = dspy.ChainOfThought("question -> answer")
