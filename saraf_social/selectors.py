from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Rank

from core.errors import NotFoundError
from saraf_account.models import SarafAccount
from saraf_account.selectors import saraf_listed
from saraf_social.models import SarafComment, SarafLike


def public_saraf_get(*, saraf_id: int) -> SarafAccount:
    """A saraf the public directory (/api/saraf/list/) shows; any other is 404."""
    saraf = saraf_listed().filter(pk=saraf_id).first()
    if saraf is None:
        raise NotFoundError("Saraf not found.", code="saraf_not_found")
    return saraf


def _count_of(queryset) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.filter(saraf=OuterRef("pk"))
            .order_by()
            .values("saraf")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _with_counts(sarafs: QuerySet[SarafAccount]) -> QuerySet[SarafAccount]:
    return sarafs.annotate(
        likes_count=_count_of(SarafLike.objects.all()),
        comments_count=_count_of(SarafComment.objects.filter(is_hidden=False)),
    )


def saraf_ranking() -> QuerySet[SarafAccount]:
    """Every public saraf with its likes, visible comments and rank: most likes
    first, then most comments; equal counts share a rank. One query."""
    return (
        _with_counts(saraf_listed())
        .annotate(
            rank=Window(
                Rank(), order_by=[F("likes_count").desc(), F("comments_count").desc()]
            )
        )
        .order_by("rank", "pk")
    )


def saraf_stats(*, saraf_id: int) -> dict:
    saraf = _with_counts(saraf_listed()).filter(pk=saraf_id).first()
    if saraf is None:
        raise NotFoundError("Saraf not found.", code="saraf_not_found")
    ahead = (
        _with_counts(saraf_listed())
        .filter(
            Q(likes_count__gt=saraf.likes_count)
            | Q(likes_count=saraf.likes_count, comments_count__gt=saraf.comments_count)
        )
        .count()
    )
    return {
        "saraf_id": saraf.pk,
        "name": saraf.name,
        "province": saraf.province,
        "likes_count": saraf.likes_count,
        "comments_count": saraf.comments_count,
        "rank": ahead + 1,
        "total_sarafs": saraf_listed().count(),
    }


def saraf_comments(*, saraf_id: int) -> QuerySet[SarafComment]:
    """Visible comments on a public saraf, newest first (404 for an unknown one)."""
    public_saraf_get(saraf_id=saraf_id)
    return (
        SarafComment.objects.filter(saraf_id=saraf_id, is_hidden=False)
        .select_related("normal_user")
        .order_by("-created_at", "-pk")
    )


def user_likes(*, normal_user_id: int) -> QuerySet[SarafLike]:
    return (
        SarafLike.objects.filter(normal_user_id=normal_user_id)
        .select_related("saraf")
        .order_by("-created_at", "-pk")
    )


def user_comments(*, normal_user_id: int) -> QuerySet[SarafComment]:
    return (
        SarafComment.objects.filter(normal_user_id=normal_user_id)
        .select_related("saraf")
        .order_by("-created_at", "-pk")
    )
