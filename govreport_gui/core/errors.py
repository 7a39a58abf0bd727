"""Errors the core raises, each carrying a message for people, in Chinese."""


class GovReportError(Exception):
    """An error whose ``str()`` is a complete Chinese message for the user."""

    @property
    def message(self) -> str:
        return str(self)


class ReportFileError(GovReportError):
    """A report file could not be read or written; nothing was changed."""


class EditionError(GovReportError):
    """An edition definition in ``resources/editions`` is broken.

    This is a programming/packaging error: it fails loudly at start-up.
    """


class ValueInputError(GovReportError, ValueError):
    """A value typed, pasted or read does not fit its cell."""
