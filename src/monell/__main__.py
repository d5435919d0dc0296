"""Allow ``python -m monell``."""

from monell.cli import main

if __name__ == "__main__":
    main()
