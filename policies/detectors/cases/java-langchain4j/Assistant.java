package com.example.assistant;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;

public class Assistant {
    private static final String MODEL = "gpt-4o-mini"; // expect-model: gpt-4o-mini

    ChatModel openAi() {
        return OpenAiChatModel.builder()
                .apiKey(System.getenv("OPENAI_API_KEY"))
                .modelName(MODEL)
                .temperature(0.3)
                .build();
    }

    ChatModel local() {
        return OllamaChatModel.builder()
                .baseUrl("http://localhost:11434")
                .modelName("llama3.1:8b") // expect-model: llama3.1:8b
                .build();
    }

    // a car's model name is not a language model
    record Car(String modelName) {}
    Car car = new Car("Model S");
}
