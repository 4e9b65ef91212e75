resource "azurerm_cognitive_account" "openai" {
  name                = "claims-openai"
  kind                = "OpenAI"
  sku_name            = "S0"
  location            = "swedencentral"
  resource_group_name = var.resource_group
}

resource "azurerm_cognitive_deployment" "chat" {
  name                 = "chat"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  model {
    format  = "OpenAI"
    name    = "gpt-4o-mini" # expect-model: gpt-4o-mini
    version = "2024-07-18"
  }
  sku {
    name = "GlobalStandard"
  }
}

resource "azurerm_cognitive_deployment" "embeddings" {
  name                 = "embeddings"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  model {
    format  = "OpenAI"
    name    = local.embedding_model
    version = "1"
  }
  sku {
    name = "Standard"
  }
}

locals {
  embedding_model = "text-embedding-3-large" # expect-model: text-embedding-3-large
}

variable "resource_group" {
  type = string
}
