"""The error every format reader raises for input it cannot take."""


class FormatError(ValueError):
    """Bad input; the message says what is wrong (and on which line, for line-based formats)."""
