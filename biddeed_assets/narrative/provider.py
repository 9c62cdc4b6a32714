"""One chat completion from any OpenAI-compatible API (POST {base_url}/chat/completions) over httpx.

A failure is a ProviderError whose `outcome` says what kind: rate_limited (429), server_error (5xx),
http_error (another status, e.g. a revoked key's 401), timeout, unreachable, garbage (a 2xx whose body is
not a completion) or no_usage (a priced call that does not say what it cost).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx


class ProviderError(Exception):
    def __init__(self, outcome: str, message: str):
        super().__init__(message)
        self.outcome = outcome


@dataclass(frozen=True, slots=True)
class Completion:
    text: str
    tokens_in: int | None
    tokens_out: int | None


def _usage(body: dict[str, Any]) -> tuple[int | None, int | None]:
    usage = body.get("usage")
    if not isinstance(usage, dict):
        return None, None
    tokens_in, tokens_out = usage.get("prompt_tokens"), usage.get("completion_tokens")
    valid = all(isinstance(t, int) and not isinstance(t, bool) and t >= 0 for t in (tokens_in, tokens_out))
    return (tokens_in, tokens_out) if valid else (None, None)


def parse_completion(raw: bytes) -> Completion:
    """The first choice's message text and the token usage; anything else is garbage."""
    try:
        body = json.loads(raw)
        text = body["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise ProviderError("garbage", "the response is not a chat completion") from None
    if not isinstance(text, str):
        raise ProviderError("garbage", "the completion's content is not text")
    return Completion(text.strip(), *_usage(body))


def chat(client: httpx.Client, *, base_url: str, api_key: str | None, model: str, messages: list[dict[str, str]],
         max_tokens: int, timeout_s: float) -> Completion:
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    url = base_url.rstrip("/") + "/chat/completions"
    payload = {"model": model, "messages": messages, "max_tokens": max_tokens, "temperature": 0}
    try:
        response = client.post(url, json=payload, headers=headers, timeout=timeout_s)
    except httpx.TimeoutException:
        raise ProviderError("timeout", f"no answer within {timeout_s:g} s") from None
    except httpx.HTTPError as exc:
        raise ProviderError("unreachable", f"{type(exc).__name__} reaching the provider") from None
    status = response.status_code
    if status == 429:
        raise ProviderError("rate_limited", "429 rate limited")
    if status >= 500:
        raise ProviderError("server_error", f"{status} from the provider")
    if status >= 300:
        raise ProviderError("http_error", f"{status} from the provider")
    return parse_completion(response.content)
