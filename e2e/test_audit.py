"""Audit: sys_AuditLog filtered by entity, actor, action and time, paginated, with before/after JSON.

The log is written before the app starts, with the `ivr` CLI on the same database: the demo data
(written when `local` is created), a language added as the OS user, and a routing entry created and
updated by "Ada Admin" (a second profile on the same SQLite file, with that display name).
"""

import time
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

ROW = 'tr[data-testid^="audit-row-"]'
ADA = "Ada Admin"


def rows(app):
    """(entity, action, actor) of the listed rows, read in one script (the table re-renders)."""
    return [
        tuple(r)
        for r in app.driver.execute_script(
            "return [...document.querySelectorAll(arguments[0])].map(r => [r.dataset.entity, r.dataset.action, r.dataset.actor]);",
            ROW,
        )
    ]


def row_ids(app):
    return app.driver.execute_script("return [...document.querySelectorAll(arguments[0])].map(r => r.dataset.testid);", ROW)


def choose(app, testid, text):
    # Centred first: scrolled to the top edge, the app's fixed header would take the click.
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", app.visible(testid))
    app.click(testid)
    option = app.wait.until(EC.element_to_be_clickable((By.XPATH, f"//*[@role='option'][normalize-space()='{text}']")))
    app.driver.execute_script("arguments[0].click();", option)


def clear_filters(app):
    app.click("audit-clear")


def set_time(app, testid, utc: datetime):
    """Types a UTC instant into a datetime-local field as the browser's local time, to the second."""
    el = app.visible(testid)
    if el.tag_name != "input":
        el = el.find_element(By.TAG_NAME, "input")
    app.driver.execute_script(
        "const [el, iso] = arguments; const d = new Date(iso); const p = n => String(n).padStart(2, '0');"
        "const local = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;"
        "Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, local);"
        "el.dispatchEvent(new Event('input', { bubbles: true }));",
        el,
        utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def pager_text(app):
    return app.driver.execute_script(
        "const t = document.querySelector('.mantine-datatable-pagination-text'); return t ? t.textContent : '';"
    )


def test_filters_pages_and_before_after(launch, ivr):
    ivr("routing", "list")  # creates `local` with its demo data
    ivr("dict", "language", "add", "sv-SE", "Svenska")
    ivr("env", "add", "ada", "--tier", "dvp", "--engine", "sqlite", "--database", "local.sqlite", "--display-name", ADA)
    # Ada's writes start on a later second than everything before them.
    newest = ivr("audit", "list", "--limit", "1")["items"][0]["occurredAt"]
    cut = datetime.strptime(newest[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc) + timedelta(seconds=1)
    while datetime.now(timezone.utc) < cut + timedelta(milliseconds=50):
        time.sleep(0.05)
    ivr("--env", "ada", "routing", "create", "--source-id", "E2E-A1", "--routing-id", "e2e-flow", "--company-project", "1",
        "--language", "nl-BE", "--init-segment", "start", "--config", '{"timeout":5}')
    ivr("--env", "ada", "routing", "update", "E2E-A1", "--init-segment", "main_menu")
    total = ivr("audit", "list", "--limit", "1")["total"]
    assert total > 25, f"the demo log has {total} rows: too few to page"

    app = launch()
    app.nav("audit")
    app.visible("audit-table")

    # Paginated, newest first: 25 rows, then the next ones.
    app.wait.until(lambda d: len(rows(app)) == 25)
    assert pager_text(app) == f"1 - 25 / {total}", pager_text(app)
    first = row_ids(app)
    app.driver.find_element(By.XPATH, "//div[contains(@class,'mantine-datatable-pagination')]//button[normalize-space()='2']").click()
    # The pager moves at once; the rows when the backend answers (the previous page stays until then).
    app.wait.until(lambda d: pager_text(app).startswith("26 - ") and row_ids(app) and row_ids(app)[0] not in first)
    second = row_ids(app)
    assert second and not set(first) & set(second)
    ids = [int(i.removeprefix("audit-row-")) for i in first + second]
    assert ids == sorted(ids, reverse=True), "newest first across pages"

    # Entity: only that entity type.
    choose(app, "audit-entity", "Language")
    app.wait.until(lambda d: rows(app) and all(e.startswith("language:") for e, _, _ in rows(app)))
    assert ("language:sv-SE", "created") in [(e, a) for e, a, _ in rows(app)], rows(app)
    clear_filters(app)

    # Actor, then actor + action.
    choose(app, "audit-actor", ADA)
    app.wait.until(lambda d: sorted(a for _, a, _ in rows(app)) == ["created", "updated"])
    assert {actor for _, _, actor in rows(app)} == {ADA}
    assert {e for e, _, _ in rows(app)} == {rows(app)[0][0]} and rows(app)[0][0].startswith("routing:")
    choose(app, "audit-action", "updated")
    app.wait.until(lambda d: [a for _, a, _ in rows(app)] == ["updated"])

    # Its before/after: the change, and each side's whole JSON.
    app.js_click(app.all(ROW)[0].get_attribute("data-testid"))
    detail = app.visible("audit-detail")
    app.text_appears("audit-detail", "initSegment")
    assert "main_menu" in detail.text and "start" in detail.text, detail.text
    app.js_click("audit-tab-before")
    assert '"initSegment": "start"' in app.visible("audit-before").text
    app.js_click("audit-tab-after")
    after = app.visible("audit-after").text
    assert '"initSegment": "main_menu"' in after and f'"updatedBy": "{ADA}"' in after, after
    app.shot("audit-filters")

    # Time: from the cut only Ada's two writes; until the cut everything else.
    clear_filters(app)
    set_time(app, "audit-from", cut)
    app.wait.until(lambda d: sorted(a for _, a, _ in rows(app)) == ["created", "updated"])
    assert {actor for _, _, actor in rows(app)} == {ADA}
    clear_filters(app)
    set_time(app, "audit-to", cut)
    app.wait.until(lambda d: pager_text(app).endswith(f"/ {total - 2}"))
    assert ADA not in {actor for _, _, actor in rows(app)}
    # A window with nothing in it says so.
    set_time(app, "audit-from", cut - timedelta(days=400))
    set_time(app, "audit-to", cut - timedelta(days=399))
    app.wait.until(lambda d: "No audit entries match" in d.find_element(By.TAG_NAME, "main").text)
