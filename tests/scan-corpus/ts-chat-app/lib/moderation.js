const OpenAI = require("openai");

const openai = new OpenAI();

async function moderate(input) {
  const result = await openai.moderations.create({ model: "omni-moderation-latest", input }); // expect-model: omni-moderation-latest
  return result.results[0].flagged;
}

const car = { make: "Tesla", model: "Model 3" };
module.exports = { moderate, car };
