package main

import (
	"context"

	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"
)

const summaryModel = "gpt-4.1-mini" // expect-model: gpt-4.1-mini

func main() {
	client := openai.NewClient(option.WithAPIKey("k"))
	chat, _ := client.Chat.Completions.New(context.TODO(), openai.ChatCompletionNewParams{
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("Say this is a test")},
		Model:    openai.ChatModelGPT4o, // expect-model: gpt-4o
	})
	_ = chat
	_, _ = client.Chat.Completions.New(context.TODO(), openai.ChatCompletionNewParams{
		Model: summaryModel,
	})
	_, _ = client.Embeddings.New(context.TODO(), openai.EmbeddingNewParams{
		Model: "text-embedding-3-large", // expect-model: text-embedding-3-large
	})
}
