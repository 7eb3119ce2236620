from rest_framework import serializers

from core.contacts import NormalizedEmailField, PhoneField
from core.text import NameField, StrictSerializer, TextField
from normal_user_account.models import NormalUser

PASSWORD_MAX_LENGTH = 128


def _password_field():
    return TextField(
        max_length=PASSWORD_MAX_LENGTH,
        trim_whitespace=False,
        style={"input_type": "password"},
    )


class OneContactSerializer(StrictSerializer):
    """Exactly one of `email` or `phone`."""

    email = NormalizedEmailField(max_length=254, required=False)
    phone = PhoneField(required=False)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if ("email" in attrs) == ("phone" in attrs):
            raise serializers.ValidationError(
                "Give either an email or a phone number, not both."
                if "email" in attrs
                else "Give an email or a phone number."
            )
        return attrs


class RegisterSerializer(StrictSerializer):
    full_name = NameField()
    email = NormalizedEmailField(max_length=254, required=False)
    phone = PhoneField(required=False)
    password = _password_field()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "email" not in attrs and "phone" not in attrs:
            raise serializers.ValidationError("Give an email, a phone number or both.")
        return attrs


class RegisterResponseSerializer(serializers.Serializer):
    normal_user_id = serializers.IntegerField()
    status = serializers.CharField()


class AccountIdSerializer(StrictSerializer):
    normal_user_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)


class VerifySerializer(AccountIdSerializer):
    code = TextField(max_length=12)


class VerifyResponseSerializer(serializers.Serializer):
    verified = serializers.BooleanField()


class LoginSerializer(OneContactSerializer):
    password = TextField(max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)


class LoginResponseSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user_type = serializers.CharField()
    normal_user_id = serializers.IntegerField()


class LogoutSerializer(StrictSerializer):
    refresh = TextField(max_length=2000)


class ResetPasswordSerializer(OneContactSerializer):
    code = TextField(max_length=12)
    new_password = _password_field()


class ChangePasswordSerializer(StrictSerializer):
    old_password = TextField(max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)
    new_password = _password_field()


class ProfileSerializer(serializers.ModelSerializer):
    normal_user_id = serializers.IntegerField(source="id", read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = NormalUser
        fields = [
            "normal_user_id",
            "full_name",
            "email",
            "phone",
            "email_verified",
            "phone_verified",
            "status",
            "created_at",
            "last_login",
        ]
        read_only_fields = fields


class ProfileUpdateSerializer(StrictSerializer):
    full_name = NameField()


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()
