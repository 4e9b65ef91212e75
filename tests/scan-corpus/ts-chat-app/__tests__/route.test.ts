import { openai } from "@ai-sdk/openai";
import { generateText } from "ai";

test("answers", async () => {
  const { text } = await generateText({ model: openai("gpt-4o-mini"), prompt: "ping" });
  expect(text).toBeTruthy();
});
