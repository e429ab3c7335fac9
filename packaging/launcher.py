"""Entry point of the packaged app: the same `main()` the `annotator` command runs."""

from annotator.cli import main

if __name__ == "__main__":
    main()
