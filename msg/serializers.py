from django.urls import reverse
from rest_framework import serializers

from core.models import IdentityKind
from core.text import TextField
from core.uploads import MB, validate_audio_upload, validate_image_upload
from msg.models import MAX_PARTICIPANTS, MAX_TEXT_LENGTH, MessageType
from msg.search import fold_for_search
from msg.selectors import participant_display_name

MAX_IMAGE_BYTES = 5 * MB
MAX_IMAGE_SIDE = 2048
MAX_AUDIO_BYTES = 10 * MB
MAX_SEARCH_LENGTH = 200


class ParticipantRefSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IdentityKind.choices)
    id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class ConversationCreateSerializer(serializers.Serializer):
    participants = ParticipantRefSerializer(
        many=True, allow_empty=False, max_length=MAX_PARTICIPANTS
    )
    title = TextField(max_length=120, required=False, allow_blank=True, default="")


class MessageSendSerializer(serializers.Serializer):
    """Text, an image or an audio file (multipart), with optional text beside a
    file. Files are judged by content by core.uploads."""

    conversation_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    text = TextField(
        max_length=MAX_TEXT_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=True,
    )
    image = serializers.FileField(required=False, allow_empty_file=True)
    audio = serializers.FileField(required=False, allow_empty_file=True)

    def validate_image(self, file):
        return validate_image_upload(
            file, max_bytes=MAX_IMAGE_BYTES, max_side=MAX_IMAGE_SIDE
        )

    def validate_audio(self, file):
        return validate_audio_upload(file, max_bytes=MAX_AUDIO_BYTES)


class SearchQuerySerializer(serializers.Serializer):
    q = TextField(max_length=MAX_SEARCH_LENGTH, trim_whitespace=True)

    def validate_q(self, q):
        if not fold_for_search(q):
            raise serializers.ValidationError(
                "Search for at least one letter or digit.", code="blank"
            )
        return q


class NotificationUpdateSerializer(serializers.Serializer):
    is_read = serializers.BooleanField(required=False, default=True)


class IdentityOutSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField()
    name = serializers.CharField()
    saraf_id = serializers.IntegerField(allow_null=True)


def _participant_out(participant) -> dict:
    if participant.kind == IdentityKind.EMPLOYEE:
        pk = participant.employee_id
    elif participant.kind == IdentityKind.NORMAL_USER:
        pk = participant.normal_user_id
    else:
        pk = participant.saraf_id
    return {
        "kind": participant.kind,
        "id": pk,
        "name": participant_display_name(participant),
        "saraf_id": participant.saraf_id,
    }


def _sender_out(message) -> dict:
    if message.sender_kind == IdentityKind.EMPLOYEE:
        pk, name = message.sender_employee_id, message.sender_employee.full_name
    elif message.sender_kind == IdentityKind.NORMAL_USER:
        pk, name = message.sender_normal_user_id, message.sender_normal_user.full_name
    else:
        pk, name = message.sender_saraf_id, message.sender_saraf.name
    return {
        "kind": message.sender_kind,
        "id": pk,
        "name": name,
        "saraf_id": message.sender_saraf_id,
    }


class MessageOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    conversation_id = serializers.IntegerField()
    sender = serializers.SerializerMethodField()
    is_mine = serializers.SerializerMethodField()
    message_type = serializers.ChoiceField(choices=MessageType.choices)
    text = serializers.CharField()
    attachment_url = serializers.SerializerMethodField()
    attachment_content_type = serializers.CharField()
    attachment_size = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_sender(self, message) -> IdentityOutSerializer:
        return _sender_out(message)

    def get_is_mine(self, message) -> bool:
        identity = self.context["request"].user
        sender = _sender_out(message)
        if identity.kind == IdentityKind.EMPLOYEE:
            mine = identity.employee_id
        elif identity.kind == IdentityKind.NORMAL_USER:
            mine = identity.normal_user_id
        else:
            mine = identity.saraf_id
        return sender["kind"] == identity.kind and sender["id"] == mine

    def get_attachment_url(self, message) -> str | None:
        if not message.attachment:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("msg:message-attachment", args=[message.pk])
        )


class ConversationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    participants = serializers.SerializerMethodField()
    unread_count = serializers.IntegerField()
    last_message = serializers.SerializerMethodField()
    last_activity_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()

    def get_participants(self, conversation) -> IdentityOutSerializer(many=True):
        return [_participant_out(p) for p in conversation.participants.all()]

    def get_last_message(self, conversation) -> MessageOutSerializer(allow_null=True):
        if conversation.last_message is None:
            return None
        return MessageOutSerializer(
            conversation.last_message, context=self.context
        ).data


class ConversationPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ConversationOutSerializer(many=True)


class ConversationCreatedSerializer(ConversationOutSerializer):
    created = serializers.BooleanField()


class MessagesPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = MessageOutSerializer(many=True)


class ConversationDetailSerializer(ConversationOutSerializer):
    messages = MessagesPageSerializer()


class DeliveryOutSerializer(serializers.Serializer):
    recipient = serializers.SerializerMethodField()
    status = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    read_at = serializers.DateTimeField(allow_null=True)

    def get_recipient(self, delivery) -> IdentityOutSerializer:
        return _participant_out(delivery.recipient)


class MessageStatusSerializer(serializers.Serializer):
    message_id = serializers.IntegerField()
    status = serializers.CharField(
        help_text="The least advanced state over all recipients."
    )
    deliveries = DeliveryOutSerializer(many=True)


class ConversationStatsSerializer(serializers.Serializer):
    conversation_id = serializers.IntegerField(source="pk")
    sent = serializers.IntegerField()
    received = serializers.IntegerField()
    unread = serializers.IntegerField()


class MessageStatsSerializer(serializers.Serializer):
    sent = serializers.IntegerField()
    received = serializers.IntegerField()
    unread = serializers.IntegerField()
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ConversationStatsSerializer(many=True)


class NotificationOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    data = serializers.JSONField()
    is_read = serializers.BooleanField()
    read_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class NotificationPageSerializer(serializers.Serializer):
    unread_count = serializers.IntegerField()
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = NotificationOutSerializer(many=True)


class UpdatedSerializer(serializers.Serializer):
    updated = serializers.IntegerField()
