"""Delivery channels: Django's email backend, and Twilio or the outbox for phones."""

import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from twilio.base.exceptions import TwilioRestException
from twilio.http import HttpClient
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from otp.outbox import outbox_write

logger = logging.getLogger(__name__)

TWILIO_TIMEOUT_SECONDS = 10

# Twilio error codes meaning the number itself is wrong, not the provider.
# https://www.twilio.com/docs/api/errors
TWILIO_INVALID_NUMBER_CODES = {21211, 21214, 21217, 21401, 21407, 21614}


@dataclass
class DeliveryError(Exception):
    """The provider did not take the message."""

    reason: str
    bad_destination: bool = False


class OutboxEmailBackend(BaseEmailBackend):
    """A Django email backend writing each message to the file outbox."""

    def send_messages(self, email_messages):
        sent = 0
        for message in email_messages:
            html_body = next(
                (c for c, mimetype in message.alternatives if mimetype == "text/html"),
                "",
            )
            try:
                outbox_write(
                    channel="email",
                    to=list(message.recipients()),
                    subject=message.subject,
                    body=message.body,
                    html_body=html_body,
                    code=getattr(message, "otp_code", None),
                    purpose=getattr(message, "otp_purpose", None),
                )
            except OSError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent


def email_send(
    *, to: str, subject: str, text: str, html: str, code: str, purpose: str
) -> None:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    # Read only by OutboxEmailBackend (the development outbox); never sent.
    message.otp_code = code
    message.otp_purpose = purpose
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError(f"recipient refused: {exc}", bad_destination=True) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"{type(exc).__name__}: {exc}") from exc


def twilio_http_client() -> HttpClient:
    """The HTTP client Twilio calls go through (tests replace it with a fake)."""
    return TwilioHttpClient(timeout=TWILIO_TIMEOUT_SECONDS)


class OutboxPhoneBackend:
    def send(
        self, *, channel: str, to: str, body: str, code: str, purpose: str
    ) -> None:
        try:
            outbox_write(
                channel=channel,
                to=[to],
                subject="",
                body=body,
                code=code,
                purpose=purpose,
            )
        except OSError as exc:
            raise DeliveryError(f"outbox not writable: {exc}") from exc


class TwilioPhoneBackend:
    def __init__(self, *, http_client: HttpClient):
        self.client = Client(
            settings.TWILIO_ACCOUNT_SID,
            settings.TWILIO_AUTH_TOKEN,
            http_client=http_client,
        )

    def send(
        self, *, channel: str, to: str, body: str, code: str, purpose: str
    ) -> None:
        if channel == "whatsapp":
            to, sender = f"whatsapp:{to}", f"whatsapp:{settings.TWILIO_WHATSAPP_NUMBER}"
        else:
            sender = settings.TWILIO_PHONE_NUMBER
        try:
            self.client.messages.create(to=to, from_=sender, body=body)
        except TwilioRestException as exc:
            raise DeliveryError(
                f"twilio HTTP {exc.status} error {exc.code}: {exc.msg}",
                bad_destination=exc.code in TWILIO_INVALID_NUMBER_CODES,
            ) from exc
        except Exception as exc:
            # Whatever breaks inside the provider library (timeouts, refused
            # connections, unreadable answers) is the provider's failure: a 502.
            raise DeliveryError(f"twilio {type(exc).__name__}: {exc}") from exc


def phone_backend() -> TwilioPhoneBackend | OutboxPhoneBackend:
    if settings.TWILIO_ACCOUNT_SID and settings.TWILIO_AUTH_TOKEN:
        return TwilioPhoneBackend(http_client=twilio_http_client())
    return OutboxPhoneBackend()
