from django.urls import path

from saraf_account import views

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="saraf-register"),
    path("otp/verify/", views.OtpVerifyView.as_view(), name="saraf-otp-verify"),
    path("otp/resend/", views.OtpResendView.as_view(), name="saraf-otp-resend"),
    path("login/", views.LoginView.as_view(), name="saraf-login"),
    path("logout/", views.LogoutView.as_view(), name="saraf-logout"),
    path(
        "forgot-password/",
        views.ForgotPasswordView.as_view(),
        name="saraf-forgot-password",
    ),
    path(
        "forgot-password/otp/verify/",
        views.ResetPasswordView.as_view(),
        name="saraf-reset-password",
    ),
    path(
        "change-password/",
        views.ChangePasswordView.as_view(),
        name="saraf-change-password",
    ),
    path("list/", views.SarafListView.as_view(), name="saraf-list"),
    path("protected/", views.ProtectedView.as_view(), name="saraf-protected"),
    path(
        "get-employees/",
        views.PublicEmployeesView.as_view(),
        name="saraf-public-employees",
    ),
    path(
        "employees/",
        views.EmployeeListCreateView.as_view(),
        name="saraf-employees",
    ),
    path(
        "employees/<id:employee_id>/",
        views.EmployeeDetailView.as_view(),
        name="saraf-employee",
    ),
    path(
        "employees/<id:employee_id>/password/",
        views.EmployeePasswordView.as_view(),
        name="saraf-employee-password",
    ),
    path("permissions/", views.OwnPermissionsView.as_view(), name="saraf-permissions"),
    path(
        "permissions/bulk/",
        views.PermissionsBulkView.as_view(),
        name="saraf-permissions-bulk",
    ),
    path(
        "permissions/templates/",
        views.PermissionTemplatesView.as_view(),
        name="saraf-permission-templates",
    ),
    path(
        "permissions/<id:employee_id>/",
        views.EmployeePermissionsView.as_view(),
        name="saraf-employee-permissions",
    ),
    path("profile/", views.ProfileView.as_view(), name="saraf-profile"),
    path(
        "profile/documents/",
        views.DocumentsUploadView.as_view(),
        name="saraf-documents",
    ),
    path(
        "profile/documents/<str:kind>/",
        views.DocumentDownloadView.as_view(),
        name="saraf-document",
    ),
    path("<id:saraf_id>/logo/", views.LogoView.as_view(), name="saraf-logo"),
    path(
        "<id:saraf_id>/wallpaper/",
        views.WallpaperView.as_view(),
        name="saraf-wallpaper",
    ),
]
