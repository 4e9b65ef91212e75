package main

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go"
)

func main() {
	client := anthropic.NewClient()
	message, err := client.Messages.New(context.TODO(), anthropic.MessageNewParams{
		MaxTokens: 1024,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock("What is a quaternion?"))},
		Model:     anthropic.ModelClaude3_7SonnetLatest, // expect-model: claude-3-7-sonnet-latest
	})
	_, _ = message, err
	_, _ = client.Messages.New(context.TODO(), anthropic.MessageNewParams{
		Model: "claude-3-5-haiku-latest", // expect-model: claude-3-5-haiku-latest
	})
}
