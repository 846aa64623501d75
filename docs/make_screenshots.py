"""Take the README's screenshots of a running registry: python docs/make_screenshots.py http://127.0.0.1:5000.

Needs the demo data (`make run`) and Debian's Chromium; writes PNG files into docs/screenshots/.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
RULE = "/rules/" + quote("办发〔2020〕7号")
# name: (path, viewport width); the phone pictures at 390 px, the others at 1280 px.
PAGES = {
    "home": ("/home/", 1280),
    "catalogue": ("/rules", 1280),
    "rule": (RULE, 1280),
    "search": ("/search?q=" + quote("公务接待"), 1280),
    "reviews": ("/reviews/", 1280),
    "compare": ("/proposals/compare?code=" + quote("办发〔2020〕7号"), 1280),
    "phone-search": ("/search?q=" + quote("差旅费"), 390),
    "phone-rule": (RULE, 390),
}
HEIGHT = {1280: 860, 390: 844}


def shrink(path: Path) -> None:
    """Keep the PNG small: 256 colours are plenty for an interface (needs Pillow; left as it is without)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(base: str, email: str = "admin@registry-demo.example.org", password: str = "demo-pass-2026") -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN")
        page.goto(f"{base}/auth/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        for name, (path, width) in PAGES.items():
            page.set_viewport_size({"width": width, "height": HEIGHT[width]})
            response = page.goto(base + path)
            if response is None or response.status != 200:
                print(f"skipped {name}: {path} answered {response.status if response else 'nothing'}")
                continue
            target = OUT / f"{name}.png"
            page.screenshot(path=str(target))
            shrink(target)
            print(f"wrote {target} ({target.stat().st_size // 1024} KB)")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000")
