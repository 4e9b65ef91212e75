const Anthropic = require("@anthropic-ai/sdk");

const anthropic = new Anthropic();

async function main() {
  const msg = await anthropic.messages.create({
    model: "claude-3-7-sonnet-latest", // expect-model: claude-3-7-sonnet-latest
    max_tokens: 1024,
    messages: [{ role: "user", content: "Hello, Claude" }],
  });
  console.log(msg);
}
main();
