#!/usr/bin/env python3
"""`qujat preview` in a real browser: headless Chromium (Debian's `chromium`) driven by Playwright.

    browser.py QUJAT_EXECUTABLE REPO_ROOT SCRATCH_DIR

Starts `qujat preview` on a copy of Templates/ and of Examples/license_annex.json, opens the page
and checks, as a person would see it: every page is an image that loaded; after a template edit
the first page's image changes by itself (no reload of the page); a broken edit shows the problem
(file:line:column, message, the line with a caret) instead of the pages; the fix brings back the
same image; a YAML syntax error too; the page without JavaScript shows the pages. Prints the time
from each save to what the browser shows. Exit 0 when every check passed.
"""
import json, os, shutil, subprocess, sys, time, urllib.error, urllib.request

from playwright.sync_api import sync_playwright

qujat, root, scratch = sys.argv[1:4]
templates = os.path.join(scratch, "Templates")
shutil.rmtree(templates, ignore_errors=True)
shutil.copytree(os.path.join(root, "Templates"), templates)
case = os.path.join(scratch, "case.json")
shutil.copyfile(os.path.join(root, "Examples", "license_annex.json"), case)
template = os.path.join(templates, "license_annex", "kk.yaml")
original = open(template, encoding="utf-8").read()
passed, failed = 0, 0


def check(condition, what):
    global passed, failed
    if condition:
        passed += 1
    else:
        failed += 1
        print(f"FAILED: {what}", flush=True)


def save(text, atomically):
    """Writes the template as editors do: in place, or a new file renamed over the old one."""
    if atomically:
        temporary = template + ".tmp~"
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, template)
    else:
        with open(template, "w", encoding="utf-8") as file:
            file.write(text)


log = open(os.path.join(scratch, "preview.log"), "w")
server = subprocess.Popen([qujat, "preview", case, "--templates", templates, "--fonts", os.path.join(root, "Fonts"),
                           "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True)
try:
    line = server.stdout.readline()  # qujat: preview of … at http://127.0.0.1:PORT/
    url = line.strip().split(" at ")[-1]
    check(url.startswith("http://127.0.0.1:"), f"the preview's address: {line!r}")
    chromium = os.environ.get("QUJAT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        page.goto(url)
        loaded = "n => { const images = document.querySelectorAll('main[data-state=pages] img');" \
                 " return images.length === n && Array.from(images).every(i => i.complete && i.naturalWidth > 0); }"
        page.wait_for_function(loaded, arg=3, timeout=20000)
        sources = page.eval_on_selector_all("main img", "images => images.map(i => i.getAttribute('src'))")
        check(len(sources) == 3, f"three page images, got {sources}")
        sizes = page.eval_on_selector_all("main img", "images => images.map(i => [i.naturalWidth, i.naturalHeight])")
        check(all(w == 794 and h == 1123 for w, h in sizes), f"A4 pages at 96 dpi, got {sizes}")
        check("license_annex" in page.inner_text("#status") and "3 pages" in page.inner_text("#status"), "the status line")
        first = urllib.request.urlopen(url.rstrip("/") + sources[0]).read()
        check(first[:8] == b"\x89PNG\r\n\x1a\n", "page 1 is a PNG")
        page.screenshot(path=os.path.join(scratch, "1-pages.png"))
        page.evaluate("window.notReloaded = true")

        # 1. A wording change in the annex's heading: the first page's image changes by itself.
        edited = original.replace('"Қосымша № **{{ annex.number }}**"', '"Қосымша (жаңа редакция) № **{{ annex.number }}**"', 1)
        check(edited != original, "the template has the text to edit")
        started = time.monotonic()
        save(edited, atomically=False)
        page.wait_for_function("old => { const i = document.querySelector('main[data-state=pages] img');"
                               " return i && i.getAttribute('src') !== old && i.complete && i.naturalWidth > 0; }",
                               arg=sources[0], timeout=20000)
        edit_ms = (time.monotonic() - started) * 1000
        after = page.eval_on_selector_all("main img", "images => images.map(i => i.getAttribute('src'))")
        second = urllib.request.urlopen(url.rstrip("/") + after[0]).read()
        check(second != first, "the new first page differs from the old one")
        check(len(after) == 3, "still three pages")
        check(page.evaluate("window.notReloaded === true"), "the page was updated in place, not reloaded")
        page.screenshot(path=os.path.join(scratch, "2-edited.png"))

        # 2. A broken save: the problem instead of the pages, with file:line:column and a caret.
        started = time.monotonic()
        save(edited.replace("{{ license.number }}", "{{ license.numbr }}"), atomically=True)
        page.wait_for_selector("#problem", timeout=20000)
        break_ms = (time.monotonic() - started) * 1000
        problem = page.inner_text("#problem")
        check("kk.yaml:11:" in problem and "license.numbr" in problem, f"the problem names the place and the path: {problem[:300]}")
        excerpt = page.inner_text("pre.excerpt")
        check("^" in excerpt.splitlines()[-1] and "license.numbr" in excerpt, f"the excerpt has the line and a caret: {excerpt}")
        check(page.locator("main img").count() == 0, "no page images while the problem is shown")
        check(page.title().startswith("⚠"), "the title says there is a problem")
        page.screenshot(path=os.path.join(scratch, "3-problem.png"))

        # 3. Fixed: the same pages as before the break come back.
        started = time.monotonic()
        save(edited, atomically=True)
        page.wait_for_function(loaded, arg=3, timeout=20000)
        fix_ms = (time.monotonic() - started) * 1000
        check(page.locator("#problem").count() == 0, "the problem is gone")
        fixed = page.eval_on_selector_all("main img", "images => images.map(i => i.getAttribute('src'))")
        check(fixed == after, "the fixed template gives the same images as before it broke")

        # 4. A YAML syntax error is shown too, and goes away.
        save(edited.replace("body:", "body: [", 1), atomically=False)
        page.wait_for_selector("#problem", timeout=20000)
        check("YAML" in page.inner_text("#problem"), "a YAML syntax error is named")
        save(original, atomically=False)
        page.wait_for_function(loaded, arg=3, timeout=20000)
        restored = page.eval_on_selector_all("main img", "images => images.map(i => i.getAttribute('src'))")
        check(restored == sources, "the original template gives the original images")

        # 5. Without JavaScript: plain HTML with the page images.
        plain = browser.new_context(java_script_enabled=False).new_page()
        plain.goto(url)
        plain.wait_for_function("() => true")  # no-op: scripts are off; wait for the images instead
        plain.wait_for_load_state("load")
        complete = plain.eval_on_selector_all("main img", "images => images.filter(i => i.complete && i.naturalWidth > 0).length")
        check(complete == 3, f"without JavaScript the three pages show, got {complete}")
        status = json.loads(urllib.request.urlopen(url.rstrip("/") + "/status.json").read())
        check(status["state"] == "pages" and len(status["pages"]) == 3, f"status.json: {status}")
        # A page elsewhere whose host name points at 127.0.0.1 (DNS rebinding) is refused.
        try:
            urllib.request.urlopen(urllib.request.Request(url.rstrip("/") + "/status.json", headers={"Host": "evil.example"}))
            check(False, "a foreign Host header is refused")
        except urllib.error.HTTPError as error:
            check(error.code == 403, f"a foreign Host header is 403, got {error.code}")
        browser.close()
    print(f"preview latency from save to what the browser shows: edit {edit_ms:.0f} ms, broken {break_ms:.0f} ms, "
          f"fixed {fix_ms:.0f} ms", flush=True)
finally:
    server.terminate()
    try:
        code = server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        code = None
    check(code == 0, f"the preview stops cleanly on SIGTERM (exit {code})")
print(f"preview browser: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
