import OpenAI from "openai";
import { config } from "./config";

const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });
const DEFAULT_MODEL = process.env.CHAT_MODEL ?? "gpt-4o-mini"; // expect-model: gpt-4o-mini

export async function answer(question: string) {
  const completion = await client.chat.completions.create({
    model: "gpt-4o", // expect-model: gpt-4o
    messages: [{ role: "user", content: question }],
  });
  return completion.choices[0].message.content;
}

export async function cheap(question: string) {
  return client.chat.completions.create({ model: DEFAULT_MODEL, messages: [] });
}

export async function embed(input: string[]) {
  return client.embeddings.create({ model: config.embeddingModel, input });
}

// prose: "we moved from gpt-3.5-turbo to gpt-4o in March"
const product = { model: "gpt-4o", price: 10 };
