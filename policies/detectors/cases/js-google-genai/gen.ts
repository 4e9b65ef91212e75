import { GoogleGenAI } from "@google/genai";

const ai = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY });
const response = await ai.models.generateContent({
  model: "gemini-2.5-flash", // expect-model: gemini-2.5-flash
  contents: "Explain how AI works in a few words",
});
console.log(response.text);
