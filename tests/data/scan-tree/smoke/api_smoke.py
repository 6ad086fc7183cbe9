"""Smoke checks of the HTTP API against a stub server."""

import json

import httpx

STUB = "http://127.0.0.1:9999"


def check_chat():
    body = {"model": "support", "messages": [{"role": "user", "content": "hi"}]}
    reply = httpx.post(f"{STUB}/chat", json=body, headers={"Content-Type": "application/json"})
    assert reply.status_code == 200
    assert json.loads(reply.text)["model"] in ("support", "gpt-4o-mini")
