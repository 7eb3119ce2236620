from django.contrib import admin

from msg.models import Conversation, Message, MessageDelivery, Notification, Participant


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    fields = ("identity_key", "kind", "joined_at", "hidden_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "title", "last_activity_at", "created_at")
    list_filter = ("kind",)
    search_fields = ("title", "participants__identity_key")
    readonly_fields = ("direct_key", "last_message", "last_activity_at", "created_at")
    inlines = [ParticipantInline]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    """Messages are evidence of what was said: readable, not editable."""

    list_display = ("id", "conversation", "sender_kind", "message_type", "created_at")
    list_filter = ("message_type", "sender_kind")
    search_fields = ("search_text",)
    list_select_related = ("conversation",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(MessageDelivery)
class MessageDeliveryAdmin(admin.ModelAdmin):
    list_display = ("id", "message", "recipient", "status", "delivered_at", "read_at")
    list_filter = ("status",)
    raw_id_fields = ("message", "recipient", "conversation")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("id", "recipient_key", "kind", "title", "is_read", "created_at")
    list_filter = ("kind", "is_read", "recipient_kind")
    search_fields = ("recipient_key", "title")
    raw_id_fields = ("recipient_saraf", "recipient_employee", "recipient_normal_user")
