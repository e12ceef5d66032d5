"""The app starts on the local environment with demo data and says so."""


def test_app_starts_on_local(launch):
    app = launch()
    banner = app.visible("tier-banner")
    assert banner.get_attribute("data-tier") == "local"
    app.text_appears("tier-label", "LOCAL")
    assert app.el("env-name").text == "local"
    # local is writable: no read-only badge, no unlock button.
    assert app.all('[data-testid="read-only-badge"]') == []
    app.shot("start-local")
