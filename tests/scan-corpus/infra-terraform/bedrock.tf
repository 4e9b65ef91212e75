variable "agent_model" {
  description = "The foundation model of the claims agent"
  type        = string
  default     = "anthropic.claude-3-haiku-20240307-v1:0" # expect-model: anthropic.claude-3-haiku-20240307-v1:0
}

resource "aws_bedrockagent_agent" "claims" {
  agent_name              = "claims-agent"
  agent_resource_role_arn = aws_iam_role.agent.arn
  foundation_model        = var.agent_model
  instruction             = "You help adjusters. Never use gpt-4o."
}

data "aws_bedrock_foundation_model" "titan" {
  model_id = "amazon.titan-embed-text-v2:0" # expect-model: amazon.titan-embed-text-v2:0
}

resource "aws_s3_bucket" "model_artifacts" {
  bucket = "claims-model-artifacts"
  tags   = { model = "gpt-4o" }
}
