"""How the project launches Chromium: Debian's binary, with the flags this sealed machine needs."""

import os

PATH = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
