import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from core.models import AuthSession
from tests.conftest import authenticated
from tests.factories import EmployeeFactory, SarafFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def with_licence(**kwargs):
    saraf = SarafFactory(**kwargs)
    saraf.license_document.save("abc.pdf", ContentFile(PDF), save=True)
    return saraf


def test_changelist_and_change_pages_render(admin_client):
    saraf = with_licence()
    EmployeeFactory(saraf=saraf)
    authenticated(saraf=saraf)
    for url in (
        reverse("admin:saraf_account_sarafaccount_changelist"),
        reverse("admin:saraf_account_sarafaccount_change", args=[saraf.pk]),
        reverse("admin:saraf_account_sarafemployee_changelist"),
        reverse("admin:core_authsession_changelist"),
        reverse("admin:core_authsession_changelist") + "?q=abc",
        reverse("admin:saraf_account_sarafaccount_changelist") + "?q=abc",
    ):
        assert admin_client.get(url).status_code == 200


def test_mark_licence_verified_action_skips_sarafs_without_a_document(admin_client):
    with_document = with_licence()
    without = SarafFactory()
    response = admin_client.post(
        reverse("admin:saraf_account_sarafaccount_changelist"),
        {
            "action": "mark_license_verified",
            "_selected_action": [with_document.pk, without.pk],
        },
    )
    assert response.status_code == 302
    with_document.refresh_from_db()
    without.refresh_from_db()
    assert with_document.is_license_verified
    assert with_document.license_verified_at is not None
    assert not without.is_license_verified


def test_admin_staff_can_view_the_licence(admin_client, client):
    saraf = with_licence()
    url = reverse(
        "admin:saraf_account_sarafaccount_document",
        args=[saraf.pk, "license_document"],
    )
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
    assert (
        admin_client.get(url.replace("license_document", "password")).status_code == 404
    )


def test_auth_sessions_are_read_only_in_admin(admin_client, saraf):
    authenticated(saraf=saraf)
    session = AuthSession.objects.get()
    assert admin_client.get(reverse("admin:core_authsession_add")).status_code == 403
    change = reverse("admin:core_authsession_change", args=[session.pk])
    assert admin_client.post(change, {"revoked_at": "2020-01-01"}).status_code == 403
    delete = reverse("admin:core_authsession_delete", args=[session.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    session.refresh_from_db()
    assert session.revoked_at is None
