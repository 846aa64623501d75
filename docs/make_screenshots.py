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
PAGES = {
    "catalogue": "/rules",
    "rule": "/rules/" + quote("办发〔2020〕7号"),
    "search": "/search?q=" + quote("公务接待"),
    "reviews": "/reviews/",
    "compare": "/proposals/compare?code=" + quote("办发〔2020〕7号"),
}


def main(base: str, email: str = "admin@registry-demo.example.org", password: str = "demo-pass-2026") -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN")
        page.goto(f"{base}/auth/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("main button[type=submit]")
        for name, path in PAGES.items():
            response = page.goto(base + path)
            if response is None or response.status != 200:
                print(f"skipped {name}: {path} answered {response.status if response else 'nothing'}")
                continue
            page.screenshot(path=str(OUT / f"{name}.png"))
            print(f"wrote {OUT / f'{name}.png'}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000")
