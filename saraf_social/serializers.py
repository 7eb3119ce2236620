from rest_framework import serializers

from core.text import TextField
from msg.search import fold_for_search
from saraf_social.models import MAX_COMMENT_LENGTH


class SarafRefSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class CommentCreateSerializer(SarafRefSerializer):
    text = TextField(max_length=MAX_COMMENT_LENGTH)

    def validate_text(self, text):
        if not fold_for_search(text):
            raise serializers.ValidationError(
                "A comment needs at least one visible character.", code="blank"
            )
        return text


class LikeResultSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField()
    liked = serializers.BooleanField()
    likes_count = serializers.IntegerField()


def public_author_name(full_name: str) -> str:
    """First name and the initial of the last: a comment does not publish who a
    saraf's customer is in full."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    return f"{parts[0]} {parts[-1][0]}."


class PublicCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    saraf_id = serializers.IntegerField()
    author_name = serializers.SerializerMethodField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()

    def get_author_name(self, comment) -> str:
        return public_author_name(comment.normal_user.full_name)


class OwnCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    saraf_id = serializers.IntegerField()
    saraf_name = serializers.CharField(source="saraf.name")
    text = serializers.CharField()
    is_hidden = serializers.BooleanField()
    created_at = serializers.DateTimeField()


class ModeratedCommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    saraf_id = serializers.IntegerField()
    text = serializers.CharField()
    is_hidden = serializers.BooleanField()
    hidden_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class OwnLikeSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField()
    saraf_name = serializers.CharField(source="saraf.name")
    created_at = serializers.DateTimeField()


class SarafStatsSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField()
    name = serializers.CharField()
    province = serializers.CharField()
    likes_count = serializers.IntegerField()
    comments_count = serializers.IntegerField()
    rank = serializers.IntegerField()
    total_sarafs = serializers.IntegerField()


class RankedSarafSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    province = serializers.CharField()
    likes_count = serializers.IntegerField()
    comments_count = serializers.IntegerField()
    rank = serializers.IntegerField()


def _page_of(serializer_class, name):
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


RankedSarafPageSerializer = _page_of(RankedSarafSerializer, "RankedSarafPage")
PublicCommentPageSerializer = _page_of(PublicCommentSerializer, "PublicCommentPage")
OwnCommentPageSerializer = _page_of(OwnCommentSerializer, "OwnCommentPage")
OwnLikePageSerializer = _page_of(OwnLikeSerializer, "OwnLikePage")
