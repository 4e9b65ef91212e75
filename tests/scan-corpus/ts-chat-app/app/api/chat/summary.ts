import { GoogleGenAI } from "@google/genai";
import { MODELS } from "../../../lib/models";

const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });

export async function summarise(text: string): Promise<string> {
  const response = await ai.models.generateContent({ model: MODELS.summary, contents: text });
  return response.text ?? "";
}
