resource "google_vertex_ai_endpoint_with_model_garden_deployment" "llama" {
  publisher_model_name = "publishers/meta/models/llama3-3@llama-3.3-70b-instruct-fp8" # expect-model: publishers/meta/models/llama3-3@llama-3.3-70b-instruct-fp8
  location             = "europe-west4"
}
