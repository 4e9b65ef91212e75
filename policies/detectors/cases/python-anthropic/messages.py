import anthropic
from anthropic import AnthropicBedrock, AnthropicVertex

client = anthropic.Anthropic()
message = client.messages.create(
    model="claude-3-5-sonnet-latest",  # expect-model: claude-3-5-sonnet-latest
    max_tokens=1024,
    messages=[{"role": "user", "content": "Hello"}],
)

bedrock = AnthropicBedrock(aws_region="eu-central-1")
# expect-model: anthropic.claude-3-5-sonnet-20241022-v2:0
bedrock.messages.create(model="anthropic.claude-3-5-sonnet-20241022-v2:0", max_tokens=256, messages=[])

vertex = AnthropicVertex(region="europe-west1", project_id="p")
with vertex.messages.stream(model="claude-3-5-haiku@20241022", max_tokens=64, messages=[]) as s:  # expect-model: claude-3-5-haiku@20241022
    pass

# a docstring naming claude-3-opus is prose, not usage
"""Use claude-3-opus-20240229 for long documents."""
