"""The file outbox: every outgoing message as one JSON file under OUTBOX_DIR.

Used when no real provider is configured, so development and tests never need
the network. Files are named by write time so they sort oldest first.
"""

import json
import logging
import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


def outbox_write(
    *,
    channel: str,
    to: list[str],
    subject: str,
    body: str,
    html_body: str = "",
    code: str | None = None,
    purpose: str | None = None,
) -> Path:
    outbox = Path(settings.OUTBOX_DIR)
    outbox.mkdir(parents=True, exist_ok=True)
    record = {
        "channel": channel,
        "to": to,
        "subject": subject,
        "body": body,
        "html_body": html_body,
        "created_at": timezone.now().isoformat(),
    }
    if code is not None:
        record["code"] = code
        record["purpose"] = purpose
    path = outbox / f"{time.time_ns():020d}-{uuid.uuid4().hex}.json"
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(record, ensure_ascii=False, indent=2))
    os.replace(partial, path)
    logger.info("outbox: %s message to %s written to %s", channel, ", ".join(to), path)
    return path


def outbox_messages() -> list[dict]:
    """Every message in the outbox, oldest first."""
    outbox = Path(settings.OUTBOX_DIR)
    if not outbox.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(outbox.glob("*.json"))]
