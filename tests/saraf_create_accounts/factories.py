import factory

from saraf_create_accounts.models import CustomerAccount
from tests.factories import SarafFactory


class CustomerAccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CustomerAccount

    saraf = factory.SubFactory(SarafFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    account_number = factory.LazyAttribute(lambda o: f"C-{o.sequence:06d}")
    full_name = factory.Sequence(lambda n: f"Account Holder {n}")
    phone = factory.Sequence(lambda n: f"+93700{n:06d}")
    account_type = CustomerAccount.AccountType.CUSTOMER
