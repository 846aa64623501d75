"""The web import in a real browser: upload a .zip, confirm the preview, watch the bar fill, read the report."""

from __future__ import annotations

import time

from registry.io import importer
from tests.e2e.test_browser import _sign_in
from tests.io.samples import zip_bytes

FILES = {f"办文/第{n}号办法.md": f"# 第{n}号办法\n\n第一条 第{n}号办法的内容。\n".encode() for n in range(1, 5)}


def test_editor_imports_a_zip_and_watches_the_progress(live_server, browser, in_thread, make_user, monkeypatch):
    editor = in_thread(make_user, "approver")
    page = browser.new_page()
    _sign_in(page, live_server, editor.email)
    page.goto(f"{live_server}/io/import")
    page.set_input_files("input[name=document]", files=[
        {"name": "规章.zip", "mimeType": "application/zip", "buffer": zip_bytes(FILES)}])
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Import preview")

    real = importer.import_group

    def slowly(group, report, **options):  # slow enough for the page to poll a few times
        time.sleep(0.6)
        return real(group, report, **options)

    monkeypatch.setattr(importer, "import_group", slowly)
    page.click("text=Import now")
    page.wait_for_url("**/io/import/*")
    page.evaluate("window.sameDocument = true")
    # The script moves the bar without reloading the page … (a function: the page's CSP forbids eval of a string)
    page.wait_for_function("() => window.sameDocument && document.querySelector('#import-progress').value > 0 "
                           "&& document.querySelector('#import-progress').value < 100", timeout=15_000)
    assert "of 4 files" in page.inner_text(".import-files")
    # … and reloads it once the import is done, to show the report.
    page.wait_for_selector("table.import-items", timeout=30_000)
    assert page.eval_on_selector("#import-progress", "bar => bar.value") == 100
    assert "4 of 4 files" in page.inner_text(".import-files")
    main = page.inner_text("main")
    assert "Import finished" in main and "4 rules created, 0 new versions, 0 unchanged, 0 refused" in main
    assert "第3号办法" in main
