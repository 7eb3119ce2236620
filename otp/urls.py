from django.urls import path

from otp import views

urlpatterns = [
    path("email-otp/generate-otp/", views.EmailOtpGenerateView.as_view()),
    path("email-otp/verify-otp/", views.EmailOtpVerifyView.as_view()),
    path("email-otp/email-status/", views.EmailOtpStatusView.as_view()),
    path("phone-otp/generate-otp/", views.PhoneOtpGenerateView.as_view()),
    path("phone-otp/verify-otp/", views.PhoneOtpVerifyView.as_view()),
    path("phone-otp/phone-status/", views.PhoneOtpStatusView.as_view()),
    path("phone-otp/combined/generate-otp/", views.CombinedOtpGenerateView.as_view()),
    path("phone-otp/combined/verify-otp/", views.CombinedOtpVerifyView.as_view()),
    path("phone-otp/combined/status/", views.CombinedOtpStatusView.as_view()),
    path("wa-otp/wa-otp/", views.WhatsAppOtpGenerateView.as_view()),
    path("wa-otp/verify-wa-otp/", views.WhatsAppOtpVerifyView.as_view()),
]
