from django.urls import path

from msg import views

app_name = "msg"

urlpatterns = [
    path("conversations/", views.ConversationListView.as_view()),
    path("conversations/create/", views.ConversationCreateView.as_view()),
    path("conversations/<id:conversation_id>/", views.ConversationDetailView.as_view()),
    path(
        "conversations/<id:conversation_id>/delete/",
        views.ConversationDeleteView.as_view(),
    ),
    path("messages/send/", views.MessageSendView.as_view()),
    path("messages/search/", views.MessageSearchView.as_view()),
    path("messages/stats/", views.MessageStatsView.as_view()),
    path("messages/<id:message_id>/status/", views.MessageStatusView.as_view()),
    path(
        "messages/<id:message_id>/attachment/",
        views.MessageAttachmentView.as_view(),
        name="message-attachment",
    ),
    path("notifications/", views.NotificationListView.as_view()),
    path("notifications/read-all/", views.NotificationReadAllView.as_view()),
    path(
        "notifications/<id:notification_id>/",
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
        "normal-user/conversations/<id:conversation_id>/",
        views.NormalUserConversationDetailView.as_view(),
    ),
    path(
        "normal-user/conversations/<id:conversation_id>/delete/",
        views.NormalUserConversationDeleteView.as_view(),
    ),
    path("normal-user/messages/send/", views.NormalUserMessageSendView.as_view()),
    path(
        "normal-user/messages/<id:message_id>/status/",
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
        "normal-user/notifications/<id:notification_id>/",
        views.NormalUserNotificationDetailView.as_view(),
    ),
]
