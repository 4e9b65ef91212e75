package llm

import (
	"context"
	"os"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/openai/openai-go"
)

// DefaultModel is used when the job does not name one.
const DefaultModel = openai.ChatModelGPT4oMini // expect-model: gpt-4o-mini

type Worker struct {
	oai    openai.Client
	claude anthropic.Client
}

func (w *Worker) Classify(ctx context.Context, text string) (string, error) {
	resp, err := w.oai.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage(text)},
		Model:    DefaultModel,
	})
	if err != nil {
		return "", err
	}
	return resp.Choices[0].Message.Content, nil
}

func (w *Worker) Review(ctx context.Context, text string) error {
	_, err := w.claude.Messages.New(ctx, anthropic.MessageNewParams{
		Model:     anthropic.ModelClaudeSonnet4_20250514, // expect-model: claude-sonnet-4-20250514
		MaxTokens: 2048,
		Messages:  []anthropic.MessageParam{anthropic.NewUserMessage(anthropic.NewTextBlock(text))},
	})
	return err
}

func (w *Worker) Custom(ctx context.Context, text string) error {
	_, err := w.oai.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model: os.Getenv("CUSTOM_MODEL"), // expect-model: ?
	})
	return err
}
