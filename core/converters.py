class DatabaseIdConverter:
    """A positive id that fits a bigint column; anything larger is simply not found."""

    regex = "[0-9]{1,19}"
    MAX = 2**63 - 1

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= self.MAX:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)
