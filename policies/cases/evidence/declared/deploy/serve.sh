#!/bin/sh
# the claims assistant's model, on the organisation's own GPU nodes
exec vllm serve meta-llama/Llama-3.1-8B-Instruct --port 8000 --max-model-len 8192
