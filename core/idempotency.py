"""`Idempotency-Key` for requests that move money (IETF draft, Stripe's practice).

The same key from the same identity with the same request answers the first
response again and moves nothing; with another request it answers 422
`idempotency_key_reused`; while the first is still running, 409
`idempotency_in_progress`. Only a successful (2xx) answer is kept: a refused
request moved nothing, so its key may be retried. Keys live in the database
(`ledger.IdempotencyRecord`, unique per identity and key) for at least
`IDEMPOTENCY_KEY_TTL_HOURS`.

How it holds across processes: the key is claimed in its own short
transaction (the unique constraint decides who claims it), then the view runs
in a second transaction that also stores the answer, so the money movement
and "done" commit together or not at all. A claim left by a process that died
is taken over after `IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS`; the original can then
no longer finish, because storing its answer requires its own claim token.
"""

import functools
import hashlib
import json
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.response import Response

from core.errors import ApplicationError, ConflictError

HEADER = "Idempotency-Key"
_VISIBLE_ASCII = re.compile(r"[\x21-\x7e]{1,255}")

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Optional, 1-255 visible ASCII characters (a UUID is a good choice). "
        "Retrying with the same key and body answers the first response again "
        "and moves nothing; the same key with another body answers 422 "
        "idempotency_key_reused; while the first is running, 409 "
        "idempotency_in_progress. Kept at least 24 hours."
    ),
)


class _ClaimLostError(Exception):
    """Roll back the view's transaction when our claim was lost."""


def _claim_timeout():
    return timedelta(
        seconds=getattr(settings, "IDEMPOTENCY_CLAIM_TIMEOUT_SECONDS", 300)
    )


def _request_hash(request):
    data = request.data
    if hasattr(data, "lists"):
        data = {key: values for key, values in data.lists()}
    body = json.dumps(
        data, sort_keys=True, separators=(",", ":"), cls=DjangoJSONEncoder, default=str
    )
    canonical = f"{request.method}\n{request.path}\n{body}"
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(record):
    response = Response(record.response_body, status=record.response_status)
    response["Idempotent-Replayed"] = "true"
    return response


def _claim(identity, key, request_hash):
    """Claim the key, or return the finished record to replay; raise on conflict."""
    from ledger.models import IdempotencyRecord

    now = timezone.now()
    claim = uuid.uuid4()
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                identity=identity,
                key=key,
                request_hash=request_hash,
                status=IdempotencyRecord.Status.IN_PROGRESS,
                claim=claim,
                created_at=now,
            )
        return claim, None
    except IntegrityError:
        pass
    with transaction.atomic():
        record = (
            IdempotencyRecord.objects.select_for_update()
            .filter(identity=identity, key=key)
            .first()
        )
        if record is None:
            raise ConflictError(
                "This Idempotency-Key is being used by another request.",
                code="idempotency_in_progress",
            )
        expired = record.created_at < now - timedelta(
            hours=settings.IDEMPOTENCY_KEY_TTL_HOURS
        )
        abandoned = (
            record.status == IdempotencyRecord.Status.IN_PROGRESS
            and record.created_at < now - _claim_timeout()
        )
        if not expired and record.request_hash != request_hash:
            raise ApplicationError(
                "This Idempotency-Key was used with a different request.",
                code="idempotency_key_reused",
                status=422,
            )
        if expired or abandoned:
            record.request_hash = request_hash
            record.status = IdempotencyRecord.Status.IN_PROGRESS
            record.claim = claim
            record.created_at = now
            record.response_status = None
            record.response_body = None
            record.save()
            return claim, None
        if record.status == IdempotencyRecord.Status.IN_PROGRESS:
            raise ConflictError(
                "A request with this Idempotency-Key is still running.",
                code="idempotency_in_progress",
            )
        return None, record


def _finish(identity, key, claim, response):
    from ledger.models import IdempotencyRecord

    stored = IdempotencyRecord.objects.filter(
        identity=identity,
        key=key,
        claim=claim,
        status=IdempotencyRecord.Status.IN_PROGRESS,
    ).update(
        status=IdempotencyRecord.Status.DONE,
        response_status=response.status_code,
        response_body=json.loads(json.dumps(response.data, cls=DjangoJSONEncoder)),
    )
    if not stored:
        raise _ClaimLostError


def _release(identity, key, claim):
    from ledger.models import IdempotencyRecord

    IdempotencyRecord.objects.filter(
        identity=identity,
        key=key,
        claim=claim,
        status=IdempotencyRecord.Status.IN_PROGRESS,
    ).delete()


def idempotent(method):
    """Decorate an APIView's `post` (or `put`/`patch`) to honour `Idempotency-Key`."""

    @functools.wraps(method)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None:
            return method(view, request, *args, **kwargs)
        if not _VISIBLE_ASCII.fullmatch(key):
            raise ApplicationError(
                "Idempotency-Key must be 1 to 255 visible ASCII characters.",
                code="invalid_idempotency_key",
                fields={HEADER: ["1 to 255 visible ASCII characters."]},
            )
        identity = str(request.user.pk)
        claim, record = _claim(identity, key, _request_hash(request))
        if record is not None:
            return _replay(record)
        try:
            with transaction.atomic():
                response = method(view, request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    _finish(identity, key, claim, response)
        except _ClaimLostError:
            raise ConflictError(
                "A request with this Idempotency-Key is still running.",
                code="idempotency_in_progress",
            ) from None
        except BaseException:
            _release(identity, key, claim)
            raise
        if not 200 <= response.status_code < 300:
            _release(identity, key, claim)
        return response

    return wrapper
