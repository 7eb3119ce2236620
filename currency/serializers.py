from rest_framework import serializers


class CurrencyOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    symbol = serializers.CharField()
    minor_units = serializers.IntegerField()


class SupportedCurrencyInputSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=3, min_length=3)
