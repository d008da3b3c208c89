"""Render a readiness report in headless Chromium and save a PNG (used for the README's screenshot).

.venv/bin/python tools/report_screenshot.py .build/demo/report/readiness.html docs/images/readiness-report.png
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from testkit import browser  # noqa: E402


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    if not browser.chromium():
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    browser.screenshot(sys.argv[1], sys.argv[2], width=1280, height=1600)
    print("wrote %s" % sys.argv[2])


if __name__ == "__main__":
    main()
