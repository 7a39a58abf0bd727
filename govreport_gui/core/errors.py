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


class Cancelled(GovReportError):
    """The person pressed 取消: the work stopped (a child process was killed) and nothing was
    changed. One class for the core and the window; catch it before :class:`GovReportError`,
    which it also is."""

    def __init__(self, message: str = "已取消") -> None:
        super().__init__(message)
