"""``python -m digestfmt``: the same as the ``digestfmt`` command."""

from digestfmt.cli import main

main()
