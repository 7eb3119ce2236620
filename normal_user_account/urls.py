from django.urls import path

from normal_user_account import views

urlpatterns = [
    path("register/", views.RegisterView.as_view(), name="normal-user-register"),
    path("verify-otp/", views.VerifyOtpView.as_view(), name="normal-user-verify-otp"),
    path("resend-otp/", views.ResendOtpView.as_view(), name="normal-user-resend-otp"),
    path("login/", views.LoginView.as_view(), name="normal-user-login"),
    path("logout/", views.LogoutView.as_view(), name="normal-user-logout"),
    path(
        "forgot-password/",
        views.ForgotPasswordView.as_view(),
        name="normal-user-forgot-password",
    ),
    path(
        "reset-password/",
        views.ResetPasswordView.as_view(),
        name="normal-user-reset-password",
    ),
    path("profile/", views.ProfileView.as_view(), name="normal-user-profile"),
    path(
        "change-password/",
        views.ChangePasswordView.as_view(),
        name="normal-user-change-password",
    ),
]
