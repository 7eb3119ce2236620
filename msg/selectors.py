"""Reads over conversations, messages and notifications, always from one caller.

Who acts in a conversation: a normal user and a saraf owner through their own
participant row. An employee (with `chat`) through its own row, and otherwise
through its saraf's row: the saraf's inbox is handled by the employees who may
chat, while chats among other identities stay invisible to them.
"""

from collections.abc import Iterable

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from core.auth import Identity
from core.errors import NotFoundError
from core.models import IdentityKind
from msg.models import (
    Conversation,
    DeliveryStatus,
    Message,
    MessageDelivery,
    Notification,
    Participant,
)
from msg.search import fold_for_search

MAX_ID = 2**63 - 1


def is_storable_id(pk: int) -> bool:
    """Whether `pk` fits a BigAutoField (a foreign-key filter with a larger value
    is an error on SQLite rather than an empty result)."""
    return 0 < pk <= MAX_ID


def identity_key(kind: str, pk: int) -> str:
    return f"{kind}:{pk}"


def own_key(identity: Identity) -> str:
    """The key of the identity itself: what it is as a sender or a recipient."""
    if identity.kind == IdentityKind.EMPLOYEE:
        return identity_key(IdentityKind.EMPLOYEE, identity.employee_id)
    if identity.kind == IdentityKind.NORMAL_USER:
        return identity_key(IdentityKind.NORMAL_USER, identity.normal_user_id)
    return identity_key(IdentityKind.SARAF, identity.saraf_id)


def acting_keys(identity: Identity) -> list[str]:
    """Participant keys the caller may act through, the preferred one first."""
    keys = [own_key(identity)]
    if identity.kind == IdentityKind.EMPLOYEE:
        keys.append(identity_key(IdentityKind.SARAF, identity.saraf_id))
    return keys


def participant_display_name(participant) -> str:
    subject = participant.employee or participant.normal_user or participant.saraf
    return getattr(subject, "full_name", None) or getattr(subject, "name", "")


LAST_MESSAGE_SENDER = (
    "last_message__sender_saraf",
    "last_message__sender_employee",
    "last_message__sender_normal_user",
)


def _participants_prefetch():
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related(
            "saraf", "employee", "normal_user"
        ).order_by("pk"),
    )


def _sent_by(identity: Identity, prefix: str = "") -> Q:
    if identity.kind == IdentityKind.EMPLOYEE:
        return Q(**{f"{prefix}sender_employee_id": identity.employee_id})
    if identity.kind == IdentityKind.NORMAL_USER:
        return Q(**{f"{prefix}sender_normal_user_id": identity.normal_user_id})
    return Q(
        **{
            f"{prefix}sender_kind": IdentityKind.SARAF,
            f"{prefix}sender_saraf_id": identity.saraf_id,
        }
    )


def received_deliveries(*, identity: Identity) -> QuerySet[MessageDelivery]:
    """Deliveries to a row the caller acts through, except of its own messages: an
    employee in a group beside its saraf's row does not receive what it sent."""
    return MessageDelivery.objects.filter(
        recipient__identity_key__in=acting_keys(identity)
    ).exclude(_sent_by(identity, prefix="message__"))


def _unread_subquery(identity: Identity):
    return Coalesce(
        Subquery(
            received_deliveries(identity=identity)
            .filter(conversation=OuterRef("pk"))
            .exclude(status=DeliveryStatus.READ)
            .order_by()
            .values("conversation")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def conversation_list(*, identity: Identity) -> QuerySet[Conversation]:
    """Conversations the caller has not hidden, newest activity first, in 3 queries
    (count, page, participants) whatever the page size."""
    keys = acting_keys(identity)
    visible = Participant.objects.filter(
        conversation=OuterRef("pk"), identity_key__in=keys, hidden_at__isnull=True
    )
    return (
        Conversation.objects.filter(Exists(visible))
        .annotate(unread_count=_unread_subquery(identity))
        .select_related(*LAST_MESSAGE_SENDER)
        .prefetch_related(_participants_prefetch())
        .order_by("-last_activity_at", "-pk")
    )


def conversation_get(*, identity: Identity, conversation_id: int) -> Conversation:
    """A conversation the caller takes part in (hidden or not), else 404."""
    keys = acting_keys(identity)
    conversation = (
        Conversation.objects.filter(
            pk=conversation_id, participants__identity_key__in=keys
        )
        .annotate(unread_count=_unread_subquery(identity))
        .select_related(*LAST_MESSAGE_SENDER)
        .prefetch_related(_participants_prefetch())
        .distinct()
        .first()
    )
    if conversation is None:
        raise NotFoundError("Conversation not found.", code="conversation_not_found")
    return conversation


def acting_participant(
    *, identity: Identity, participants: Iterable[Participant]
) -> Participant | None:
    """Among a conversation's rows, the one the caller acts through."""
    rows = {p.identity_key: p for p in participants}
    return next((rows[key] for key in acting_keys(identity) if key in rows), None)


def conversation_messages(*, conversation: Conversation) -> QuerySet[Message]:
    return (
        Message.objects.filter(conversation=conversation)
        .select_related("sender_saraf", "sender_employee", "sender_normal_user")
        .order_by("-created_at", "-pk")
    )


def message_get(
    *, identity: Identity, message_id: int, with_attachment: bool = False
) -> Message:
    """A message of a conversation the caller takes part in, else 404."""
    in_conversation = Participant.objects.filter(
        conversation=OuterRef("conversation"), identity_key__in=acting_keys(identity)
    )
    messages = Message.objects.filter(Exists(in_conversation), pk=message_id)
    if with_attachment:
        messages = messages.exclude(attachment="")
    message = messages.select_related(
        "sender_saraf", "sender_employee", "sender_normal_user"
    ).first()
    if message is None:
        raise NotFoundError("Message not found.", code="message_not_found")
    return message


def message_deliveries(*, message: Message) -> QuerySet[MessageDelivery]:
    return (
        MessageDelivery.objects.filter(message=message)
        .select_related("recipient__saraf", "recipient__employee")
        .select_related("recipient__normal_user")
        .order_by("recipient_id")
    )


STATUS_ORDER = [DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ]


def message_overall_status(*, deliveries: Iterable[MessageDelivery]) -> str:
    """The least advanced state over all recipients (`sent` with none)."""
    ranks = [STATUS_ORDER.index(delivery.status) for delivery in deliveries]
    return STATUS_ORDER[min(ranks, default=0)]


def message_search(*, identity: Identity, query: str) -> QuerySet[Message]:
    """Messages containing `query` (folded) in the caller's visible conversations."""
    visible = Participant.objects.filter(
        conversation=OuterRef("conversation"),
        identity_key__in=acting_keys(identity),
        hidden_at__isnull=True,
    )
    return (
        Message.objects.filter(
            Exists(visible), search_text__contains=fold_for_search(query)
        )
        .select_related("sender_saraf", "sender_employee", "sender_normal_user")
        .order_by("-created_at", "-pk")
    )


def message_stats(*, identity: Identity) -> tuple[dict, QuerySet[Conversation]]:
    """Totals, and per conversation (newest activity first) what the caller sent,
    received and has not read yet."""
    keys = acting_keys(identity)
    received = received_deliveries(identity=identity)
    sent = Message.objects.filter(_sent_by(identity))
    totals = {
        "sent": sent.count(),
        **received.aggregate(
            received=Count("pk"),
            unread=Count("pk", filter=~Q(status=DeliveryStatus.READ)),
        ),
    }

    def per_conversation(queryset):
        return Coalesce(
            Subquery(
                queryset.filter(conversation=OuterRef("pk"))
                .order_by()
                .values("conversation")
                .annotate(n=Count("pk"))
                .values("n"),
                output_field=IntegerField(),
            ),
            Value(0),
        )

    conversations = (
        Conversation.objects.filter(participants__identity_key__in=keys)
        .distinct()
        .annotate(
            sent=per_conversation(sent),
            received=per_conversation(received),
            unread=per_conversation(received.exclude(status=DeliveryStatus.READ)),
        )
        .order_by("-last_activity_at", "-pk")
    )
    return totals, conversations


def notification_list(*, identity: Identity) -> QuerySet[Notification]:
    return Notification.objects.filter(Q(recipient_key=own_key(identity))).order_by(
        "-created_at", "-pk"
    )


def notification_unread_count(*, identity: Identity) -> int:
    return Notification.objects.filter(
        Q(recipient_key=own_key(identity)), is_read=False
    ).count()


def notification_get(*, identity: Identity, notification_id: int) -> Notification:
    notification = Notification.objects.filter(
        Q(recipient_key=own_key(identity)), pk=notification_id
    ).first()
    if notification is None:
        raise NotFoundError("Notification not found.", code="notification_not_found")
    return notification
