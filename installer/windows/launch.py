"""The frozen app's ``__main__``: what the console script ``agent-softphone`` (``ui.launcher:main``) runs.

Both executables of the Windows build run this file: ``agent-softphone.exe``
(windowed) and ``agent-softphone-cli.exe`` (console). ``ui.launcher.main``
hands ``--run-helper NAME`` to ``softphone.helpers.run_helper`` before
anything else, so the demo bot and the sound-device lister work in a build
that has no ``python -m``.
"""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
