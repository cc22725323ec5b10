"""``python -m eval``: the eval harness (same as ``qa eval``)."""

from eval.harness import main

raise SystemExit(main())
