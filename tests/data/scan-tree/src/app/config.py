"""Settings, read from the environment with defaults for development."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    openai_model: str = os.getenv("OPENAI_MODEL", "gpt-4o-mini")
    anthropic_model: str = "claude-3-haiku-20240307"
    content_type: str = "application/json"
    upload_mime: str = "multipart/form-data"
    model_dir: str = os.getenv("MODEL_DIR", "/var/lib/app/models")
    hub_repo: str = "your-org/your-model"  # set this to your fork
    template_repo: str = "username/model"
    image: str = "ghcr.io/acme/support-bot:latest"
    docs: str = "https://docs.acme.example/models/llama"


def settings() -> Settings:
    return Settings()
