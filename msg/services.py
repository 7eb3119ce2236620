"""Writes for conversations, messages, deliveries and notifications.

Other apps notify people through `notification_create` and
`notification_create_for_saraf_staff`; see docs/messaging.md.
"""

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.auth import Identity
from core.errors import ApplicationError, NotFoundError
from core.models import IdentityKind
from msg.models import (
    MAX_PARTICIPANTS,
    Conversation,
    ConversationKind,
    DeliveryStatus,
    Message,
    MessageDelivery,
    MessageType,
    Notification,
    Participant,
)
from msg.search import fold_for_search
from msg.selectors import (
    acting_keys,
    acting_participant,
    identity_key,
    is_storable_id,
    own_key,
    received_deliveries,
)
from normal_user_account.models import NormalUser
from saraf_account.models import SarafAccount, SarafEmployee
from saraf_account.selectors import saraf_listed

PREVIEW_LENGTH = 120


def _participant_rows(*, keys: dict[str, tuple[str, int]]) -> dict[str, Participant]:
    """Unsaved participant rows for the identities that can chat, by key: one
    query per kind whatever the number of ids."""
    wanted: dict[str, set[int]] = {}
    for kind, pk in keys.values():
        wanted.setdefault(kind, set()).add(pk)
    rows: dict[str, Participant] = {}
    for saraf in SarafAccount.objects.filter(
        pk__in=wanted.get(IdentityKind.SARAF, ()), is_active=True
    ):
        key = identity_key(IdentityKind.SARAF, saraf.pk)
        rows[key] = Participant(kind=IdentityKind.SARAF, saraf=saraf, identity_key=key)
    for employee in SarafEmployee.objects.select_related("saraf").filter(
        pk__in=wanted.get(IdentityKind.EMPLOYEE, ()),
        is_active=True,
        saraf__is_active=True,
        chat=True,
    ):
        key = identity_key(IdentityKind.EMPLOYEE, employee.pk)
        rows[key] = Participant(
            kind=IdentityKind.EMPLOYEE,
            employee=employee,
            saraf=employee.saraf,
            identity_key=key,
        )
    for user in NormalUser.objects.filter(
        pk__in=wanted.get(IdentityKind.NORMAL_USER, ()), is_active=True
    ):
        key = identity_key(IdentityKind.NORMAL_USER, user.pk)
        rows[key] = Participant(
            kind=IdentityKind.NORMAL_USER, normal_user=user, identity_key=key
        )
    return rows


def _hidden_from_public(rows: list[Participant]) -> list[str]:
    """Keys of the rows (a saraf, or one of its employees) whose saraf the public
    directory does not list (saraf_account's `saraf_listed`): not someone a
    normal user can reach."""
    saraf_ids = {row.saraf_id for row in rows if row.saraf_id is not None}
    if not saraf_ids:
        return []
    listed = set(saraf_listed().filter(pk__in=saraf_ids).values_list("pk", flat=True))
    return [
        row.identity_key
        for row in rows
        if row.saraf_id is not None and row.saraf_id not in listed
    ]


def _participants_not_found(keys: list[str]) -> ApplicationError:
    return ApplicationError(
        "Some participants do not exist or cannot chat.",
        code="participant_not_found",
        status=404,
        fields={"participants": keys},
    )


def _own_row(identity: Identity) -> Participant:
    return Participant(
        kind=identity.kind,
        saraf=identity.saraf,
        employee=identity.employee,
        normal_user=identity.normal_user,
        identity_key=own_key(identity),
    )


def conversation_create(
    *, identity: Identity, participants: list[tuple[str, int]], title: str = ""
) -> tuple[Conversation, bool]:
    """Open a conversation between the caller and `participants` ((kind, id) pairs).

    One other participant makes a direct conversation: there is one per pair, so
    asking again returns the existing one (shown again to the caller) with
    `created` False. More make a group. An identity that does not exist or cannot
    chat answers 404 `participant_not_found` and nothing is created; for a
    normal user, so does a saraf the public directory hides, and its employees.
    """
    mine = _own_row(identity)
    wanted = {
        key: (kind, pk)
        for kind, pk in participants
        if (key := identity_key(kind, pk)) != mine.identity_key
    }
    if not wanted:
        raise ApplicationError(
            "Add at least one participant other than yourself.",
            code="no_participants",
            fields={"participants": ["Add at least one other participant."]},
        )
    if len(wanted) + 1 > MAX_PARTICIPANTS:
        raise ApplicationError(
            f"A conversation has at most {MAX_PARTICIPANTS} participants.",
            code="too_many_participants",
            fields={"participants": [f"At most {MAX_PARTICIPANTS - 1} others."]},
        )
    found = _participant_rows(keys=wanted)
    if identity.kind == IdentityKind.NORMAL_USER:
        for key in _hidden_from_public(list(found.values())):
            del found[key]
    missing = [key for key in wanted if key not in found]
    if missing:
        raise _participants_not_found(missing)
    others = {key: found[key] for key in wanted}

    direct_key = (
        "|".join(sorted([mine.identity_key, *others])) if len(others) == 1 else None
    )
    with transaction.atomic():
        existing = direct_key and _direct_reopen(
            direct_key=direct_key, key=mine.identity_key
        )
        if existing:
            return existing, False
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(
                    kind=(
                        ConversationKind.DIRECT
                        if direct_key
                        else ConversationKind.GROUP
                    ),
                    title="" if direct_key else title,
                    direct_key=direct_key,
                    last_activity_at=timezone.now(),
                )
                rows = [mine, *others.values()]
                for row in rows:
                    row.conversation = conversation
                Participant.objects.bulk_create(rows)
        except IntegrityError:
            # Another request opened the same direct conversation a moment ago.
            existing = direct_key and _direct_reopen(
                direct_key=direct_key, key=mine.identity_key
            )
            if not existing:
                raise
            return existing, False
    return conversation, True


def _direct_reopen(*, direct_key: str, key: str) -> Conversation | None:
    conversation = Conversation.objects.filter(direct_key=direct_key).first()
    if conversation is not None:
        Participant.objects.filter(conversation=conversation, identity_key=key).update(
            hidden_at=None
        )
    return conversation


def _notify_rows(*, rows, title: str, body: str, data: dict) -> None:
    Notification.objects.bulk_create(
        Notification(
            recipient_kind=row.kind,
            recipient_saraf_id=row.saraf_id,
            recipient_employee_id=row.employee_id,
            recipient_normal_user_id=row.normal_user_id,
            recipient_key=row.identity_key,
            kind="message",
            title=title,
            body=body,
            data=data,
        )
        for row in rows
    )


def message_send(
    *,
    identity: Identity,
    conversation_id: int,
    text: str = "",
    image: File | None = None,
    audio: File | None = None,
    attachment_content_type: str = "",
) -> Message:
    """Post a message: one `sent` delivery and one notification per other
    participant, and the conversation shows again for everyone who had hidden it.

    `image`/`audio` must already be validated (core.uploads). The file is stored
    before the transaction and removed again if the message is not created. A
    conversation the caller is not in answers 404; so does, for a normal user,
    one with a saraf (or its employee) the public directory hides
    (`participant_not_found`).
    """
    text = text.strip() if fold_for_search(text) else ""
    attachment = image if image is not None else audio
    if not text and attachment is None:
        raise ApplicationError(
            "A message needs text, an image or an audio file.",
            code="empty_message",
            fields={"text": ["Write something or attach a file."]},
        )
    if image is not None and audio is not None:
        raise ApplicationError(
            "Send an image or an audio file, not both.",
            code="validation_error",
            fields={"audio": ["Send an image or an audio file, not both."]},
        )
    stored_name = None
    if attachment is not None:
        stored_name = Message.attachment.field.storage.save(
            f"msg/{attachment.name}", attachment
        )
    try:
        return _message_create(
            identity=identity,
            conversation_id=conversation_id,
            text=text,
            message_type=(
                MessageType.IMAGE
                if image is not None
                else MessageType.AUDIO
                if audio is not None
                else MessageType.TEXT
            ),
            attachment_name=stored_name,
            attachment_size=attachment.size if attachment is not None else None,
            attachment_content_type=attachment_content_type,
        )
    except Exception:
        if stored_name:
            Message.attachment.field.storage.delete(stored_name)
        raise


def _message_create(
    *,
    identity: Identity,
    conversation_id: int,
    text: str,
    message_type: str,
    attachment_name: str | None,
    attachment_size: int | None,
    attachment_content_type: str,
) -> Message:
    keys = acting_keys(identity)
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .filter(pk=conversation_id, participants__identity_key__in=keys)
            .first()
        )
        if conversation is None:
            raise NotFoundError(
                "Conversation not found.", code="conversation_not_found"
            )
        participants = list(conversation.participants.all())
        sender = acting_participant(identity=identity, participants=participants)
        if identity.kind == IdentityKind.NORMAL_USER:
            hidden = _hidden_from_public(
                [row for row in participants if row.pk != sender.pk]
            )
            if hidden:
                raise _participants_not_found(hidden)
        message = Message.objects.create(
            conversation=conversation,
            sender=sender,
            sender_kind=identity.kind,
            sender_saraf=identity.saraf,
            sender_employee=identity.employee,
            sender_normal_user=identity.normal_user,
            message_type=message_type,
            text=text,
            search_text=fold_for_search(text),
            attachment=attachment_name or "",
            attachment_size=attachment_size,
            attachment_content_type=attachment_content_type,
        )
        recipients = [row for row in participants if row.pk != sender.pk]
        MessageDelivery.objects.bulk_create(
            MessageDelivery(message=message, recipient=row, conversation=conversation)
            for row in recipients
        )
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message=message, last_activity_at=message.created_at
        )
        Participant.objects.filter(
            conversation=conversation, hidden_at__isnull=False
        ).update(hidden_at=None)
        _notify_rows(
            rows=recipients,
            title=f"New message from {_sender_name(identity)}",
            body=_preview(message),
            data={"conversation_id": conversation.pk, "message_id": message.pk},
        )
    return message


def _sender_name(identity: Identity) -> str:
    if identity.employee is not None:
        return f"{identity.employee.full_name} ({identity.saraf.name})"
    if identity.normal_user is not None:
        return identity.normal_user.full_name
    return identity.saraf.name


def _preview(message: Message) -> str:
    if message.text:
        text = message.text
        return text if len(text) <= PREVIEW_LENGTH else text[:PREVIEW_LENGTH] + "…"
    return "[image]" if message.message_type == MessageType.IMAGE else "[audio]"


def deliveries_mark_delivered(*, identity: Identity) -> int:
    """Everything sent to the caller reached it (it listed its conversations)."""
    now = timezone.now()
    with transaction.atomic():
        return (
            received_deliveries(identity=identity)
            .filter(status=DeliveryStatus.SENT)
            .update(status=DeliveryStatus.DELIVERED, delivered_at=now)
        )


def conversation_mark_read(*, identity: Identity, conversation_id: int) -> int:
    """The caller has read every message sent to it in the conversation."""
    if not is_storable_id(conversation_id):
        return 0
    now = timezone.now()
    with transaction.atomic():
        return (
            received_deliveries(identity=identity)
            .filter(conversation_id=conversation_id)
            .exclude(status=DeliveryStatus.READ)
            .update(
                status=DeliveryStatus.READ,
                read_at=now,
                delivered_at=Coalesce("delivered_at", now),
            )
        )


def conversation_hide(*, identity: Identity, conversation_id: int) -> None:
    """Delete for the caller only: the others keep the conversation, and a new
    message shows it to the caller again. 404 if the caller is not in it."""
    if not is_storable_id(conversation_id):
        raise NotFoundError("Conversation not found.", code="conversation_not_found")
    keys = acting_keys(identity)
    with transaction.atomic():
        rows = {
            row.identity_key: row
            for row in Participant.objects.select_for_update().filter(
                conversation_id=conversation_id, identity_key__in=keys
            )
        }
        row = next((rows[key] for key in keys if key in rows), None)
        if row is None:
            raise NotFoundError(
                "Conversation not found.", code="conversation_not_found"
            )
        if row.hidden_at is None:
            row.hidden_at = timezone.now()
            row.save(update_fields=["hidden_at"])


def notification_create(
    *,
    recipient_saraf_id: int | None = None,
    recipient_employee_id: int | None = None,
    recipient_normal_user_id: int | None = None,
    kind: str,
    title: str,
    body: str,
    data: dict | None = None,
) -> Notification:
    """Notify exactly one identity: a saraf (its owner), an employee or a normal user.

    `data` must be JSON-serialisable (ids, numbers as strings). Raises ValueError
    unless exactly one recipient is given.
    """
    given = [
        (kind_, pk)
        for kind_, pk in (
            (IdentityKind.SARAF, recipient_saraf_id),
            (IdentityKind.EMPLOYEE, recipient_employee_id),
            (IdentityKind.NORMAL_USER, recipient_normal_user_id),
        )
        if pk is not None
    ]
    if len(given) != 1:
        raise ValueError("notification_create needs exactly one recipient")
    recipient_kind, pk = given[0]
    saraf_id = recipient_saraf_id
    if recipient_kind == IdentityKind.EMPLOYEE:
        saraf_id = SarafEmployee.objects.values_list("saraf_id", flat=True).get(pk=pk)
    with transaction.atomic():
        return Notification.objects.create(
            recipient_kind=recipient_kind,
            recipient_saraf_id=saraf_id,
            recipient_employee_id=recipient_employee_id,
            recipient_normal_user_id=recipient_normal_user_id,
            recipient_key=identity_key(recipient_kind, pk),
            kind=kind,
            title=title[:200],
            body=body[:2000],
            data=data or {},
        )


def notification_create_for_saraf_staff(
    *,
    saraf_id: int,
    flag: str | None,
    kind: str,
    title: str,
    body: str,
    data: dict | None = None,
) -> list[Notification]:
    """Notify a saraf's owner and each active employee holding `flag` (no employee
    when `flag` is None)."""
    employees = (
        SarafEmployee.objects.filter(saraf_id=saraf_id, is_active=True, **{flag: True})
        .values_list("pk", flat=True)
        .order_by("pk")
        if flag
        else []
    )
    rows = [
        Notification(
            recipient_kind=IdentityKind.SARAF,
            recipient_saraf_id=saraf_id,
            recipient_key=identity_key(IdentityKind.SARAF, saraf_id),
        ),
        *(
            Notification(
                recipient_kind=IdentityKind.EMPLOYEE,
                recipient_saraf_id=saraf_id,
                recipient_employee_id=employee_id,
                recipient_key=identity_key(IdentityKind.EMPLOYEE, employee_id),
            )
            for employee_id in employees
        ),
    ]
    for row in rows:
        row.kind, row.title, row.body, row.data = (
            kind,
            title[:200],
            body[:2000],
            data or {},
        )
    with transaction.atomic():
        return Notification.objects.bulk_create(rows)


def notification_mark_read(
    *, identity: Identity, notification_id: int, is_read: bool = True
) -> Notification:
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(recipient_key=own_key(identity), pk=notification_id)
            .first()
        )
        if notification is None:
            raise NotFoundError(
                "Notification not found.", code="notification_not_found"
            )
        if notification.is_read != is_read:
            notification.is_read = is_read
            notification.read_at = timezone.now() if is_read else None
            notification.save(update_fields=["is_read", "read_at"])
    return notification


def notifications_mark_all_read(*, identity: Identity) -> int:
    with transaction.atomic():
        return Notification.objects.filter(
            recipient_key=own_key(identity), is_read=False
        ).update(is_read=True, read_at=timezone.now())
