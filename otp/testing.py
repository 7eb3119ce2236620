"""Helpers for tests: read codes back from the file outbox."""

from core.contacts import normalize_email, normalize_phone
from otp.outbox import outbox_messages


def last_code(
    destination: str, *, purpose: str | None = None, channel: str | None = None
) -> str:
    """The newest code written to the outbox for `destination` (email or phone)."""
    if "@" in destination:
        destination = normalize_email(destination)
    else:
        destination = normalize_phone(destination)
    for message in reversed(outbox_messages()):
        if (
            "code" in message
            and destination in message["to"]
            and purpose in (None, message["purpose"])
            and channel in (None, message["channel"])
        ):
            return message["code"]
    raise AssertionError(f"no code in the outbox for {destination}")
