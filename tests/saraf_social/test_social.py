import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from msg.models import Notification
from saraf_account.models import SarafAccount
from saraf_social.models import SarafComment, SarafLike
from saraf_social.services import like_toggle
from tests.conftest import authenticated
from tests.factories import NormalUserFactory, SarafFactory

pytestmark = pytest.mark.django_db

LIKE = "/api/saraf-social/like/"
COMMENT = "/api/saraf-social/comment/create/"


def like(client, saraf_id):
    response = client.post(LIKE, {"saraf_id": saraf_id}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def comment(client, saraf_id, text):
    response = client.post(COMMENT, {"saraf_id": saraf_id, "text": text}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_like_toggles(normal_user_client, saraf):
    assert like(normal_user_client, saraf.pk) == {
        "saraf_id": saraf.pk,
        "liked": True,
        "likes_count": 1,
    }
    assert like(normal_user_client, saraf.pk)["liked"] is False
    assert SarafLike.objects.count() == 0
    assert like(normal_user_client, saraf.pk)["likes_count"] == 1


def test_likes_of_different_users_add_up(normal_user_client, saraf):
    like(normal_user_client, saraf.pk)
    other = authenticated(normal_user=NormalUserFactory())
    assert like(other, saraf.pk)["likes_count"] == 2


@pytest.mark.parametrize("who", ["owner", "employee"])
def test_sarafs_and_employees_cannot_like_or_comment(
    who, owner_client, employee_client, saraf
):
    client = owner_client if who == "owner" else employee_client("chat")
    for path, body in (
        (LIKE, {"saraf_id": saraf.pk}),
        (COMMENT, {"saraf_id": saraf.pk, "text": "great"}),
    ):
        response = client.post(path, body, format="json")
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    assert SarafLike.objects.count() == SarafComment.objects.count() == 0


def test_anonymous_cannot_like(api_client, saraf):
    assert api_client.post(LIKE, {"saraf_id": saraf.pk}).status_code == 401


@pytest.mark.parametrize(
    "target",
    [
        lambda: 999_999,
        lambda: SarafFactory(is_active=False).pk,
        lambda: SarafFactory(email_verified=False, phone_verified=False).pk,
    ],
)
def test_liking_or_commenting_a_missing_saraf_is_404(normal_user_client, target):
    saraf_id = target()
    for path, body in (
        (LIKE, {"saraf_id": saraf_id}),
        (COMMENT, {"saraf_id": saraf_id, "text": "hello"}),
    ):
        response = normal_user_client.post(path, body, format="json")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "saraf_not_found"
    assert SarafLike.objects.count() == SarafComment.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"saraf_id": "x"},
        {"saraf_id": 0},
        {"saraf_id": 10**30},
        {"saraf_id": 1, "text": ""},
        {"saraf_id": 1, "text": "   "},
        {"saraf_id": 1, "text": "x" * 1001},
        {"saraf_id": 1, "text": "a\x00b"},
        {"saraf_id": 1, "text": 42},
        {"saraf_id": 1},
    ],
)
def test_bad_comment_is_a_400(normal_user_client, body):
    response = normal_user_client.post(COMMENT, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert SarafComment.objects.count() == 0


def test_comment_notifies_the_owner_and_shows_publicly(
    normal_user_client, owner_client, saraf
):
    text = "خدمات بسیار خوب و سریع بود، تشکر"
    comment_id = comment(normal_user_client, saraf.pk, text)
    [notification] = Notification.objects.filter(recipient_saraf=saraf)
    assert notification.kind == "comment"
    assert notification.data == {"comment_id": comment_id, "saraf_id": saraf.pk}
    assert owner_client.get("/api/messages/notifications/").json()["unread_count"] == 1

    public = APIClient().get(f"/api/saraf-social/saraf/{saraf.pk}/comments/").json()
    assert public["count"] == 1
    assert public["results"][0]["text"] == text
    assert set(public["results"][0]) == {
        "id",
        "saraf_id",
        "author_name",
        "text",
        "created_at",
    }


def test_public_author_name_is_shortened(normal_user_client, saraf, normal_user):
    normal_user.full_name = "Ahmad Shah Karimi"
    normal_user.save()
    comment(normal_user_client, saraf.pk, "ok")
    public = APIClient().get(f"/api/saraf-social/saraf/{saraf.pk}/comments/").json()
    assert public["results"][0]["author_name"] == "Ahmad K."


def test_author_deletes_its_comment(normal_user_client, saraf):
    comment_id = comment(normal_user_client, saraf.pk, "changed my mind")
    response = normal_user_client.delete(
        f"/api/saraf-social/comment/{comment_id}/delete/"
    )
    assert response.status_code == 204
    assert not SarafComment.objects.filter(pk=comment_id).exists()


def test_nobody_else_can_delete_a_comment(
    normal_user_client, owner_client, employee_client, saraf
):
    comment_id = comment(normal_user_client, saraf.pk, "mine")
    path = f"/api/saraf-social/comment/{comment_id}/delete/"
    stranger = authenticated(normal_user=NormalUserFactory())
    assert stranger.delete(path).status_code == 404
    assert owner_client.delete(path).status_code == 403
    assert employee_client("chat").delete(path).status_code == 403
    assert normal_user_client.delete(
        "/api/saraf-social/comment/99999/delete/"
    ).status_code == (404)
    assert SarafComment.objects.filter(pk=comment_id).exists()


def test_owner_hides_a_comment_on_its_saraf_only(
    normal_user_client, owner_client, other_owner_client, employee_client, saraf
):
    comment_id = comment(normal_user_client, saraf.pk, "rude words")
    path = f"/api/saraf-social/comment/{comment_id}/hide/"
    assert other_owner_client.post(path).status_code == 404
    assert employee_client("chat").post(path).status_code == 403
    assert normal_user_client.post(path).status_code == 403
    assert SarafComment.objects.get(pk=comment_id).is_hidden is False

    hidden = owner_client.post(path)
    assert hidden.status_code == 200
    assert hidden.json()["is_hidden"] is True
    public = APIClient().get(f"/api/saraf-social/saraf/{saraf.pk}/comments/").json()
    assert public["count"] == 0
    mine = normal_user_client.get("/api/saraf-social/user/comments/").json()
    assert mine["results"][0]["is_hidden"] is True
    stats = APIClient().get(f"/api/saraf-social/saraf/{saraf.pk}/stats/").json()
    assert stats["comments_count"] == 0


def test_public_stats_need_no_token_and_rank_sarafs(normal_user_client, saraf):
    second, third = SarafFactory(), SarafFactory()
    users = [authenticated(normal_user=NormalUserFactory()) for _ in range(2)]
    for client in users:
        like(client, second.pk)
    like(normal_user_client, saraf.pk)
    comment(normal_user_client, saraf.pk, "good")
    SarafFactory(is_active=False)

    anonymous = APIClient()
    anonymous.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    ranking = anonymous.get("/api/saraf-social/saraf/stats/")
    assert ranking.status_code == 200
    rows = [
        (r["saraf_id"], r["likes_count"], r["comments_count"], r["rank"])
        for r in ranking.json()["results"]
    ]
    assert rows == [(second.pk, 2, 0, 1), (saraf.pk, 1, 1, 2), (third.pk, 0, 0, 3)]

    one = anonymous.get(f"/api/saraf-social/saraf/{saraf.pk}/stats/").json()
    assert one == {
        "saraf_id": saraf.pk,
        "name": saraf.name,
        "province": saraf.province,
        "likes_count": 1,
        "comments_count": 1,
        "rank": 2,
        "total_sarafs": 3,
    }


def test_equal_sarafs_share_a_rank(db):
    first, second = SarafFactory(), SarafFactory()
    rows = APIClient().get("/api/saraf-social/saraf/stats/").json()["results"]
    assert [r["rank"] for r in rows] == [1, 1]
    stats = APIClient().get(f"/api/saraf-social/saraf/{second.pk}/stats/").json()
    assert stats["rank"] == 1
    assert first.pk != second.pk


def test_public_stats_of_a_missing_saraf_is_404(db):
    for path in (
        "/api/saraf-social/saraf/999999/stats/",
        "/api/saraf-social/saraf/999999/comments/",
    ):
        response = APIClient().get(path)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "saraf_not_found"


def test_ranking_is_a_fixed_number_of_queries(db):
    def queries_for(page_size):
        with CaptureQueriesContext(connection) as captured:
            response = APIClient().get(
                "/api/saraf-social/saraf/stats/", {"page_size": page_size}
            )
        assert len(response.json()["results"]) == page_size
        return len(captured)

    users = NormalUserFactory.create_batch(3)
    for _ in range(10):
        saraf = SarafFactory()
        for user in users:
            like_toggle(normal_user=user, saraf_id=saraf.pk)
    assert queries_for(2) == queries_for(10) <= 3


def test_my_likes_and_comments(normal_user_client, saraf):
    other = SarafFactory()
    like(normal_user_client, saraf.pk)
    like(normal_user_client, other.pk)
    comment(normal_user_client, other.pk, "first")
    someone = authenticated(normal_user=NormalUserFactory())
    like(someone, saraf.pk)
    comment(someone, saraf.pk, "not mine")

    likes = normal_user_client.get("/api/saraf-social/user/likes/").json()
    assert [r["saraf_id"] for r in likes["results"]] == [other.pk, saraf.pk]
    assert likes["results"][0]["saraf_name"] == other.name
    comments = normal_user_client.get("/api/saraf-social/user/comments/").json()
    assert [c["text"] for c in comments["results"]] == ["first"]


def test_my_lists_are_for_normal_users(owner_client):
    assert owner_client.get("/api/saraf-social/user/likes/").status_code == 403
    assert owner_client.get("/api/saraf-social/user/comments/").status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_likes_of_many_users_are_all_counted_once():
    saraf = SarafFactory()
    users = NormalUserFactory.create_batch(8)
    barrier = threading.Barrier(len(users))
    errors = []

    def tap(user):
        try:
            barrier.wait()
            like_toggle(normal_user=user, saraf_id=saraf.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert SarafLike.objects.filter(saraf=saraf).count() == len(users)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_double_tap_toggles_twice_and_never_duplicates():
    saraf = SarafFactory()
    user = NormalUserFactory()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def tap():
        try:
            barrier.wait()
            results.append(like_toggle(normal_user=user, saraf_id=saraf.pk)[0])
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False, True]
    assert SarafLike.objects.filter(saraf=saraf, normal_user=user).count() == 0


def test_public_endpoints_are_throttled(db, monkeypatch, saraf):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"public": "2/min"})
    client = APIClient()
    path = f"/api/saraf-social/saraf/{saraf.pk}/stats/"
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]
    assert client.get(path).json()["error"]["code"] == "throttled"


@pytest.mark.parametrize("pk", [2**63, 10**20])
def test_out_of_range_ids_are_404(normal_user_client, owner_client, pk):
    anonymous = APIClient()
    assert anonymous.get(f"/api/saraf-social/saraf/{pk}/stats/").status_code == 404
    assert anonymous.get(f"/api/saraf-social/saraf/{pk}/comments/").status_code == 404
    path = f"/api/saraf-social/comment/{pk}/"
    assert normal_user_client.delete(f"{path}delete/").status_code == 404
    assert owner_client.post(f"{path}hide/").status_code == 404


@pytest.mark.parametrize(
    "hidden",
    [
        {"is_active": False},
        {"email_verified": False, "phone_verified": False},
    ],
)
def test_a_saraf_the_directory_hides_has_no_public_stats(
    normal_user_client, saraf, hidden
):
    like(normal_user_client, saraf.pk)
    comment(normal_user_client, saraf.pk, "good")
    shown = SarafFactory()
    SarafAccount.objects.filter(pk=saraf.pk).update(**hidden)
    anonymous = APIClient()

    directory = anonymous.get("/api/saraf/list/").json()
    ranking = anonymous.get("/api/saraf-social/saraf/stats/").json()
    stats = anonymous.get(f"/api/saraf-social/saraf/{saraf.pk}/stats/")
    comments = anonymous.get(f"/api/saraf-social/saraf/{saraf.pk}/comments/")
    again = normal_user_client.post(LIKE, {"saraf_id": saraf.pk}, format="json")

    assert [r["saraf_id"] for r in directory["results"]] == [shown.pk]
    assert [r["saraf_id"] for r in ranking["results"]] == [shown.pk]
    assert stats.status_code == comments.status_code == again.status_code == 404
    assert stats.json()["error"]["code"] == "saraf_not_found"
    shown_stats = anonymous.get(f"/api/saraf-social/saraf/{shown.pk}/stats/").json()
    assert (shown_stats["rank"], shown_stats["total_sarafs"]) == (1, 1)
    assert SarafLike.objects.count() == SarafComment.objects.count() == 1
