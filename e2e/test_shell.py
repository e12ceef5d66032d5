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


def test_flows_screen_lists_the_demo_flows(launch):
    app = launch()
    app.nav("flows")
    table = app.visible("flow-table")
    assert app.all('tr[data-testid^="flow-"]'), table.text
    app.shot("flows")
