"""Nothing written unseen (issue 12): deactivating a language that routing entries use shows the
count and where, and asks; saving such an entry afterwards says what is actually wrong; a deploy
to acc shows the pending SQL and lint findings and asks before it runs."""

from selenium.webdriver.common.by import By

from test_routing_history import fetching, row_ids


def test_deactivating_a_used_language_shows_the_impact_and_asks(launch, ivr):
    app = launch()
    app.nav("dictionaries")
    app.click("tab-languages")
    switch = app.el("language-active-nl-BE")
    app.driver.execute_script("arguments[0].click();", switch)

    impact = app.visible("deactivate-impact")
    # The demo has two active routing entries in nl-BE, and a message store allowing it.
    routing = app.el("impact-routingEntries").text
    assert "2 routing entries" in routing and "+3225550100" in routing and "sip:care@acme.example" in routing, routing
    assert "message stores" in impact.text, impact.text
    app.shot("dictionaries-deactivate-impact")

    # Keeping it active changes nothing.
    app.click("cancel-deactivate")
    app.gone("deactivate-impact")
    assert next(l for l in ivr("dict", "list", "languages") if l["languageCode"] == "nl-BE")["isActive"] is True

    # Confirming deactivates it.
    app.driver.execute_script("arguments[0].click();", app.el("language-active-nl-BE"))
    app.visible("deactivate-impact")
    app.click("confirm-deactivate")
    app.wait.until(lambda d: next(l for l in ivr("dict", "list", "languages") if l["languageCode"] == "nl-BE")["isActive"] is False)
    app.wait.until(lambda d: not [e for e in app.all(".mantine-Modal-overlay, .mantine-Modal-content") if e.is_displayed()])

    # Saving an entry that uses it now says what is wrong and where to fix it.
    app.nav("routing")
    app.type("routing-search", "+3225550100")
    app.wait.until(lambda d: len(row_ids(app)) == 1 and not fetching(app))
    app.click("routing-edit-+3225550100")
    app.visible("routing-editor")
    app.click("routing-save")
    app.text_appears("routing-editor", "nl-BE` is inactive: reactivate it in the language dictionary")


def test_deploy_to_acc_shows_the_sql_and_findings_then_asks(launch, ivr, studio_home):
    app = launch()
    # A second SQLite environment on the acc tier, still empty: every migration is pending.
    ivr("env", "add", "trial", "--tier", "acc", "--engine", "sqlite", "--database", "trial.sqlite")
    app.nav("environments")
    app.click("env-open-trial")
    app.wait.until(lambda d: app.el("tier-banner").get_attribute("data-tier") == "acc")
    app.nav("schema")
    app.click("tab-pending")
    app.click("deploy")

    review = app.visible("deploy-review")
    app.wait.until(lambda d: app.all('[data-testid="review-sql"]'))
    assert "CREATE TABLE" in review.text, review.text[:500]
    assert "baseline_schema" in review.text
    app.shot("schema-deploy-review")
    # Cancel runs nothing.
    app.click("review-cancel")
    app.gone("deploy-review")
    assert len(ivr("--env", "trial", "migrate", "status")["pending"]) >= 3

    app.click("deploy")
    app.visible("deploy-review")
    app.wait.until(lambda d: app.el("review-confirm").is_enabled())
    app.click("review-confirm")
    app.wait.until(lambda d: ivr("--env", "trial", "migrate", "status")["pending"] == [])
    applied = len(ivr("--env", "trial", "migrate", "status")["applied"])
    app.wait.until(lambda d: app.el("pending-count").get_attribute("textContent") == "0 pending")
    assert app.driver.find_element(By.CSS_SELECTOR, '[data-testid="applied-count"]').get_attribute("textContent") == f"{applied} applied"
