import factory

from normal_user_account.models import NormalUser
from saraf_account.models import SarafAccount, SarafEmployee

PASSWORD = "Str0ng-Passw0rd!"


class SarafFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SarafAccount

    name = factory.Sequence(lambda n: f"Saraf {n}")
    license_no = factory.Sequence(lambda n: f"LIC-{n:05d}")
    email = factory.Sequence(lambda n: f"saraf{n}@example.com")
    phone = factory.Sequence(lambda n: f"+93799{n:06d}")
    email_verified = True
    province = "Kabul"
    password = factory.django.Password(PASSWORD)


class EmployeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SarafEmployee

    saraf = factory.SubFactory(SarafFactory)
    username = factory.Sequence(lambda n: f"employee{n}")
    full_name = factory.Sequence(lambda n: f"Employee {n}")
    password = factory.django.Password(PASSWORD)


class NormalUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NormalUser

    full_name = factory.Sequence(lambda n: f"Customer {n}")
    email = factory.Sequence(lambda n: f"user{n}@example.com")
    phone = factory.Sequence(lambda n: f"+93788{n:06d}")
    email_verified = True
    phone_verified = True
    password = factory.django.Password(PASSWORD)
