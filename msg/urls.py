from django.urls import path

from msg import views

app_name = "msg"

urlpatterns = [
    path("conversations/", views.ConversationListView.as_view()),
    path("conversations/create/", views.ConversationCreateView.as_view()),
    path(
        "conversations/<int:conversation_id>/", views.ConversationDetailView.as_view()
    ),
    path(
        "conversations/<int:conversation_id>/delete/",
        views.ConversationDeleteView.as_view(),
    ),
    path("messages/send/", views.MessageSendView.as_view()),
    path("messages/search/", views.MessageSearchView.as_view()),
    path("messages/stats/", views.MessageStatsView.as_view()),
    path("messages/<int:message_id>/status/", views.MessageStatusView.as_view()),
    path(
        "messages/<int:message_id>/attachment/",
        views.MessageAttachmentView.as_view(),
        name="message-attachment",
    ),
    path("notifications/", views.NotificationListView.as_view()),
    path("notifications/read-all/", views.NotificationReadAllView.as_view()),
    path(
        "notifications/<int:notification_id>/",
        views.NotificationDetailView.as_view(),
    ),
    path(
        "normal-user/conversations/",
        views.NormalUserConversationListView.as_view(),
    ),
    path(
        "normal-user/conversations/create/",
        views.NormalUserConversationCreateView.as_view(),
    ),
    path(
        "normal-user/conversations/<int:conversation_id>/",
        views.NormalUserConversationDetailView.as_view(),
    ),
    path(
        "normal-user/conversations/<int:conversation_id>/delete/",
        views.NormalUserConversationDeleteView.as_view(),
    ),
    path("normal-user/messages/send/", views.NormalUserMessageSendView.as_view()),
    path(
        "normal-user/messages/<int:message_id>/status/",
        views.NormalUserMessageStatusView.as_view(),
    ),
    path(
        "normal-user/notifications/",
        views.NormalUserNotificationListView.as_view(),
    ),
    path(
        "normal-user/notifications/read-all/",
        views.NormalUserNotificationReadAllView.as_view(),
    ),
    path(
        "normal-user/notifications/<int:notification_id>/",
        views.NormalUserNotificationDetailView.as_view(),
    ),
]
