import google.generativeai as genai

model = genai.GenerativeModel("gemini-1.5-flash")  # expect-model: gemini-1.5-flash
