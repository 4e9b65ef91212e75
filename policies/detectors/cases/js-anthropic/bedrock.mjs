import { AnthropicBedrock } from "@anthropic-ai/bedrock-sdk";

const client = new AnthropicBedrock({ awsRegion: "us-east-1" });
await client.messages.create({
  // expect-model: anthropic.claude-3-5-haiku-20241022-v1:0
  model: "anthropic.claude-3-5-haiku-20241022-v1:0",
  max_tokens: 256,
  messages: [],
});
