class DatabaseIdConverter:
    """A positive id that fits a bigint column, written one way only (no leading
    zero: /01/ is not a second name for /1/); anything else is simply not found."""

    regex = "[1-9][0-9]{0,18}"
    MAX = 2**63 - 1

    def to_python(self, value):
        number = int(value)
        if not 0 < number <= self.MAX:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)
