"""``python -m digestfmt``: the same as the ``digestfmt`` command."""

from digestfmt.cli import main

if __name__ == "__main__":  # worker processes (lint --jobs) import this module too
    main()
