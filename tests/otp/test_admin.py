import pytest
from django.contrib.auth.models import User

from otp.models import OtpCode
from otp.services import otp_send

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "x"))
    return client


def test_admin_shows_codes_read_only_without_the_hash(admin_client):
    otp_send(channel="email", destination="a@example.com", purpose="saraf_verify")
    otp = OtpCode.objects.get()

    listing = admin_client.get("/admin/otp/otpcode/")
    assert listing.status_code == 200
    assert b"a@example.com" in listing.content

    detail = admin_client.get(f"/admin/otp/otpcode/{otp.pk}/change/")
    assert detail.status_code == 200
    assert otp.code_hash.encode() not in detail.content
    assert b'name="destination"' not in detail.content

    assert admin_client.get("/admin/otp/otpcode/add/").status_code == 403
    admin_client.post(
        f"/admin/otp/otpcode/{otp.pk}/change/", {"destination": "b@example.com"}
    )
    otp.refresh_from_db()
    assert otp.destination == "a@example.com"


def test_admin_lists_verified_contacts(admin_client):
    assert admin_client.get("/admin/otp/verifiedcontact/").status_code == 200
