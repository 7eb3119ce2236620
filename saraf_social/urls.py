from django.urls import path

from saraf_social import views

urlpatterns = [
    path("like/", views.LikeView.as_view()),
    path("comment/create/", views.CommentCreateView.as_view()),
    path("comment/<id:comment_id>/delete/", views.CommentDeleteView.as_view()),
    path("comment/<id:comment_id>/hide/", views.CommentHideView.as_view()),
    path("saraf/stats/", views.AllSarafStatsView.as_view()),
    path("saraf/<id:saraf_id>/stats/", views.SarafStatsView.as_view()),
    path("saraf/<id:saraf_id>/comments/", views.SarafCommentsView.as_view()),
    path("user/likes/", views.UserLikesView.as_view()),
    path("user/comments/", views.UserCommentsView.as_view()),
]
