from django.core.validators import RegexValidator
from django.urls import reverse
from rest_framework import serializers

from core.contacts import NormalizedEmailField, PhoneField
from core.permissions import FLAGS, TEMPLATES
from core.text import BoundedListField, NameField, StrictSerializer, TextField
from core.uploads import MB, validate_document_upload, validate_image_upload
from saraf_account.selectors import MAX_ID

LOGO_MAX_SIDE = 512
WALLPAPER_MAX_SIDE = 1920
UPLOAD_MAX_BYTES = 5 * MB


def _id_field(**kwargs):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def _password_field(**kwargs):
    return TextField(max_length=128, trim_whitespace=False, write_only=True, **kwargs)


def _email_field():
    return NormalizedEmailField(max_length=254, required=False, allow_null=True)


def _phone_field():
    return PhoneField(required=False, allow_null=True)


def _one_contact(attrs, *, both_allowed=False):
    given = [field for field in ("email", "phone") if attrs.get(field)]
    if not given:
        raise serializers.ValidationError("Give an email or a phone number.")
    if len(given) > 1 and not both_allowed:
        raise serializers.ValidationError("Give an email or a phone number, not both.")
    return attrs


class PermissionsField(serializers.DictField):
    """`{flag: bool}` over the 20 known flags; an unknown flag is a 400."""

    child = serializers.BooleanField()

    def to_internal_value(self, data):
        # Unknown keys first: 175,000 of them were each judged, then all named.
        unknown = sorted(set(data) - set(FLAGS)) if isinstance(data, dict) else []
        if unknown:
            more = f" (and {len(unknown) - 5} more)" if len(unknown) > 5 else ""
            raise serializers.ValidationError(
                f"Unknown permission flags: {', '.join(map(str, unknown[:5]))}{more}."
            )
        return super().to_internal_value(data)


def _template_field():
    return serializers.ChoiceField(choices=sorted(TEMPLATES), required=False)


class RegisterInputSerializer(serializers.Serializer):
    name = NameField()
    license_no = TextField(max_length=64)
    email = _email_field()
    phone = _phone_field()
    password = _password_field()
    province = TextField(max_length=100, required=False, allow_blank=True)
    address = TextField(max_length=300, required=False, allow_blank=True)

    def validate(self, attrs):
        return _one_contact(attrs, both_allowed=True)


class RegisterOutputSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField()
    status = serializers.CharField()


class SarafIdInputSerializer(serializers.Serializer):
    saraf_id = _id_field()


class OtpVerifyInputSerializer(serializers.Serializer):
    saraf_id = _id_field()
    code = serializers.RegexField(r"^\d{6}$", max_length=6)


class VerifiedOutputSerializer(serializers.Serializer):
    verified = serializers.BooleanField()


class DetailOutputSerializer(serializers.Serializer):
    detail = serializers.CharField()


class LoginInputSerializer(serializers.Serializer):
    """Owner: `email` or `phone` + `password`. Employee: `saraf_id` + `username`."""

    email = _email_field()
    phone = _phone_field()
    saraf_id = _id_field(required=False)
    username = TextField(max_length=64, required=False)
    password = _password_field()

    def validate(self, attrs):
        if "saraf_id" in attrs or "username" in attrs:
            if not ("saraf_id" in attrs and "username" in attrs):
                raise serializers.ValidationError(
                    "An employee logs in with saraf_id, username and password."
                )
            if attrs.get("email") or attrs.get("phone"):
                raise serializers.ValidationError(
                    "Give either email/phone (owner) or saraf_id/username (employee)."
                )
            attrs["username"] = attrs["username"].lower()
            return attrs
        return _one_contact(attrs)


class LoginOutputSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    user_type = serializers.ChoiceField(choices=["saraf", "employee"])
    saraf_id = serializers.IntegerField()
    employee_id = serializers.IntegerField(required=False)


class LogoutInputSerializer(serializers.Serializer):
    refresh = TextField(max_length=2000)


class ForgotPasswordInputSerializer(serializers.Serializer):
    email = _email_field()
    phone = _phone_field()

    def validate(self, attrs):
        return _one_contact(attrs)


class ResetPasswordInputSerializer(ForgotPasswordInputSerializer):
    code = serializers.RegexField(r"^\d{6}$", max_length=6)
    new_password = _password_field()


class ChangePasswordInputSerializer(serializers.Serializer):
    old_password = _password_field()
    new_password = _password_field()


class SetPasswordInputSerializer(serializers.Serializer):
    new_password = _password_field()


class _TemplateOrPermissions(serializers.Serializer):
    template = _template_field()
    permissions = PermissionsField(required=False)


class EmployeeCreateInputSerializer(_TemplateOrPermissions):
    username = TextField(
        max_length=64,
        validators=[
            RegexValidator(
                r"\A[A-Za-z0-9_.-]{3,64}\Z",
                "3 to 64 letters, digits, dots, dashes or underscores.",
            )
        ],
    )
    password = _password_field()
    full_name = NameField()

    def validate_username(self, value):
        return value.lower()


class EmployeeUpdateInputSerializer(StrictSerializer):
    full_name = NameField(required=False)
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class PermissionsSetInputSerializer(_TemplateOrPermissions):
    def validate(self, attrs):
        if not attrs.get("template") and "permissions" not in attrs:
            raise serializers.ValidationError("Give a template or permissions.")
        return attrs


class PermissionsBulkInputSerializer(PermissionsSetInputSerializer):
    employee_ids = BoundedListField(child=_id_field(), min_length=1, max_length=500)


class PermissionsFlagsSerializer(serializers.Serializer):
    """The 20 flags, each true or false."""

    def get_fields(self):
        return {flag: serializers.BooleanField() for flag in FLAGS}


class EmployeeOutputSerializer(serializers.Serializer):
    employee_id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_active = serializers.BooleanField()
    permissions = PermissionsFlagsSerializer()
    created_at = serializers.DateTimeField()
    last_login = serializers.DateTimeField(allow_null=True)


class EmployeePermissionsOutputSerializer(serializers.Serializer):
    employee_id = serializers.IntegerField(source="pk")
    permissions = PermissionsFlagsSerializer()


class OwnPermissionsOutputSerializer(serializers.Serializer):
    user_type = serializers.CharField()
    saraf_id = serializers.IntegerField()
    employee_id = serializers.IntegerField(allow_null=True)
    permissions = PermissionsFlagsSerializer()


class TemplateOutputSerializer(serializers.Serializer):
    name = serializers.CharField()
    permissions = PermissionsFlagsSerializer()


class BulkUpdatedOutputSerializer(serializers.Serializer):
    updated = serializers.IntegerField()


class PublicEmployeeOutputSerializer(serializers.Serializer):
    full_name = serializers.CharField()


def _image_url(saraf, field, request):
    if not getattr(saraf, field):
        return None
    path = reverse(f"saraf-{field}", kwargs={"saraf_id": saraf.pk})
    return request.build_absolute_uri(path) if request is not None else path


class PublicSarafOutputSerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    province = serializers.CharField()
    address = serializers.CharField()
    description = serializers.CharField()
    logo_url = serializers.SerializerMethodField()
    wallpaper_url = serializers.SerializerMethodField()
    is_license_verified = serializers.BooleanField()

    def get_logo_url(self, saraf) -> str | None:
        return _image_url(saraf, "logo", self.context.get("request"))

    def get_wallpaper_url(self, saraf) -> str | None:
        return _image_url(saraf, "wallpaper", self.context.get("request"))


class ProfileOutputSerializer(PublicSarafOutputSerializer):
    license_no = serializers.CharField()
    email = serializers.EmailField(allow_null=True)
    phone = serializers.CharField(allow_null=True)
    email_verified = serializers.BooleanField()
    phone_verified = serializers.BooleanField()
    has_license_document = serializers.SerializerMethodField()
    has_id_card = serializers.SerializerMethodField()
    license_verified_at = serializers.DateTimeField(allow_null=True)
    status = serializers.CharField()
    is_active = serializers.BooleanField()
    created_at = serializers.DateTimeField()

    def get_has_license_document(self, saraf) -> bool:
        return bool(saraf.license_document)

    def get_has_id_card(self, saraf) -> bool:
        return bool(saraf.id_card)


class ProtectedOutputSerializer(serializers.Serializer):
    user_type = serializers.CharField()
    saraf_id = serializers.IntegerField()
    employee_id = serializers.IntegerField(allow_null=True)
    employee = EmployeeOutputSerializer(allow_null=True)
    saraf = ProfileOutputSerializer()
    permissions = PermissionsFlagsSerializer()


class ProfileUpdateInputSerializer(StrictSerializer):
    name = NameField(required=False)
    province = TextField(max_length=100, required=False, allow_blank=True)
    address = TextField(max_length=300, required=False, allow_blank=True)
    description = TextField(max_length=2000, required=False, allow_blank=True)


def _file_field():
    return serializers.FileField(required=False, allow_empty_file=True)


class DocumentsInputSerializer(serializers.Serializer):
    """Any of the four files; each is checked by content (core.uploads)."""

    logo = _file_field()
    wallpaper = _file_field()
    license_document = _file_field()
    id_card = _file_field()

    def validate_logo(self, file):
        return validate_image_upload(
            file, max_bytes=UPLOAD_MAX_BYTES, max_side=LOGO_MAX_SIDE
        )

    def validate_wallpaper(self, file):
        return validate_image_upload(
            file, max_bytes=UPLOAD_MAX_BYTES, max_side=WALLPAPER_MAX_SIDE
        )

    def validate_license_document(self, file):
        return validate_document_upload(file, max_bytes=UPLOAD_MAX_BYTES)

    def validate_id_card(self, file):
        return validate_document_upload(file, max_bytes=UPLOAD_MAX_BYTES)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(
                "Send at least one of logo, wallpaper, license_document, id_card."
            )
        return attrs
