"""The headless Chromium the browser tests drive: Debian's ``chromium`` (a browser
download by a test tool does not work on this network) with the flags a closed
network and a root user need."""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# What a closed network and a root user need: no sandbox, no calls home.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
