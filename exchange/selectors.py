import re
from datetime import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from core.errors import NotFoundError
from currency.models import Currency
from exchange.models import ExchangeDeal, ExchangeRate, ExchangeRateVersion
from saraf_account.selectors import saraf_listed_get

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
    if at is None:
        # Versions take effect when written, so "now" is each live rate's
        # current version: no scan of the history.
        versions = ExchangeRateVersion.objects.filter(
            saraf_id=saraf_id,
            pk__in=ExchangeRate.objects.filter(
                saraf_id=saraf_id, retired_at__isnull=True
            ).values("current_version_id"),
        )
    else:
        newer = ExchangeRateVersion.objects.filter(
            rate_id=OuterRef("rate_id"), effective_from__lte=at
        ).filter(
            Q(effective_from__gt=OuterRef("effective_from"))
            | Q(effective_from=OuterRef("effective_from"), pk__gt=OuterRef("pk"))
        )
        versions = (
            ExchangeRateVersion.objects.filter(
                saraf_id=saraf_id, effective_from__lte=at
            )
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
    """A listed saraf's rates in force now: only a saraf the public directory
    (/api/saraf/list/) shows has a board, any other answers 404."""
    saraf_listed_get(saraf_id=saraf_id)
    return rates_in_force(saraf_id=saraf_id)


_SEARCH_WORD = re.compile(r"[A-Za-z]+")


def search_words(*, q: str) -> list[str]:
    """The words of `q` a search looks for: runs of Latin letters, lower-cased,
    each once. Anything else (digits, spaces, punctuation, `%`, `_`, other
    scripts) only separates words, so it can never reach a LIKE pattern."""
    return list(dict.fromkeys(w.lower() for w in _SEARCH_WORD.findall(q)))


def search_terms_to_codes(*, q: str) -> list[set[str]]:
    """Each word of `q` as the set of currency codes it names (by code or name)."""
    code_sets = []
    for term in search_words(q=q):
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


def minor_units_map() -> dict[str, int]:
    """{currency code: minor units} for formatting amounts in one query."""
    return dict(Currency.objects.values_list("code", "minor_units"))


def deal_list(
    *,
    saraf_id: int,
    from_currency: str | None = None,
    to_currency: str | None = None,
    rate_type: str | None = None,
    customer_account_id: int | None = None,
    walk_in: bool | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
) -> QuerySet[ExchangeDeal]:
    deals = ExchangeDeal.objects.filter(saraf_id=saraf_id)
    if from_currency:
        deals = deals.filter(from_currency=from_currency)
    if to_currency:
        deals = deals.filter(to_currency=to_currency)
    if rate_type:
        deals = deals.filter(rate_type=rate_type)
    if customer_account_id is not None:
        deals = deals.filter(customer_account_id=customer_account_id)
    if walk_in is not None:
        deals = deals.filter(customer_account__isnull=walk_in)
    if date_from:
        deals = deals.filter(created_at__gte=date_from)
    if date_to:
        deals = deals.filter(created_at__lte=date_to)
    return deals.select_related("customer_account", "performed_by_employee").order_by(
        "-created_at", "-pk"
    )


def deal_get(*, saraf_id: int, deal_id: int) -> ExchangeDeal:
    deal = (
        ExchangeDeal.objects.filter(saraf_id=saraf_id, pk=deal_id)
        .select_related("customer_account", "performed_by_employee", "saraf")
        .first()
    )
    if deal is None:
        raise NotFoundError("No such exchange deal.")
    return deal


def deal_statistics(
    *,
    saraf_id: int,
    from_currency: str | None = None,
    to_currency: str | None = None,
    date_from: datetime | None = None,
    date_to: datetime | None = None,
    group_by: str = "total",
) -> list[dict]:
    """Per quoted pair (and day or month): what the saraf bought and sold.

    A deal counts under the pair its rate was quoted in (base-quote). When the
    customer gave the base currency the saraf bought it, otherwise sold it.
    Volumes are in the base currency, `quote_volume` in the quote currency, and
    `average_rate` = quote_volume / volume (the volume-weighted mean rate).
    `from_currency`/`to_currency` select the quoted pair.
    """
    deals = ExchangeDeal.objects.filter(saraf_id=saraf_id)
    if from_currency:
        deals = deals.filter(rate_base_currency=from_currency)
    if to_currency:
        deals = deals.filter(rate_quote_currency=to_currency)
    if date_from:
        deals = deals.filter(created_at__gte=date_from)
    if date_to:
        deals = deals.filter(created_at__lte=date_to)
    bought = Q(from_currency=F("rate_base_currency"))
    period = {
        "day": TruncDate("created_at", tzinfo=timezone.get_current_timezone()),
        "month": TruncMonth("created_at", tzinfo=timezone.get_current_timezone()),
    }.get(group_by)
    keys = ["rate_base_currency", "rate_quote_currency"]
    if period is not None:
        deals = deals.annotate(period=period)
        keys.append("period")
    rows = (
        deals.values(*keys)
        .annotate(
            bought_count=Count("pk", filter=bought),
            bought_volume=Sum("amount", filter=bought),
            bought_quote=Sum("target_amount", filter=bought),
            sold_count=Count("pk", filter=~bought),
            sold_volume=Sum("target_amount", filter=~bought),
            sold_quote=Sum("amount", filter=~bought),
        )
        .order_by(*keys)
    )
    return list(rows)
