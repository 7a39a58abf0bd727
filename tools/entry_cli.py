"""PyInstaller entry of the command line (govreport)."""
import sys

if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":   # a read or export in a limited child of the built program
        from govreport_gui.core.worker import child_main
        raise SystemExit(child_main(sys.argv[2:]))
    import multiprocessing

    multiprocessing.freeze_support()                       # 汇总's worker processes on Windows
    from govreport_gui.cli import main

    raise SystemExit(main())
