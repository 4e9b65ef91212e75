import { anthropic } from "@ai-sdk/anthropic";
import { openai } from "@ai-sdk/openai";
import { streamText } from "ai";
import { FALLBACK_MODEL, MODELS } from "../../../lib/models";

export const maxDuration = 30;

export async function POST(req: Request) {
  const { messages, cheap } = await req.json();
  const result = streamText({
    model: cheap ? anthropic(FALLBACK_MODEL) : openai(MODELS.chat),
    system: "You are a helpful assistant.",
    messages,
  });
  return result.toDataStreamResponse();
}
