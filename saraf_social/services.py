from contextlib import suppress

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import NotFoundError
from msg.services import notification_create
from normal_user_account.models import NormalUser
from saraf_social.models import SarafComment, SarafLike
from saraf_social.selectors import public_saraf_get

COMMENT_PREVIEW_LENGTH = 120


def like_toggle(*, normal_user: NormalUser, saraf_id: int) -> tuple[bool, int]:
    """Like a saraf, or take the like back if there is one: `(liked, likes_count)`.

    The user's row is locked so a double tap toggles twice in order; the unique
    constraint keeps one like per user and saraf whatever happens.
    """
    with transaction.atomic():
        saraf = public_saraf_get(saraf_id=saraf_id)
        NormalUser.objects.select_for_update().filter(pk=normal_user.pk).first()
        removed, _ = SarafLike.objects.filter(
            saraf=saraf, normal_user=normal_user
        ).delete()
        liked = not removed
        if liked:
            # Only a like created concurrently outside this lock could collide.
            with suppress(IntegrityError), transaction.atomic():
                SarafLike.objects.create(saraf=saraf, normal_user=normal_user)
        return liked, SarafLike.objects.filter(saraf=saraf).count()


def comment_create(
    *, normal_user: NormalUser, saraf_id: int, text: str
) -> SarafComment:
    """A public comment; the saraf's owner is notified."""
    with transaction.atomic():
        saraf = public_saraf_get(saraf_id=saraf_id)
        comment = SarafComment.objects.create(
            saraf=saraf, normal_user=normal_user, text=text
        )
        preview = (
            text
            if len(text) <= COMMENT_PREVIEW_LENGTH
            else text[:COMMENT_PREVIEW_LENGTH] + "…"
        )
        notification_create(
            recipient_saraf_id=saraf.pk,
            kind="comment",
            title=f"{normal_user.full_name} commented on your saraf",
            body=preview,
            data={"comment_id": comment.pk, "saraf_id": saraf.pk},
        )
    return comment


def comment_delete(*, normal_user: NormalUser, comment_id: int) -> None:
    """The author removes its comment; anyone else's comment is not found."""
    with transaction.atomic():
        removed, _ = SarafComment.objects.filter(
            pk=comment_id, normal_user=normal_user
        ).delete()
    if not removed:
        raise NotFoundError("Comment not found.", code="comment_not_found")


def comment_hide(*, saraf_id: int, comment_id: int) -> SarafComment:
    """The saraf's owner hides a comment on its saraf from the public."""
    with transaction.atomic():
        comment = (
            SarafComment.objects.select_for_update()
            .filter(pk=comment_id, saraf_id=saraf_id)
            .first()
        )
        if comment is None:
            raise NotFoundError("Comment not found.", code="comment_not_found")
        if not comment.is_hidden:
            comment.is_hidden = True
            comment.hidden_at = timezone.now()
            comment.save(update_fields=["is_hidden", "hidden_at"])
    return comment
