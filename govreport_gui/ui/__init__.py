"""The desktop UI (PySide6). Everything here sits on :mod:`govreport_gui.core`."""
