package llm

import (
	"testing"

	"github.com/openai/openai-go"
)

func TestParams(t *testing.T) {
	p := openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o}
	_ = p
}
