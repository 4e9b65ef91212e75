import { openai } from "@ai-sdk/openai";
import { bedrock } from "@ai-sdk/amazon-bedrock";
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, streamText, embed } from "ai";

const gateway = createOpenAI({ baseURL: process.env.GATEWAY_URL });

export async function POST(req: Request) {
  const result = streamText({
    model: openai("gpt-4o"), // expect-model: gpt-4o
    messages: await req.json(),
  });
  const { text } = await generateText({
    model: bedrock("anthropic.claude-3-haiku-20240307-v1:0"), // expect-model: anthropic.claude-3-haiku-20240307-v1:0
    prompt: "Summarise",
  });
  await embed({ model: openai.embedding("text-embedding-3-small"), value: text }); // expect-model: text-embedding-3-small
  await generateText({ model: gateway("gpt-4.1-mini"), prompt: "x" }); // expect-model: gpt-4.1-mini
  return result.toDataStreamResponse();
}
