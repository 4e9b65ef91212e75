export const MODELS = {
  chat: "gpt-4o", // expect-model: gpt-4o
  summary: "gemini-2.0-flash", // expect-model: gemini-2.0-flash
} as const;

export const FALLBACK_MODEL = process.env.FALLBACK_MODEL || "claude-3-5-haiku-latest"; // expect-model: claude-3-5-haiku-latest
