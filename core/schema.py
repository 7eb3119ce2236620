from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)


class JWTAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "core.auth.JWTAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


class AmountFieldSchema(OpenApiSerializerFieldExtension):
    target_class = "core.money.AmountField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "format": "decimal",
            "pattern": r"^\d{1,15}(\.\d{1,8})?$",
            "example": "1250.50",
        }
