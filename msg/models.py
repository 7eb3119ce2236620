from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q

from core.models import IdentityKind
from core.uploads import private_storage

MAX_TEXT_LENGTH = 4000
MAX_PARTICIPANTS = 50


def _identity_shape_constraint(prefix: str, name: str) -> models.CheckConstraint:
    """Exactly the identity columns of its kind are set; an employee keeps its saraf."""
    kind, saraf, employee, normal_user = (
        f"{prefix}kind",
        f"{prefix}saraf__isnull",
        f"{prefix}employee__isnull",
        f"{prefix}normal_user__isnull",
    )
    return models.CheckConstraint(
        condition=Q(
            **{
                kind: IdentityKind.SARAF,
                saraf: False,
                employee: True,
                normal_user: True,
            }
        )
        | Q(
            **{
                kind: IdentityKind.EMPLOYEE,
                saraf: False,
                employee: False,
                normal_user: True,
            }
        )
        | Q(
            **{
                kind: IdentityKind.NORMAL_USER,
                saraf: True,
                employee: True,
                normal_user: False,
            }
        ),
        name=name,
    )


class ConversationKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    GROUP = "group", "Group"


class Conversation(models.Model):
    kind = models.CharField(max_length=8, choices=ConversationKind.choices)
    title = models.CharField(max_length=120, blank=True)
    direct_key = models.CharField(
        max_length=80,
        null=True,
        blank=True,
        unique=True,
        help_text="The two identities of a direct conversation, sorted: one per pair.",
    )
    last_message = models.ForeignKey(
        "Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.title or f"{self.kind} conversation {self.pk}"


class Participant(models.Model):
    """One identity in a conversation; `hidden_at` is its own 'delete for me'."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    kind = models.CharField(max_length=16, choices=IdentityKind.choices)
    saraf = models.ForeignKey(
        "saraf_account.SarafAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    normal_user = models.ForeignKey(
        "normal_user_account.NormalUser",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    identity_key = models.CharField(max_length=40)
    joined_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "identity_key"],
                name="msg_one_row_per_identity",
            ),
            _identity_shape_constraint("", "msg_participant_identity_shape"),
        ]
        indexes = [models.Index(fields=["identity_key", "hidden_at"])]

    def __str__(self):
        return f"{self.identity_key} in {self.conversation_id}"


class MessageType(models.TextChoices):
    TEXT = "text", "Text"
    IMAGE = "image", "Image"
    AUDIO = "audio", "Audio"


class Message(models.Model):
    """What one identity said; `sender` is the participant row it spoke through."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="sent_messages"
    )
    sender_kind = models.CharField(max_length=16, choices=IdentityKind.choices)
    sender_saraf = models.ForeignKey(
        "saraf_account.SarafAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sender_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    sender_normal_user = models.ForeignKey(
        "normal_user_account.NormalUser",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    message_type = models.CharField(max_length=8, choices=MessageType.choices)
    text = models.TextField(max_length=MAX_TEXT_LENGTH, blank=True)
    search_text = models.TextField(
        blank=True, help_text="`text` folded for search (case, Arabic-script forms)."
    )
    attachment = models.FileField(storage=private_storage, upload_to="msg/", blank=True)
    attachment_content_type = models.CharField(max_length=40, blank=True)
    attachment_size = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            _identity_shape_constraint("sender_", "msg_sender_identity_shape"),
            models.CheckConstraint(
                condition=~Q(message_type="text") | ~Q(text=""),
                name="msg_text_message_has_text",
            ),
            models.CheckConstraint(
                condition=Q(message_type="text") | ~Q(attachment=""),
                name="msg_media_message_has_file",
            ),
        ]
        indexes = [models.Index(fields=["conversation", "-created_at"])]

    def __str__(self):
        return f"{self.message_type} message {self.pk}"

    @property
    def attachment_extension(self) -> str:
        return PurePosixPath(self.attachment.name).suffix


class DeliveryStatus(models.TextChoices):
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    READ = "read", "Read"


class MessageDelivery(models.Model):
    """Where one message stands for one recipient: sent → delivered → read."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="deliveries"
    )
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.SENT
    )
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "recipient"], name="msg_one_delivery_per_recipient"
            )
        ]
        indexes = [models.Index(fields=["recipient", "status"])]

    def __str__(self):
        return f"{self.message_id} → {self.recipient_id}: {self.status}"


class Notification(models.Model):
    """An in-app notice for exactly one identity (a saraf means its owner)."""

    recipient_kind = models.CharField(max_length=16, choices=IdentityKind.choices)
    recipient_saraf = models.ForeignKey(
        "saraf_account.SarafAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipient_employee = models.ForeignKey(
        "saraf_account.SarafEmployee",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipient_normal_user = models.ForeignKey(
        "normal_user_account.NormalUser",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    recipient_key = models.CharField(max_length=40)
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=2000, blank=True)
    data = models.JSONField(default=dict, blank=True)
    is_read = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            _identity_shape_constraint(
                "recipient_", "msg_notification_recipient_shape"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient_key", "is_read"]),
            models.Index(fields=["recipient_key", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_key}"
