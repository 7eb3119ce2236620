import re
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.errors import NotFoundError
from currency.models import Currency
from exchange.models import ExchangeRate, ExchangeRateVersion
from saraf_account.models import SarafAccount

RECENT_HISTORY = 20


def rates_in_force(
    *,
    saraf_id: int,
    at: datetime | None = None,
    from_currency: str | None = None,
    to_currency: str | None = None,
    rate_type: str | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    currency_codes: list[set[str]] | None = None,
) -> QuerySet[ExchangeRateVersion]:
    """The version of each of the saraf's rates in force at `at` (default: now).

    A version is in force from its `effective_from` until the next version of
    the same rate takes effect or the rate is retired. `date_from`/`date_to`
    bound when that version took effect. `currency_codes` is a list of code
    sets; each set must contain the pair's from or to currency.
    """
    at = at or timezone.now()
    newer = ExchangeRateVersion.objects.filter(
        rate_id=OuterRef("rate_id"), effective_from__lte=at
    ).filter(
        Q(effective_from__gt=OuterRef("effective_from"))
        | Q(effective_from=OuterRef("effective_from"), pk__gt=OuterRef("pk"))
    )
    versions = (
        ExchangeRateVersion.objects.filter(saraf_id=saraf_id, effective_from__lte=at)
        .filter(Q(rate__retired_at__isnull=True) | Q(rate__retired_at__gt=at))
        .exclude(Exists(newer))
    )
    if from_currency:
        versions = versions.filter(rate__from_currency=from_currency)
    if to_currency:
        versions = versions.filter(rate__to_currency=to_currency)
    if rate_type:
        versions = versions.filter(rate__rate_type=rate_type)
    if date_from:
        versions = versions.filter(effective_from__gte=date_from)
    if date_to:
        versions = versions.filter(effective_from__lte=date_to)
    for codes in currency_codes or []:
        versions = versions.filter(
            Q(rate__from_currency__in=codes) | Q(rate__to_currency__in=codes)
        )
    return versions.select_related("rate", "changed_by_employee").order_by(
        "rate__from_currency", "rate__to_currency", "rate__rate_type", "rate_id"
    )


def public_board(*, saraf_id: int) -> QuerySet[ExchangeRateVersion]:
    """An active saraf's rates in force now; 404 for an unknown or inactive saraf."""
    if not SarafAccount.objects.filter(pk=saraf_id, is_active=True).exists():
        raise NotFoundError("No such saraf.")
    return rates_in_force(saraf_id=saraf_id)


def search_terms_to_codes(*, q: str) -> list[set[str]]:
    """Each word of `q` as the set of currency codes it names (by code or name)."""
    terms = [t for t in re.split(r"[^A-Za-z]+", q) if t]
    code_sets = []
    for term in terms:
        matches = Q(code__iexact=term) | Q(name__icontains=term)
        codes = set(Currency.objects.filter(matches).values_list("code", flat=True))
        codes.add(term.upper()[:3])
        code_sets.append(codes)
    return code_sets


def rate_get(*, saraf_id: int, rate_id: int) -> ExchangeRate:
    """The saraf's rate (retired or not), its current version and recent history."""
    rate = (
        ExchangeRate.objects.filter(saraf_id=saraf_id, pk=rate_id)
        .select_related("current_version__changed_by_employee")
        .annotate(history_count=Count("versions"))
        .first()
    )
    if rate is None:
        raise NotFoundError("No such exchange rate.")
    rate.recent_versions = list(
        rate.versions.select_related("changed_by_employee").order_by(
            "-effective_from", "-pk"
        )[:RECENT_HISTORY]
    )
    return rate


def rate_history(*, saraf_id: int, rate_id: int) -> QuerySet[ExchangeRateVersion]:
    if not ExchangeRate.objects.filter(saraf_id=saraf_id, pk=rate_id).exists():
        raise NotFoundError("No such exchange rate.")
    return (
        ExchangeRateVersion.objects.filter(saraf_id=saraf_id, rate_id=rate_id)
        .select_related("changed_by_employee")
        .order_by("-effective_from", "-pk")
    )


def rate_live_get(
    *, saraf_id: int, from_currency: str, to_currency: str, rate_type: str
) -> ExchangeRate | None:
    """The live rate for one pair and type, with its current version, or None."""
    return (
        ExchangeRate.objects.filter(
            saraf_id=saraf_id,
            from_currency=from_currency,
            to_currency=to_currency,
            rate_type=rate_type,
            retired_at__isnull=True,
        )
        .select_related("current_version")
        .first()
    )
