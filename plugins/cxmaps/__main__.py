"""`python -m cxmaps` is the `cxmaps` command."""

from .cli import main

main()
