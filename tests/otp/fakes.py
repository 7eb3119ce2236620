import json
import logging
import smtplib

from django.core.mail.backends.base import BaseEmailBackend
from twilio.http import HttpClient
from twilio.http.response import Response


class FakeTwilioHttp(HttpClient):
    """Answers Twilio API calls from memory: a canned response or an exception."""

    def __init__(self, *, status=201, body=None, error=None):
        super().__init__(logging.getLogger("tests.fake_twilio"), is_async=False)
        self.status = status
        self.body = body if body is not None else {"sid": "SM" + "0" * 32}
        self.error = error
        self.requests = []

    def request(
        self,
        method,
        uri,
        params=None,
        data=None,
        headers=None,
        auth=None,
        timeout=None,
        allow_redirects=False,
    ):
        self.requests.append({"method": method, "uri": uri, "data": data})
        if self.error is not None:
            raise self.error
        return Response(self.status, json.dumps(self.body))


def twilio_error(status, code, message):
    return FakeTwilioHttp(
        status=status,
        body={
            "code": code,
            "message": message,
            "more_info": f"https://www.twilio.com/docs/errors/{code}",
            "status": status,
        },
    )


class BrokenSmtpBackend(BaseEmailBackend):
    """An SMTP server that hangs up."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RefusingSmtpBackend(BaseEmailBackend):
    """An SMTP server that refuses every recipient."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {r: (550, b"No such user") for m in email_messages for r in m.to}
        )
