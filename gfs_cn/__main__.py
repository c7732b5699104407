"""``python -m gfs_cn`` — the same as the ``gfs-cn`` command."""

from gfs_cn.cli import main

raise SystemExit(main())
