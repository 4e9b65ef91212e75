package com.example.assistant;

import dev.langchain4j.model.openai.OpenAiChatModel;

class SupportAgentTest {
    void builds() {
        OpenAiChatModel.builder().modelName("gpt-4o").build();
    }
}
