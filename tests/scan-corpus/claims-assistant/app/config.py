"""Application settings, read from the environment (pydantic-settings)."""

import os

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    CHAT_MODEL: str = "gpt-4o"  # expect-model: gpt-4o
    TRIAGE_MODEL: str = Field(default="claude-3-5-haiku-latest")  # expect-model: claude-3-5-haiku-latest
    database_url: str = "postgresql://localhost/claims"
    vllm_url: str = os.getenv("VLLM_URL", "http://vllm:8000/v1")


settings = Settings()
