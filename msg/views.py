from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFoundError
from core.pagination import Pagination
from core.parsers import FormParser, JSONParser, MultiPartParser
from core.permissions import IsNormalUser
from core.uploads import stored_content_type
from msg import selectors
from msg import serializers as s
from msg.permissions import CanChat
from msg.services import (
    conversation_create,
    conversation_hide,
    conversation_mark_read,
    deliveries_mark_delivered,
    message_send,
    notification_mark_read,
    notifications_mark_all_read,
)


def _errors(**descriptions):
    return {
        int(code.removeprefix("e")): OpenApiResponse(description=text)
        for code, text in descriptions.items()
    }


PAGE_PARAMETERS = [OpenApiParameter("page", int), OpenApiParameter("page_size", int)]
CHAT_ERRORS = _errors(e401="not_authenticated", e403="permission_denied (no 'chat')")
PAGE_ERRORS = _errors(e404="not_found (no such page)")
NOTIFICATION_ERRORS = _errors(
    e401="not_authenticated",
    e403="permission_denied (a normal-user/ path called by someone else)",
)


class ChatView(APIView):
    permission_classes = [IsAuthenticated, CanChat]


class NotificationView(APIView):
    permission_classes = [IsAuthenticated]


class ConversationListView(ChatView):
    """The caller's conversations, newest activity first, with unread counts and
    the last message. Listing marks what was sent to the caller as delivered."""

    @extend_schema(
        operation_id="conversations_list",
        parameters=PAGE_PARAMETERS,
        responses={200: s.ConversationPageSerializer, **PAGE_ERRORS, **CHAT_ERRORS},
    )
    def get(self, request):
        deliveries_mark_delivered(identity=request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.conversation_list(identity=request.user), request, view=self
        )
        data = s.ConversationOutSerializer(
            page, many=True, context={"request": request}
        ).data
        return paginator.get_paginated_response(data)


class ConversationCreateView(ChatView):
    """Open a direct (one other participant) or group conversation. A direct one
    exists once per pair: asking again answers 200 with the same conversation."""

    @extend_schema(
        request=s.ConversationCreateSerializer,
        responses={
            201: s.ConversationCreatedSerializer,
            200: s.ConversationCreatedSerializer,
            **_errors(
                e400="validation_error, no_participants, too_many_participants",
                e404="participant_not_found",
            ),
            **CHAT_ERRORS,
        },
    )
    def post(self, request):
        serializer = s.ConversationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        conversation, created = conversation_create(
            identity=request.user,
            participants=[
                (p["kind"], p["id"]) for p in serializer.validated_data["participants"]
            ],
            title=serializer.validated_data["title"],
        )
        conversation = selectors.conversation_get(
            identity=request.user, conversation_id=conversation.pk
        )
        data = s.ConversationOutSerializer(
            conversation, context={"request": request}
        ).data
        return Response(
            {**data, "created": created},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ConversationDetailView(ChatView):
    """A conversation and its messages, newest first, paginated. Reading it marks
    every message sent to the caller in it as read."""

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={
            200: s.ConversationDetailSerializer,
            **_errors(e404="conversation_not_found"),
            **CHAT_ERRORS,
        },
    )
    def get(self, request, conversation_id):
        conversation_mark_read(identity=request.user, conversation_id=conversation_id)
        conversation = selectors.conversation_get(
            identity=request.user, conversation_id=conversation_id
        )
        context = {"request": request}
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.conversation_messages(conversation=conversation),
            request,
            view=self,
        )
        messages = paginator.get_paginated_response(
            s.MessageOutSerializer(page, many=True, context=context).data
        ).data
        data = s.ConversationOutSerializer(conversation, context=context).data
        return Response({**data, "messages": messages})


class ConversationDeleteView(ChatView):
    """Delete a conversation for the caller only; a new message brings it back."""

    @extend_schema(
        responses={
            204: None,
            **_errors(e404="conversation_not_found"),
            **CHAT_ERRORS,
        }
    )
    def delete(self, request, conversation_id):
        conversation_hide(identity=request.user, conversation_id=conversation_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MessageSendView(ChatView):
    """Send text (JSON or form) or an image / audio file (multipart, with
    optional text) to a conversation the caller is in."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        request={
            "application/json": s.MessageSendSerializer,
            "multipart/form-data": s.MessageSendSerializer,
        },
        responses={
            201: s.MessageOutSerializer,
            **_errors(
                e400="validation_error, empty_message, invalid_file, file_too_large",
                e404="conversation_not_found",
            ),
            **CHAT_ERRORS,
        },
    )
    def post(self, request):
        serializer = s.MessageSendSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attachment = data.get("image") or data.get("audio")
        message = message_send(
            identity=request.user,
            conversation_id=data["conversation_id"],
            text=data["text"],
            image=data.get("image"),
            audio=data.get("audio"),
            attachment_content_type=(
                stored_content_type(attachment.name) if attachment else ""
            ),
        )
        return Response(
            s.MessageOutSerializer(message, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


class MessageStatusView(ChatView):
    """Where a message stands for each recipient: sent, delivered or read."""

    @extend_schema(
        responses={
            200: s.MessageStatusSerializer,
            **_errors(e404="message_not_found"),
            **CHAT_ERRORS,
        }
    )
    def get(self, request, message_id):
        message = selectors.message_get(identity=request.user, message_id=message_id)
        deliveries = list(selectors.message_deliveries(message=message))
        return Response(
            s.MessageStatusSerializer(
                {
                    "message_id": message.pk,
                    "status": selectors.message_overall_status(deliveries=deliveries),
                    "deliveries": deliveries,
                }
            ).data
        )


class MessageAttachmentView(ChatView):
    """The image or audio of a message, only for the conversation's participants."""

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            **_errors(e404="message_not_found, attachment_missing"),
            **CHAT_ERRORS,
        }
    )
    def get(self, request, message_id):
        message = selectors.message_get(
            identity=request.user, message_id=message_id, with_attachment=True
        )
        try:
            stored = message.attachment.open("rb")
        except FileNotFoundError:
            raise NotFoundError(
                "The file of this message is gone.", code="attachment_missing"
            ) from None
        response = FileResponse(
            stored,
            content_type=message.attachment_content_type,
            filename=f"message-{message.pk}{message.attachment_extension}",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response


class MessageSearchView(ChatView):
    """Messages containing `q` in the caller's conversations (Persian, Pashto and
    English; Arabic and Persian letter forms match each other)."""

    @extend_schema(
        parameters=[OpenApiParameter("q", str, required=True), *PAGE_PARAMETERS],
        responses={
            200: s.MessagesPageSerializer,
            **_errors(e400="validation_error"),
            **PAGE_ERRORS,
            **CHAT_ERRORS,
        },
    )
    def get(self, request):
        query = s.SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.message_search(
                identity=request.user, query=query.validated_data["q"]
            ),
            request,
            view=self,
        )
        return paginator.get_paginated_response(
            s.MessageOutSerializer(page, many=True, context={"request": request}).data
        )


class MessageStatsView(ChatView):
    """What the caller sent, received and has not read: in total and per
    conversation (paginated)."""

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={200: s.MessageStatsSerializer, **PAGE_ERRORS, **CHAT_ERRORS},
    )
    def get(self, request):
        totals, conversations = selectors.message_stats(identity=request.user)
        paginator = Pagination()
        page = paginator.paginate_queryset(conversations, request, view=self)
        per_conversation = paginator.get_paginated_response(
            s.ConversationStatsSerializer(page, many=True).data
        ).data
        return Response({**totals, **per_conversation})


class NotificationListView(NotificationView):
    """The caller's notifications, newest first, with the unread count."""

    @extend_schema(
        operation_id="notifications_list",
        parameters=PAGE_PARAMETERS,
        responses={
            200: s.NotificationPageSerializer,
            **PAGE_ERRORS,
            **NOTIFICATION_ERRORS,
        },
    )
    def get(self, request):
        paginator = Pagination()
        page = paginator.paginate_queryset(
            selectors.notification_list(identity=request.user), request, view=self
        )
        data = paginator.get_paginated_response(
            s.NotificationOutSerializer(page, many=True).data
        ).data
        unread = selectors.notification_unread_count(identity=request.user)
        return Response({"unread_count": unread, **data})


class NotificationDetailView(NotificationView):
    """One notification. GET marks it read (as the seed does); PATCH sets
    `is_read` (true by default)."""

    @extend_schema(
        responses={
            200: s.NotificationOutSerializer,
            **_errors(e404="notification_not_found"),
            **NOTIFICATION_ERRORS,
        }
    )
    def get(self, request, notification_id):
        notification = notification_mark_read(
            identity=request.user, notification_id=notification_id
        )
        return Response(s.NotificationOutSerializer(notification).data)

    @extend_schema(
        request=s.NotificationUpdateSerializer,
        responses={
            200: s.NotificationOutSerializer,
            **_errors(e400="validation_error", e404="notification_not_found"),
            **NOTIFICATION_ERRORS,
        },
    )
    def patch(self, request, notification_id):
        serializer = s.NotificationUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        notification = notification_mark_read(
            identity=request.user,
            notification_id=notification_id,
            is_read=serializer.validated_data["is_read"],
        )
        return Response(s.NotificationOutSerializer(notification).data)


class NotificationReadAllView(NotificationView):
    """Mark every notification of the caller read."""

    @extend_schema(
        request=None,
        responses={200: s.UpdatedSerializer, **NOTIFICATION_ERRORS},
    )
    def post(self, request):
        return Response({"updated": notifications_mark_all_read(identity=request.user)})


class NormalUserOnly:
    """The seed's normal-user mirrors: the same operations, for normal users only."""

    permission_classes = [IsAuthenticated, IsNormalUser]


@extend_schema_view(get=extend_schema(operation_id="normal_user_conversations_list"))
class NormalUserConversationListView(NormalUserOnly, ConversationListView):
    pass


class NormalUserConversationCreateView(NormalUserOnly, ConversationCreateView):
    pass


class NormalUserConversationDetailView(NormalUserOnly, ConversationDetailView):
    pass


class NormalUserConversationDeleteView(NormalUserOnly, ConversationDeleteView):
    pass


class NormalUserMessageSendView(NormalUserOnly, MessageSendView):
    pass


class NormalUserMessageStatusView(NormalUserOnly, MessageStatusView):
    pass


@extend_schema_view(get=extend_schema(operation_id="normal_user_notifications_list"))
class NormalUserNotificationListView(NormalUserOnly, NotificationListView):
    pass


class NormalUserNotificationDetailView(NormalUserOnly, NotificationDetailView):
    pass


class NormalUserNotificationReadAllView(NormalUserOnly, NotificationReadAllView):
    pass
