"""python -m ssas_portal <command>: see ssas_portal/cli.py."""

from ssas_portal.cli import main

raise SystemExit(main())
