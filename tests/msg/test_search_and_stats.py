import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from msg.search import fold_for_search
from tests.factories import SarafFactory
from tests.msg.conftest import open_conversation, send_text

pytestmark = pytest.mark.django_db

SEARCH = "/api/messages/messages/search/"
STATS = "/api/messages/messages/stats/"

PERSIAN = "سلام، حواله‌ی شما به مبلغ ۵۰۰ دالر رسید"
PASHTO = "ستاسو حواله ورسېده، مهرباني وکړئ راشئ"
ENGLISH = "Your Hawala to Herat is READY"


@pytest.fixture
def conversation_with_three_languages(normal_user_client, owner_client, saraf):
    conversation = open_conversation(normal_user_client, ("saraf", saraf.pk))
    send_text(owner_client, conversation, PERSIAN)
    send_text(owner_client, conversation, PASHTO)
    send_text(normal_user_client, conversation, ENGLISH)
    return conversation


def found(client, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200, response.content
    return [m["text"] for m in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("حواله", [PASHTO, PERSIAN]),
        ("دالر", [PERSIAN]),
        ("۵۰۰", [PERSIAN]),
        ("500", [PERSIAN]),
        ("حواله‌ی", [PERSIAN]),
        ("حوالهی", [PERSIAN]),
        ("ورسېده", [PASHTO]),
        ("مهرباني", [PASHTO]),
        ("وکړئ", [PASHTO]),
        ("hawala", [ENGLISH]),
        ("HERAT", [ENGLISH]),
        ("ready", [ENGLISH]),
        ("nothing like this", []),
    ],
)
def test_search_finds_persian_pashto_and_english(
    normal_user_client, conversation_with_three_languages, query, expected
):
    assert found(normal_user_client, query) == expected


def test_search_matches_arabic_keyboard_letter_forms(
    normal_user_client, owner_client, user_conversation
):
    send_text(owner_client, user_conversation, "کابل یک")
    assert found(normal_user_client, "كابل يك") == ["کابل یک"]


def test_search_only_covers_the_callers_conversations(
    conversation_with_three_languages, stranger_client, other_owner_client
):
    assert found(stranger_client, "حواله") == []
    assert found(other_owner_client, "hawala") == []


def test_search_skips_conversations_i_deleted(
    normal_user_client, conversation_with_three_languages
):
    normal_user_client.delete(
        f"/api/messages/conversations/{conversation_with_three_languages}/delete/"
    )
    assert found(normal_user_client, "hawala") == []


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": "x" * 201}])
def test_search_needs_a_sensible_query(normal_user_client, params):
    response = normal_user_client.get(SEARCH, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_fold_for_search():
    assert fold_for_search("مي‌خواهم  كتاب") == fold_for_search("میخواهم کتاب")
    assert fold_for_search("Ready") == "ready"
    assert fold_for_search("۱۲۳") == "123"


def test_stats_count_sent_received_and_unread_per_conversation(
    normal_user_client, owner_client, normal_user, saraf
):
    first = open_conversation(normal_user_client, ("saraf", saraf.pk))
    second = open_conversation(normal_user_client, ("saraf", SarafFactory().pk))
    send_text(normal_user_client, first, "one")
    send_text(normal_user_client, first, "two")
    send_text(owner_client, first, "reply 1")
    send_text(owner_client, first, "reply 2")
    send_text(normal_user_client, second, "three")

    stats = normal_user_client.get(STATS).json()
    assert (stats["sent"], stats["received"], stats["unread"]) == (3, 2, 2)
    per = {row["conversation_id"]: row for row in stats["results"]}
    assert per[first] == {
        "conversation_id": first,
        "sent": 2,
        "received": 2,
        "unread": 2,
    }
    assert per[second] == {
        "conversation_id": second,
        "sent": 1,
        "received": 0,
        "unread": 0,
    }

    normal_user_client.get(f"/api/messages/conversations/{first}/")
    stats = normal_user_client.get(STATS).json()
    assert stats["unread"] == 0

    owner_stats = owner_client.get(STATS).json()
    assert (owner_stats["sent"], owner_stats["received"]) == (2, 2)
    assert owner_stats["count"] == 1


def test_search_and_stats_run_a_fixed_number_of_queries(
    normal_user_client, owner_client, user_conversation
):
    def queries_for(path, params, page_size):
        with CaptureQueriesContext(connection) as captured:
            response = normal_user_client.get(path, {**params, "page_size": page_size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == page_size
        return len(captured)

    for n in range(8):
        send_text(owner_client, user_conversation, f"hawala {n}")
        other = open_conversation(normal_user_client, ("saraf", SarafFactory().pk))
        send_text(normal_user_client, other, f"hawala question {n}")
    search = ("/api/messages/messages/search/", {"q": "hawala"})
    assert queries_for(*search, 2) == queries_for(*search, 16)
    stats = ("/api/messages/messages/stats/", {})
    assert queries_for(*stats, 2) == queries_for(*stats, 9)
