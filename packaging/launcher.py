"""Entry point of the packaged app: the same `main()` the `annotator` command runs."""

from annotator import startup_trace

startup_trace.mark("python ready")
from annotator.entry import main  # noqa: E402

startup_trace.mark("entry point loaded")

if __name__ == "__main__":
    main()
