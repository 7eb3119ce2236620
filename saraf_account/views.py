from pathlib import Path

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.auth import session_revoke_by_refresh
from core.errors import NotFoundError
from core.net import client_ip
from core.parsers import FormParser, MultiPartParser
from core.permissions import FLAGS, TEMPLATES, HasFlag, IsSarafStaff
from core.text import TextField
from core.uploads import stored_content_type
from saraf_account import selectors, services
from saraf_account.models import SarafAccount, SarafEmployee
from saraf_account.serializers import (
    BulkUpdatedOutputSerializer,
    ChangePasswordInputSerializer,
    DetailOutputSerializer,
    DocumentsInputSerializer,
    EmployeeCreateInputSerializer,
    EmployeeOutputSerializer,
    EmployeePermissionsOutputSerializer,
    EmployeeUpdateInputSerializer,
    ForgotPasswordInputSerializer,
    LoginInputSerializer,
    LoginOutputSerializer,
    LogoutInputSerializer,
    OtpVerifyInputSerializer,
    OwnPermissionsOutputSerializer,
    PermissionsBulkInputSerializer,
    PermissionsSetInputSerializer,
    ProfileOutputSerializer,
    ProfileUpdateInputSerializer,
    ProtectedOutputSerializer,
    PublicEmployeeOutputSerializer,
    PublicSarafOutputSerializer,
    RegisterInputSerializer,
    RegisterOutputSerializer,
    ResetPasswordInputSerializer,
    SarafIdInputSerializer,
    SetPasswordInputSerializer,
    TemplateOutputSerializer,
    VerifiedOutputSerializer,
)

PRIVATE_DOCUMENTS = ("license_document", "id_card")


def _valid(serializer_class, data, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _own_permissions(identity):
    if identity.is_owner:
        return dict.fromkeys(FLAGS, True)
    return identity.employee.permissions


class _PublicView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]


class _Throttled:
    throttle_classes = [ScopedRateThrottle]


class RegisterView(_Throttled, _PublicView):
    """Sign a saraf up; a code goes to every contact given."""

    throttle_scope = "otp"

    @extend_schema(
        request=RegisterInputSerializer, responses={201: RegisterOutputSerializer}
    )
    def post(self, request):
        data = _valid(RegisterInputSerializer, request.data)
        saraf = services.saraf_register(**data, client_ip=client_ip(request))
        return Response(
            {"saraf_id": saraf.pk, "status": saraf.status},
            status=status.HTTP_201_CREATED,
        )


class OtpVerifyView(_Throttled, _PublicView):
    """Prove a contact with the code sent to it."""

    throttle_scope = "otp"

    @extend_schema(
        request=OtpVerifyInputSerializer, responses={200: VerifiedOutputSerializer}
    )
    def post(self, request):
        data = _valid(OtpVerifyInputSerializer, request.data)
        saraf = selectors.saraf_active_get(saraf_id=data["saraf_id"])
        services.saraf_contact_verify(saraf=saraf, code=data["code"])
        return Response({"verified": True})


class OtpResendView(_Throttled, _PublicView):
    """Send a fresh code to every contact not yet verified."""

    throttle_scope = "otp"

    @extend_schema(
        request=SarafIdInputSerializer, responses={200: DetailOutputSerializer}
    )
    def post(self, request):
        data = _valid(SarafIdInputSerializer, request.data)
        saraf = selectors.saraf_active_get(saraf_id=data["saraf_id"])
        services.saraf_verification_send(saraf=saraf, client_ip=client_ip(request))
        return Response({"detail": "A new code was sent."})


class LoginView(_Throttled, _PublicView):
    """Owner (email or phone) or employee (saraf_id + username) login."""

    throttle_scope = "login"

    @extend_schema(request=LoginInputSerializer, responses={200: LoginOutputSerializer})
    def post(self, request):
        data = _valid(LoginInputSerializer, request.data)
        if "username" in data:
            tokens = services.employee_login(**data, request=request)
        else:
            tokens = services.saraf_login(**data, request=request)
        return Response(tokens)


class LogoutView(APIView):
    """End the session of this refresh token: its access token dies with it."""

    permission_classes = [IsSarafStaff]

    @extend_schema(
        request=LogoutInputSerializer, responses={200: DetailOutputSerializer}
    )
    def post(self, request):
        data = _valid(LogoutInputSerializer, request.data)
        session_revoke_by_refresh(raw_refresh=data["refresh"], identity=request.user)
        return Response({"detail": "Logged out."})


class ForgotPasswordView(_Throttled, _PublicView):
    """Send a reset code; the answer is the same whether the account exists or not."""

    throttle_scope = "otp"

    @extend_schema(
        request=ForgotPasswordInputSerializer, responses={200: DetailOutputSerializer}
    )
    def post(self, request):
        data = _valid(ForgotPasswordInputSerializer, request.data)
        services.saraf_password_reset_request(**data, client_ip=client_ip(request))
        return Response(
            {"detail": "If an account uses this contact, a code was sent to it."}
        )


class ResetPasswordView(_Throttled, _PublicView):
    """Set a new password with the reset code; every session ends."""

    throttle_scope = "otp"

    @extend_schema(
        request=ResetPasswordInputSerializer, responses={200: DetailOutputSerializer}
    )
    def post(self, request):
        data = _valid(ResetPasswordInputSerializer, request.data)
        services.saraf_password_reset_confirm(**data)
        return Response({"detail": "Password changed. Log in again."})


class ChangePasswordView(APIView):
    """The caller's own password (owner or employee); other sessions end."""

    permission_classes = [IsSarafStaff]

    @extend_schema(
        request=ChangePasswordInputSerializer,
        responses={
            200: DetailOutputSerializer,
            429: OpenApiResponse(description="Too many wrong passwords (throttled)."),
        },
    )
    def post(self, request):
        data = _valid(ChangePasswordInputSerializer, request.data)
        services.password_change(identity=request.user, **data)
        return Response({"detail": "Password changed."})


class EmployeeListCreateView(generics.ListAPIView):
    """The saraf's employees, with their flags; create one (flag add_employee)."""

    permission_classes = [IsSarafStaff, HasFlag("add_employee")]
    serializer_class = EmployeeOutputSerializer
    queryset = SarafEmployee.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.employee_list(saraf_id=self.request.user.saraf_id)

    @extend_schema(
        request=EmployeeCreateInputSerializer,
        responses={201: EmployeeOutputSerializer},
    )
    def post(self, request):
        data = _valid(EmployeeCreateInputSerializer, request.data)
        employee = services.employee_create(actor=request.user, **data)
        return Response(
            EmployeeOutputSerializer(employee).data, status=status.HTTP_201_CREATED
        )


class EmployeeDetailView(APIView):
    """One employee of the caller's saraf: read, rename/(de)activate, deactivate."""

    permission_classes = [IsSarafStaff, HasFlag("add_employee")]

    @extend_schema(responses={200: EmployeeOutputSerializer})
    def get(self, request, employee_id):
        employee = selectors.employee_get(
            saraf_id=request.user.saraf_id, employee_id=employee_id
        )
        return Response(EmployeeOutputSerializer(employee).data)

    @extend_schema(
        request=EmployeeUpdateInputSerializer,
        responses={200: EmployeeOutputSerializer},
    )
    def patch(self, request, employee_id):
        data = _valid(EmployeeUpdateInputSerializer, request.data)
        employee = services.employee_update(
            actor=request.user, employee_id=employee_id, **data
        )
        return Response(EmployeeOutputSerializer(employee).data)

    @extend_schema(responses={204: None})
    def delete(self, request, employee_id):
        services.employee_deactivate(actor=request.user, employee_id=employee_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmployeePasswordView(APIView):
    """Set another employee's password (owner, or flag change_password)."""

    permission_classes = [IsSarafStaff, HasFlag("change_password")]

    @extend_schema(
        request=SetPasswordInputSerializer, responses={200: DetailOutputSerializer}
    )
    def post(self, request, employee_id):
        data = _valid(SetPasswordInputSerializer, request.data)
        services.employee_password_set(
            actor=request.user, employee_id=employee_id, **data
        )
        return Response({"detail": "Password set; the employee's sessions ended."})


class OwnPermissionsView(APIView):
    """The caller's own flags (the owner holds them all)."""

    permission_classes = [IsSarafStaff]

    @extend_schema(
        operation_id="api_saraf_permissions_own",
        responses={200: OwnPermissionsOutputSerializer},
    )
    def get(self, request):
        identity = request.user
        return Response(
            {
                "user_type": identity.kind,
                "saraf_id": identity.saraf_id,
                "employee_id": identity.employee_id,
                "permissions": _own_permissions(identity),
            }
        )


class EmployeePermissionsView(APIView):
    """One employee's 20 flags; set them by template and/or single flags."""

    permission_classes = [IsSarafStaff, HasFlag("add_employee")]

    @extend_schema(responses={200: EmployeePermissionsOutputSerializer})
    def get(self, request, employee_id):
        employee = selectors.employee_get(
            saraf_id=request.user.saraf_id, employee_id=employee_id
        )
        return Response(EmployeePermissionsOutputSerializer(employee).data)

    @extend_schema(
        request=PermissionsSetInputSerializer,
        responses={200: EmployeePermissionsOutputSerializer},
    )
    def patch(self, request, employee_id):
        data = _valid(PermissionsSetInputSerializer, request.data)
        employee = services.employee_permissions_set(
            actor=request.user, employee_id=employee_id, **data
        )
        return Response(EmployeePermissionsOutputSerializer(employee).data)


class PermissionsBulkView(APIView):
    """Set flags on many employees at once: all or nothing."""

    permission_classes = [IsSarafStaff, HasFlag("add_employee")]

    @extend_schema(
        request=PermissionsBulkInputSerializer,
        responses={
            200: BulkUpdatedOutputSerializer,
            404: OpenApiResponse(description="An employee id is not the saraf's."),
        },
    )
    def post(self, request):
        data = _valid(PermissionsBulkInputSerializer, request.data)
        updated = services.employee_permissions_bulk_set(actor=request.user, **data)
        return Response({"updated": updated})


class PermissionTemplatesView(APIView):
    """The permission templates and the flags each one sets."""

    permission_classes = [IsSarafStaff]

    @extend_schema(responses={200: TemplateOutputSerializer(many=True)})
    def get(self, request):
        return Response(
            [
                {"name": name, "permissions": flags}
                for name, flags in sorted(TEMPLATES.items())
            ]
        )


class SarafListQuerySerializer(serializers.Serializer):
    search = TextField(max_length=100, required=False)
    province = TextField(max_length=100, required=False)


class SarafListView(_Throttled, generics.ListAPIView):
    """Public directory of active sarafs: public profile fields only."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_scope = "public"
    serializer_class = PublicSarafOutputSerializer
    queryset = SarafAccount.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        query = _valid(SarafListQuerySerializer, self.request.query_params)
        return selectors.saraf_public_list(**query)

    @extend_schema(
        parameters=[
            OpenApiParameter("search", str, description="Part of the saraf's name"),
            OpenApiParameter("province", str, description="Province, exact"),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProtectedView(APIView):
    """Who the caller is, its flags, and its saraf's profile."""

    permission_classes = [IsSarafStaff]

    @extend_schema(responses={200: ProtectedOutputSerializer})
    def get(self, request):
        identity = request.user
        saraf = identity.saraf
        return Response(
            ProtectedOutputSerializer(
                {
                    "user_type": identity.kind,
                    "saraf_id": identity.saraf_id,
                    "employee_id": identity.employee_id,
                    "employee": identity.employee,
                    "saraf": saraf,
                    "permissions": _own_permissions(identity),
                },
                context={"request": request},
            ).data
        )


class PublicEmployeesQuerySerializer(serializers.Serializer):
    saraf_id = serializers.IntegerField(min_value=1, max_value=selectors.MAX_ID)


class PublicEmployeesView(_Throttled, generics.ListAPIView):
    """Names of an active saraf's active employees; nothing else about them."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_scope = "public"
    serializer_class = PublicEmployeeOutputSerializer
    queryset = SarafEmployee.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        query = _valid(PublicEmployeesQuerySerializer, self.request.query_params)
        return selectors.employee_public_names(saraf_id=query["saraf_id"])

    @extend_schema(parameters=[OpenApiParameter("saraf_id", int, required=True)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProfileView(APIView):
    """The caller's saraf profile; editing needs flag edit_profile."""

    def get_permissions(self):
        if self.request.method == "GET":
            return [IsSarafStaff()]
        return [IsSarafStaff(), HasFlag("edit_profile")()]

    @extend_schema(responses={200: ProfileOutputSerializer})
    def get(self, request):
        saraf = request.user.saraf
        return Response(
            ProfileOutputSerializer(saraf, context={"request": request}).data
        )

    @extend_schema(
        request=ProfileUpdateInputSerializer, responses={200: ProfileOutputSerializer}
    )
    def patch(self, request):
        data = _valid(ProfileUpdateInputSerializer, request.data)
        saraf = services.saraf_profile_update(saraf_id=request.user.saraf_id, **data)
        return Response(
            ProfileOutputSerializer(saraf, context={"request": request}).data
        )


class DocumentsUploadView(APIView):
    """Upload logo, wallpaper, licence and/or ID card (multipart; edit_profile)."""

    permission_classes = [IsSarafStaff, HasFlag("edit_profile")]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": DocumentsInputSerializer},
        responses={200: ProfileOutputSerializer},
    )
    def post(self, request):
        data = _valid(DocumentsInputSerializer, request.data)
        saraf = services.saraf_documents_update(
            saraf_id=request.user.saraf_id, files=data
        )
        return Response(
            ProfileOutputSerializer(saraf, context={"request": request}).data
        )

    @extend_schema(
        request={"multipart/form-data": DocumentsInputSerializer},
        responses={200: ProfileOutputSerializer},
    )
    def put(self, request):
        return self.post(request)


def _file_response(field_file, *, filename, private):
    try:
        opened = field_file.storage.open(field_file.name, "rb")
    except FileNotFoundError:
        raise NotFoundError("The stored file is missing.") from None
    response = FileResponse(
        opened,
        content_type=stored_content_type(field_file.name) or "application/octet-stream",
        as_attachment=private,
        filename=filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = (
        "private, no-store" if private else "public, max-age=300"
    )
    return response


class DocumentDownloadView(APIView):
    """A private document of the caller's saraf (owner, or flag edit_profile)."""

    permission_classes = [IsSarafStaff, HasFlag("edit_profile")]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, kind):
        if kind not in PRIVATE_DOCUMENTS:
            raise NotFoundError("No such document.")
        saraf = request.user.saraf
        field_file = getattr(saraf, kind)
        if not field_file:
            raise NotFoundError("No such document uploaded.")
        return _file_response(
            field_file, filename=f"{kind}{Path(field_file.name).suffix}", private=True
        )


class _PublicImageView(_Throttled, _PublicView):
    throttle_scope = "public"
    field = ""

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request, saraf_id):
        saraf = selectors.saraf_active_get(saraf_id=saraf_id)
        field_file = getattr(saraf, self.field)
        if not field_file:
            raise NotFoundError(f"This saraf has no {self.field}.")
        return _file_response(
            field_file,
            filename=f"{self.field}{Path(field_file.name).suffix}",
            private=False,
        )


class LogoView(_PublicImageView):
    """A saraf's logo (public)."""

    field = "logo"


class WallpaperView(_PublicImageView):
    """A saraf's wallpaper (public)."""

    field = "wallpaper"
