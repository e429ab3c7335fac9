"""Allow `python -m annotator`."""

from annotator.entry import main

if __name__ == "__main__":
    main()
