"""The schema screen lists the migrations applied to the local database."""


def test_schema_lists_applied_migrations(launch):
    app = launch()
    app.nav("schema")
    app.click("tab-applied")
    table = app.visible("applied-table")
    rows = app.all('tr[data-testid^="applied-"]')
    assert rows, table.text
    assert "baseline" in table.text.lower()
    app.shot("schema")
