from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.pagination import Pagination
from core.permissions import IsNormalUser, IsSarafOwner
from saraf_social import selectors
from saraf_social import serializers as s
from saraf_social.services import (
    comment_create,
    comment_delete,
    comment_hide,
    like_toggle,
)

PAGE_PARAMETERS = [OpenApiParameter("page", int), OpenApiParameter("page_size", int)]


def _errors(**descriptions):
    return {
        int(code.removeprefix("e")): OpenApiResponse(description=text)
        for code, text in descriptions.items()
    }


PAGE_ERRORS = _errors(e404="not_found (no such page)")
NORMAL_USER_ERRORS = _errors(
    e401="not_authenticated", e403="permission_denied (normal users only)"
)


def _paginated(request, view, queryset, serializer_class):
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


class OnlyNormalUsers(IsNormalUser):
    """The caller is a normal user: sarafs and employees do not like or comment."""

    message = "Only normal users may like, comment or list their own likes."


class NormalUserView(APIView):
    permission_classes = [IsAuthenticated, OnlyNormalUsers]


class PublicView(APIView):
    """Open to anyone, without a token; throttled per client address."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public"


class LikeView(NormalUserView):
    """Like a saraf; liking it again takes the like back."""

    @extend_schema(
        request=s.SarafRefSerializer,
        responses={
            200: s.LikeResultSerializer,
            **_errors(e400="validation_error", e404="saraf_not_found"),
            **NORMAL_USER_ERRORS,
        },
    )
    def post(self, request):
        serializer = s.SarafRefSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saraf_id = serializer.validated_data["saraf_id"]
        liked, likes_count = like_toggle(
            normal_user=request.user.normal_user, saraf_id=saraf_id
        )
        return Response(
            {"saraf_id": saraf_id, "liked": liked, "likes_count": likes_count}
        )


class CommentCreateView(NormalUserView):
    """Comment publicly on a saraf; its owner is notified."""

    @extend_schema(
        request=s.CommentCreateSerializer,
        responses={
            201: s.OwnCommentSerializer,
            **_errors(e400="validation_error", e404="saraf_not_found"),
            **NORMAL_USER_ERRORS,
        },
    )
    def post(self, request):
        serializer = s.CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = comment_create(
            normal_user=request.user.normal_user, **serializer.validated_data
        )
        return Response(
            s.OwnCommentSerializer(comment).data, status=status.HTTP_201_CREATED
        )


class CommentDeleteView(NormalUserView):
    """The author deletes its comment (the saraf's owner hides instead)."""

    @extend_schema(
        responses={
            204: None,
            **_errors(e404="comment_not_found"),
            **NORMAL_USER_ERRORS,
        }
    )
    def delete(self, request, comment_id):
        comment_delete(normal_user=request.user.normal_user, comment_id=comment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentHideView(APIView):
    """The saraf's owner hides a comment on its saraf from the public."""

    permission_classes = [IsAuthenticated, IsSarafOwner]

    @extend_schema(
        request=None,
        responses={
            200: s.ModeratedCommentSerializer,
            **_errors(
                e401="not_authenticated",
                e403="permission_denied (owner only)",
                e404="comment_not_found",
            ),
        },
    )
    def post(self, request, comment_id):
        comment = comment_hide(saraf_id=request.user.saraf_id, comment_id=comment_id)
        return Response(s.ModeratedCommentSerializer(comment).data)


class SarafStatsView(PublicView):
    """A saraf's likes, visible comments and rank among all sarafs."""

    @extend_schema(
        responses={
            200: s.SarafStatsSerializer,
            **_errors(e404="saraf_not_found", e429="throttled"),
        }
    )
    def get(self, request, saraf_id):
        return Response(
            s.SarafStatsSerializer(selectors.saraf_stats(saraf_id=saraf_id)).data
        )


class SarafCommentsView(PublicView):
    """A saraf's visible comments, newest first."""

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={
            200: s.PublicCommentPageSerializer,
            **_errors(e404="saraf_not_found", e429="throttled"),
        },
    )
    def get(self, request, saraf_id):
        return _paginated(
            request,
            self,
            selectors.saraf_comments(saraf_id=saraf_id),
            s.PublicCommentSerializer,
        )


class AllSarafStatsView(PublicView):
    """Every saraf ranked: most likes first, then most comments."""

    @extend_schema(
        operation_id="saraf_social_ranking",
        parameters=PAGE_PARAMETERS,
        responses={
            200: s.RankedSarafPageSerializer,
            **PAGE_ERRORS,
            **_errors(e429="throttled"),
        },
    )
    def get(self, request):
        return _paginated(
            request, self, selectors.saraf_ranking(), s.RankedSarafSerializer
        )


class UserLikesView(NormalUserView):
    """The sarafs the caller likes, newest first."""

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={200: s.OwnLikePageSerializer, **PAGE_ERRORS, **NORMAL_USER_ERRORS},
    )
    def get(self, request):
        return _paginated(
            request,
            self,
            selectors.user_likes(normal_user_id=request.user.normal_user_id),
            s.OwnLikeSerializer,
        )


class UserCommentsView(NormalUserView):
    """The caller's comments (hidden ones too, marked), newest first."""

    @extend_schema(
        parameters=PAGE_PARAMETERS,
        responses={
            200: s.OwnCommentPageSerializer,
            **PAGE_ERRORS,
            **NORMAL_USER_ERRORS,
        },
    )
    def get(self, request):
        return _paginated(
            request,
            self,
            selectors.user_comments(normal_user_id=request.user.normal_user_id),
            s.OwnCommentSerializer,
        )
