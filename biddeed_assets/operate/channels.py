"""Alert delivery channels: a Slack-compatible webhook, email over SMTP, a GitHub issue; each with retries.

Every error a channel reports is scrubbed of its secrets (the webhook URL, the token, the SMTP password),
so it can be stored, logged and shown.
"""

from __future__ import annotations

import json
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol

import httpx
import tenacity

WEBHOOK, EMAIL, GITHUB = "webhook", "email", "github"
CHANNELS = (WEBHOOK, EMAIL, GITHUB)
MIN_SEVERITY = {WEBHOOK: "info", EMAIL: "warning", GITHUB: "critical"}  # GitHub issues only for critical alerts

ENV = {
    "webhook_url": "BIDDEED_ALERT_WEBHOOK_URL",
    "smtp_host": "BIDDEED_ALERT_SMTP_HOST",
    "smtp_port": "BIDDEED_ALERT_SMTP_PORT",
    "smtp_user": "BIDDEED_ALERT_SMTP_USER",
    "smtp_password": "BIDDEED_ALERT_SMTP_PASSWORD",
    "smtp_security": "BIDDEED_ALERT_SMTP_SECURITY",
    "email_from": "BIDDEED_ALERT_EMAIL_FROM",
    "email_to": "BIDDEED_ALERT_EMAIL_TO",
    "github_repo": "BIDDEED_ALERT_GITHUB_REPO",
    "github_token": "BIDDEED_ALERT_GITHUB_TOKEN",
    "github_api_url": "BIDDEED_ALERT_GITHUB_API_URL",
}
SECRET_FIELDS = ("webhook_url", "smtp_password", "github_token")
GITHUB_API = "https://api.github.com"


class DeliveryError(Exception):
    """A channel could not deliver; the message is already free of secrets."""


class _Transient(Exception):
    """Worth another attempt now (connection refused, timeout, 429, 5xx, SMTP 4xx)."""


@dataclass(frozen=True)
class Notice:
    """What a channel sends about one alert."""

    alert_id: str
    severity: str
    title: str
    message: str
    context: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return f"[{self.severity.upper()}] {self.title}\n{self.message}\n(alert {self.alert_id[:8]}: biddeed alerts list)"


class Channel(Protocol):
    name: str

    def send(self, notice: Notice) -> str:
        """Deliver the notice; return a receipt (status, issue URL) or raise DeliveryError."""


def scrub(text: str, secrets: tuple[str | None, ...]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


@dataclass(frozen=True)
class Retry:
    """Attempts within one delivery try (tenacity, exponential backoff with jitter)."""

    attempts: int = 3
    wait_initial_s: float = 0.2
    wait_max_s: float = 2.0

    def run(self, fn):
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.attempts),
            wait=tenacity.wait_exponential_jitter(multiplier=self.wait_initial_s, max=self.wait_max_s,
                                                 jitter=self.wait_initial_s),
            retry=tenacity.retry_if_exception_type(_Transient), reraise=True)
        try:
            return retrying(fn)
        except _Transient as exc:
            raise DeliveryError(f"{exc} (after {self.attempts} attempts)") from None


def _post(client: httpx.Client, url: str, secrets: tuple[str | None, ...], **kwargs) -> httpx.Response:
    try:
        response = client.post(url, **kwargs)
    except httpx.TransportError as exc:
        raise _Transient(scrub(f"{type(exc).__name__}: {exc}", secrets)) from None
    if response.status_code == 429 or response.status_code >= 500:
        raise _Transient(f"HTTP {response.status_code}")
    if response.status_code >= 300:
        raise DeliveryError(f"HTTP {response.status_code}: {scrub(response.text[:200], secrets)}")
    return response


@dataclass(frozen=True)
class Webhook:
    """POST {"text": ...} to a Slack-compatible incoming webhook."""

    url: str
    timeout_s: float = 10.0
    retry: Retry = Retry()
    name: str = WEBHOOK

    def send(self, notice: Notice) -> str:
        secrets = (self.url,)
        with httpx.Client(timeout=self.timeout_s) as client:
            response = self.retry.run(lambda: _post(client, self.url, secrets, json={"text": notice.text()}))
        return f"HTTP {response.status_code}"


@dataclass(frozen=True)
class GitHubIssue:
    """Open an issue in owner/name through the REST API (POST /repos/{owner}/{repo}/issues)."""

    repo: str
    token: str
    api_url: str = GITHUB_API
    timeout_s: float = 10.0
    retry: Retry = Retry()
    name: str = GITHUB

    def send(self, notice: Notice) -> str:
        secrets = (self.token,)
        body = (f"**Severity:** {notice.severity}\n\n{notice.message}\n\n```json\n"
                f"{json.dumps(dict(notice.context), indent=2, default=str)}\n```\n\n"
                f"Alert `{notice.alert_id}`: `biddeed alerts resolve {notice.alert_id[:8]}` once handled.")
        payload = {"title": f"[{notice.severity}] {notice.title}"[:250], "body": body,
                   "labels": ["alert", notice.severity, "automated"]}
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/vnd.github+json",
                   "X-GitHub-Api-Version": "2022-11-28"}
        url = f"{self.api_url.rstrip('/')}/repos/{self.repo}/issues"
        with httpx.Client(timeout=self.timeout_s) as client:
            response = self.retry.run(lambda: _post(client, url, secrets, json=payload, headers=headers))
        try:
            return str(response.json().get("html_url") or f"issue #{response.json().get('number')}")
        except ValueError:
            return f"HTTP {response.status_code}"


@dataclass(frozen=True)
class Email:
    """One message to every recipient over SMTP (STARTTLS, SSL or plain; login when a user is given)."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    user: str | None = None
    password: str | None = None
    security: str = "starttls"  # starttls | ssl | none
    timeout_s: float = 10.0
    retry: Retry = Retry()
    name: str = EMAIL

    def send(self, notice: Notice) -> str:
        message = EmailMessage()
        message["Subject"] = f"[BidDeed {notice.severity}] {notice.title}"
        message["From"], message["To"] = self.sender, ", ".join(self.recipients)
        message.set_content(notice.text())
        self.retry.run(lambda: self._send_once(message))
        return f"sent to {len(self.recipients)} recipient(s)"

    def _send_once(self, message: EmailMessage) -> None:
        secrets = (self.password,)
        try:
            smtp_class = smtplib.SMTP_SSL if self.security == "ssl" else smtplib.SMTP
            with smtp_class(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(f"SMTP login refused ({exc.smtp_code})") from None
        except smtplib.SMTPResponseException as exc:
            reason = f"SMTP {exc.smtp_code}: {scrub(_text(exc.smtp_error), secrets)}"
            raise (_Transient(reason) if 400 <= exc.smtp_code < 500 else DeliveryError(reason)) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise _Transient(scrub(f"{type(exc).__name__}: {exc}", secrets)) from None


def _text(value: Any) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


@dataclass(frozen=True)
class ChannelSettings:
    """Every channel's settings; a channel whose required settings are missing is not configured."""

    webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_security: str | None = None
    email_from: str | None = None
    email_to: str | None = None
    github_repo: str | None = None
    github_token: str | None = None
    github_api_url: str | None = None
    retry: Retry = Retry()

    @classmethod
    def from_env(cls, env: Mapping[str, str], retry: Retry = Retry()) -> ChannelSettings:
        values: dict[str, Any] = {name: env.get(var) or None for name, var in ENV.items()}
        if values["smtp_port"] is not None:
            try:
                values["smtp_port"] = int(values["smtp_port"])
            except ValueError:
                raise ValueError(f"{ENV['smtp_port']} is not a port number: {values['smtp_port']!r}") from None
        return cls(**values, retry=retry)

    def secrets(self) -> tuple[str | None, ...]:
        return tuple(getattr(self, f) for f in SECRET_FIELDS)

    def channels(self) -> dict[str, Channel | str]:
        """Each channel, or why it is not configured (naming the variables to set)."""
        found: dict[str, Channel | str] = {}
        found[WEBHOOK] = Webhook(self.webhook_url, retry=self.retry) if self.webhook_url else \
            f"not configured: set {ENV['webhook_url']}"
        recipients = tuple(a.strip() for a in (self.email_to or "").split(",") if a.strip())
        if self.smtp_host and self.email_from and recipients:
            security = (self.smtp_security or "starttls").lower()
            if security not in ("starttls", "ssl", "none"):
                found[EMAIL] = f"misconfigured: {ENV['smtp_security']} must be starttls, ssl or none"
            else:
                port = self.smtp_port or {"ssl": 465, "starttls": 587}.get(security, 25)
                found[EMAIL] = Email(self.smtp_host, port, self.email_from, recipients, self.smtp_user,
                                     self.smtp_password, security, retry=self.retry)
        else:
            found[EMAIL] = (f"not configured: set {ENV['smtp_host']}, {ENV['email_from']} and {ENV['email_to']}")
        if self.github_repo and self.github_token:
            found[GITHUB] = GitHubIssue(self.github_repo, self.github_token, self.github_api_url or GITHUB_API,
                                        retry=self.retry)
        else:
            found[GITHUB] = f"not configured: set {ENV['github_repo']} and {ENV['github_token']}"
        return found
