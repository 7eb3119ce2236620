import pytest

from tests.conftest import authenticated
from tests.factories import EmployeeFactory, NormalUserFactory, SarafFactory

CREATE = "/api/messages/conversations/create/"
SEND = "/api/messages/messages/send/"


def open_conversation(client, *participants, title=None):
    body = {"participants": [{"kind": k, "id": pk} for k, pk in participants]}
    if title is not None:
        body["title"] = title
    response = client.post(CREATE, body, format="json")
    assert response.status_code in (200, 201), response.content
    return response.json()["id"]


def send_text(client, conversation_id, text):
    response = client.post(
        SEND, {"conversation_id": conversation_id, "text": text}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()["id"]


@pytest.fixture
def chat_employee(saraf):
    return EmployeeFactory(saraf=saraf, chat=True)


@pytest.fixture
def chat_employee_client(chat_employee):
    return authenticated(employee=chat_employee)


@pytest.fixture
def user_conversation(normal_user_client, saraf):
    """A direct conversation the normal user opened with `saraf`."""
    return open_conversation(normal_user_client, ("saraf", saraf.pk))


@pytest.fixture
def stranger_client(db):
    return authenticated(normal_user=NormalUserFactory())


@pytest.fixture
def other_saraf_employee_client(db):
    return authenticated(employee=EmployeeFactory(saraf=SarafFactory(), chat=True))
