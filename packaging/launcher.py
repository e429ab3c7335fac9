"""Entry point of the packaged app: the same `main()` the `annotator` command runs."""

from annotator import startup_trace

startup_trace.mark("python ready")
from annotator.cli import main  # noqa: E402

startup_trace.mark("command line loaded")

if __name__ == "__main__":
    main()
