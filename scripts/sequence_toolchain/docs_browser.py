"""``make docs-check``: open ``docs/api.html`` in a real headless Chromium and check what a reader gets.

The page itself has no script. A copy of it, in a temporary folder, gets one appended that inspects the
rendered page (every in-page link reaches its anchor, each operation's anchor scrolls into view with its
curl and Python samples below it, the contents stay beside the text on a wide window and above it on a
narrow one, nothing overflows sideways) and writes its findings into the DOM, which Chromium's
``--dump-dom`` prints. Screenshots of both widths go to ``.docs-check/`` for a person to look at.

Needs Debian's ``chromium`` (``apt-get install chromium``); not part of ``make test``.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from sequence_toolkit.spec import Spec, load_document

from .layout import BUNDLE_NAME, GENERATED, REPO

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
WIDE, NARROW = (1400, 900), (500, 900)  # Chromium's headless window is at least 500px wide
RESULT_ID = "docs-check-result"

PROBE = """
<script>
(() => {
  const found = {missing: [], operations: {}, layout: {}};
  for (const a of document.querySelectorAll('a[href^="#"]')) {
    const href = a.getAttribute('href');
    if (!document.getElementById(decodeURIComponent(href.slice(1)))) found.missing.push(href);
  }
  const nav = document.querySelector('nav#contents'), main = document.querySelector('main');
  found.navLinks = nav ? nav.querySelectorAll('a[href^="#"]').length : 0;
  const anchors = [...document.querySelectorAll('a[id]')];
  for (const id of OPERATION_IDS) {
    const anchor = document.getElementById(id);
    if (!anchor) { found.operations[id] = null; continue; }
    anchor.scrollIntoView();
    const next = anchors[anchors.indexOf(anchor) + 1];
    const blocks = [];
    let node = anchor.closest('p') || anchor;
    for (; node && !(next && node.contains(next)); node = node.nextElementSibling) {
      if (node.tagName === 'PRE') blocks.push(node.querySelector('code').className);
    }
    const heading = (anchor.closest('p') || anchor).nextElementSibling;
    found.operations[id] = {
      top: Math.round(anchor.getBoundingClientRect().top),
      heading: heading ? heading.tagName + ' ' + heading.textContent : '',
      headingVisible: !!heading && heading.offsetHeight > 0,
      blocks,
    };
  }
  window.scrollTo(0, document.body.scrollHeight);
  const none = {top: 0, right: 0, bottom: 0, left: 0};
  const n = nav ? nav.getBoundingClientRect() : none, m = main ? main.getBoundingClientRect() : none;
  found.layout = {
    width: window.innerWidth,
    hasNav: !!nav && !!main,
    navBeside: n.right <= m.left + 1,
    navAbove: n.bottom <= m.top + 1,
    navTopAfterScroll: Math.round(n.top),
    navPosition: nav ? getComputedStyle(nav).position : '',
    overflowX: document.documentElement.scrollWidth - window.innerWidth,
    pageHeight: document.body.scrollHeight,
  };
  const out = document.createElement('pre');
  out.id = 'RESULT_ID';
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
})();
</script>
"""


class DocsCheckError(Exception):
    pass


def find_browser() -> str:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise DocsCheckError("docs-check needs Chromium: `apt-get install chromium` (Debian's package); none on PATH")


def _chromium(browser: str, profile: Path, size: tuple[int, int], *args: str) -> str:
    command = [
        browser,
        "--headless",
        "--no-sandbox",  # Chromium refuses to run as root without it
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={profile}",
        f"--window-size={size[0]},{size[1]}",
        "--virtual-time-budget=5000",
        *args,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise DocsCheckError(f"chromium exited {run.returncode}: {run.stderr.strip()[-500:]}")
    return run.stdout


def probe(browser: str, page: Path, operation_ids: list[str], size: tuple[int, int], work: Path) -> dict[str, Any]:
    """What the probe found in ``page`` rendered at ``size``."""
    text = page.read_text(encoding="utf-8")
    script = PROBE.replace("OPERATION_IDS", json.dumps(operation_ids)).replace("RESULT_ID", RESULT_ID)
    probed = work / f"probe-{size[0]}.html"
    probed.write_text(text.replace("</body>", script + "</body>", 1), encoding="utf-8")
    dom = _chromium(browser, work / "profile", size, "--dump-dom", probed.as_uri())
    match = re.search(rf'<pre id="{RESULT_ID}">(.*?)</pre>', dom, re.S)
    if match is None:
        raise DocsCheckError(f"the probe wrote no result at {size[0]}px (did the page render?)")
    result: dict[str, Any] = json.loads(html.unescape(match.group(1)))
    return result


def problems(found: dict[str, Any], operation_ids: list[str], wide: bool) -> list[str]:
    width = found["layout"]["width"]
    out = [f"{width}px: link to a missing anchor {href}" for href in found["missing"]]
    if found["navLinks"] < len(operation_ids):
        out.append(f"{width}px: the contents have {found['navLinks']} links, fewer than the operations")
    for operation_id in operation_ids:
        seen = found["operations"].get(operation_id)
        if seen is None:
            out.append(f'{width}px: no element id="{operation_id}"')
            continue
        if not (-2 <= seen["top"] <= 40 and seen["headingVisible"] and seen["heading"].startswith("H3")):
            out.append(f"{width}px: #{operation_id} does not bring its heading into view: {seen}")
        for language in ("language-sh", "language-python", "language-json"):
            if language not in seen["blocks"]:
                out.append(f"{width}px: #{operation_id} shows no {language} block")
    layout = found["layout"]
    if not layout["hasNav"]:
        return [*out, f'{width}px: no <nav id="contents"> beside a <main>']
    if layout["overflowX"] > 1:
        out.append(f"{width}px: the page is {layout['overflowX']}px wider than the window")
    if wide and not (layout["navBeside"] and layout["navPosition"] == "sticky" and layout["navTopAfterScroll"] == 0):
        out.append(f"{width}px: the contents are not a side bar that stays in view: {layout}")
    if not wide and not layout["navAbove"]:
        out.append(f"{width}px: the contents are not above the text: {layout}")
    return out


def check(page: Path, bundle: Path, screenshots: Path) -> list[str]:
    browser = find_browser()
    operation_ids = list(Spec(load_document(bundle)).operations)
    screenshots.mkdir(parents=True, exist_ok=True)
    found = []
    with tempfile.TemporaryDirectory(prefix="docs-check-") as tmp:
        work = Path(tmp)
        for size, wide in ((WIDE, True), (NARROW, False)):
            found += problems(probe(browser, page, operation_ids, size, work), operation_ids, wide)
            shot = screenshots / f"api-{size[0]}px.png"
            _chromium(browser, work / "profile", size, f"--screenshot={shot}", page.resolve().as_uri())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docs-check", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("page", type=Path, nargs="?", default=REPO / "docs" / "api.html")
    parser.add_argument("--bundle", type=Path, default=GENERATED / BUNDLE_NAME)
    parser.add_argument("--screenshots", type=Path, default=REPO / ".docs-check")
    args = parser.parse_args(argv)
    if not args.page.is_file():
        print(f"docs-check: no page at {args.page}: run `make docs`", file=sys.stderr)
        return 2
    try:
        found = check(args.page, args.bundle, args.screenshots)
    except (DocsCheckError, subprocess.TimeoutExpired) as exc:
        print(f"docs-check: {exc}", file=sys.stderr)
        return 2
    for problem in found:
        print(f"docs-check: {problem}", file=sys.stderr)
    if found:
        return 1
    print(f"docs-check: {args.page} renders in Chromium: every link reaches its anchor, every operation shows "
          f"its samples, contents beside the text at {WIDE[0]}px and above it at {NARROW[0]}px; "
          f"screenshots in {args.screenshots}/")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
