"""Work that outlives a request: a management command started in a process of its own."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings


def start_command(name, *arguments):
    """Start ``manage.py name arguments…`` detached from the request and the server worker
    (the staff import's runs, the PDF of a large concept)."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    subprocess.Popen(
        [sys.executable, str(manage), name, *arguments],
        cwd=settings.BASE_DIR,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # survives the end of the request and of the server worker
    )
