"""PyInstaller entry of the desktop app (govreport-gui)."""
from govreport_gui.app import main

raise SystemExit(main())
