"""PyInstaller entry of the command line (govreport)."""
import sys

from govreport_gui.cli import main

if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--pdf-worker":     # PDF reading in a child of the built program
        from govreport_gui.core.importers.readers import pdf_child_main
        pdf_child_main()
        raise SystemExit(0)
    raise SystemExit(main())
