variable "chat_model" {
  type    = string
  default = "gpt-4o" # expect-model: gpt-4o
}

resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat-prod"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  model {
    format  = "OpenAI"
    name    = var.chat_model
    version = "2024-08-06"
  }
  sku {
    name = "Standard"
  }
}

resource "aws_bedrockagent_agent" "claims" {
  agent_name       = "claims"
  foundation_model = "anthropic.claude-3-5-sonnet-20240620-v1:0" # expect-model: anthropic.claude-3-5-sonnet-20240620-v1:0
}

resource "aws_s3_bucket" "models" {
  bucket = "model-artifacts"
}
