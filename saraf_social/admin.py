from django.contrib import admin

from saraf_social.models import SarafComment, SarafLike


@admin.register(SarafLike)
class SarafLikeAdmin(admin.ModelAdmin):
    list_display = ("id", "saraf", "normal_user", "created_at")
    raw_id_fields = ("saraf", "normal_user")
    list_select_related = ("saraf", "normal_user")


@admin.register(SarafComment)
class SarafCommentAdmin(admin.ModelAdmin):
    list_display = ("id", "saraf", "normal_user", "is_hidden", "created_at")
    list_filter = ("is_hidden",)
    search_fields = ("text",)
    raw_id_fields = ("saraf", "normal_user")
    list_select_related = ("saraf", "normal_user")
