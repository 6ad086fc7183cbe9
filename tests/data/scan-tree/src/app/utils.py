"""Odds and ends."""

import json
import mimetypes

SOURCE = "https://github.com/acme/support-bot"
UPSTREAM = "github.com/huggingface/transformers"
ISSUES = "https://gitlab.com/acme/support-bot/-/issues"


def guess(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def dump(obj) -> str:
    return json.dumps(obj, indent=2)
