"""Review regressions: every list runs a fixed number of SQL queries whatever the
page size; a comment must have something visible."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from saraf_social.models import SarafComment
from saraf_social.services import comment_create, like_toggle
from tests.factories import NormalUserFactory, SarafFactory

pytestmark = pytest.mark.django_db


def _queries_for(client, path, page_size):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"page_size": page_size})
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == page_size
    return len(captured)


def test_public_comments_are_a_fixed_number_of_queries(saraf):
    for n in range(12):
        comment_create(normal_user=NormalUserFactory(), saraf_id=saraf.pk, text=f"{n}")
    path = f"/api/saraf-social/saraf/{saraf.pk}/comments/"

    assert _queries_for(APIClient(), path, 2) == _queries_for(APIClient(), path, 12)


def test_my_likes_and_comments_are_a_fixed_number_of_queries(
    normal_user_client, normal_user
):
    for n in range(12):
        saraf = SarafFactory()
        like_toggle(normal_user=normal_user, saraf_id=saraf.pk)
        comment_create(normal_user=normal_user, saraf_id=saraf.pk, text=f"{n}")

    for path in ("/api/saraf-social/user/likes/", "/api/saraf-social/user/comments/"):
        assert _queries_for(normal_user_client, path, 2) == _queries_for(
            normal_user_client, path, 12
        )


@pytest.mark.parametrize("text", ["\u200b", "\u200c\u200d", "\u0640\u064b", "\ufeff"])
def test_a_comment_with_nothing_visible_is_a_400(normal_user_client, saraf, text):
    response = normal_user_client.post(
        "/api/saraf-social/comment/create/",
        {"saraf_id": saraf.pk, "text": text},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["text"]
    assert not SarafComment.objects.exists()
