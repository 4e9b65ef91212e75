import { ChatOpenAI } from "@langchain/openai";
import { ChatAnthropic } from "@langchain/anthropic";
import { ChatOllama } from "@langchain/ollama";

const model = new ChatOpenAI({ model: "gpt-4o-mini", temperature: 0 }); // expect-model: gpt-4o-mini
const old = new ChatOpenAI({ modelName: "gpt-3.5-turbo" }); // expect-model: gpt-3.5-turbo
const claude = new ChatAnthropic({ model: "claude-3-5-sonnet-20241022" }); // expect-model: claude-3-5-sonnet-20241022
const local = new ChatOllama({ model: "llama3.1" }); // expect-model: llama3.1
