import threading

import pytest
from django.db import connection

from normal_user_account.models import NormalUser
from tests.factories import PASSWORD
from tests.normal_user_account.conftest import REGISTER, post


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_sign_ups_with_one_email_create_one_account():
    barrier = threading.Barrier(4)
    statuses = []

    def register(n):
        try:
            barrier.wait()
            response = post(
                REGISTER,
                {
                    "full_name": f"Racer {n}",
                    "email": "race@example.com",
                    "password": PASSWORD,
                },
            )
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(statuses) == [201, 409, 409, 409]
    assert NormalUser.objects.filter(email="race@example.com").count() == 1
