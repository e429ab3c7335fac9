"""Running a test as a normal user, where file modes matter: root writes whatever they say.

CI runs as root. A test marked `@pytest.mark.normal_user` (see conftest.py) is then run again, alone,
in a child pytest whose user and group are 65534 (`nobody`), and passes or fails as the child does;
run by a normal user already, it simply runs. Its fixtures are also set up in the root parent,
which only waits for the child: keep them cheap and harmless.

The child is a normal user for writing. When the interpreter lives where that user cannot go (a
pyenv under /root), it keeps one capability, CAP_DAC_READ_SEARCH, through `setpriv`: it may read
and search any folder, but write only where the modes let it.
"""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent


def normal_ids() -> tuple[int, int]:
    """The user and group to run as: `nobody`'s, or 65534 where there is no such name."""
    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        return 65534, 65534
    return entry.pw_uid, entry.pw_gid


@functools.cache
def _needs_read_capability() -> bool:
    """Whether the normal user cannot start this interpreter on its own (it lives under /root)."""
    uid, gid = normal_ids()
    try:
        subprocess.run([sys.executable, "-c", "pass"], user=uid, group=gid, extra_groups=[],
                       check=True, capture_output=True, timeout=60)
    except (OSError, subprocess.CalledProcessError):
        return True
    return False


def run_as_normal_user(argv: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    """Run `argv` as the normal user (from root); `options` go to subprocess.run."""
    uid, gid = normal_ids()
    options.setdefault("capture_output", True)
    options.setdefault("text", True)
    if not _needs_read_capability():
        return subprocess.run(argv, user=uid, group=gid, extra_groups=[], **options)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail(f"cannot run as a normal user: uid {uid} cannot start {sys.executable}, "
                    "and setpriv (util-linux) is not installed to lend it read access")
    return subprocess.run(
        [setpriv, f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
         "--inh-caps=-all,+dac_read_search", "--ambient-caps=-all,+dac_read_search", "--", *argv],
        **options,
    )


def rerun_as_normal_user(item: pytest.Function) -> None:
    """Run the test `item` in a child pytest as the normal user; fail with its report if it failed."""
    uid, gid = normal_ids()
    home = Path(tempfile.mkdtemp(prefix="annotator-normal-user-"))
    try:
        for folder in (home, home / "runtime", home / "tmp"):
            folder.mkdir(exist_ok=True)
            os.chown(folder, uid, gid)
        home.chmod(0o755)
        (home / "runtime").chmod(0o700)
        env = {
            **os.environ, "HOME": str(home), "TMPDIR": str(home / "tmp"),
            "XDG_RUNTIME_DIR": str(home / "runtime"), "PYTHONDONTWRITEBYTECODE": "1",
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        }
        result = run_as_normal_user(
            [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
             f"--basetemp={home / 'pytest'}", item.nodeid],
            cwd=REPO, env=env, timeout=600,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    report = (result.stdout + result.stderr).strip()
    summary = report.splitlines()[-1] if report else ""
    if result.returncode == 0 and " passed" in summary and "skipped" not in summary:
        return
    if result.returncode == 0 and "skipped" in summary:
        pytest.skip(f"as uid {uid}: {report[-600:]}")
    pytest.fail(f"as uid {uid} (exit {result.returncode}):\n{report[-6000:]}", pytrace=False)
