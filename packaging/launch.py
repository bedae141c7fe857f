"""Entry point of the frozen build: the same `main` as the `mentordesk` command."""

import sys

from mentordesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
