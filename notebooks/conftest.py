"""nbval settings: compare text/plain only (DESIGN.md, 'Notebook hygiene')."""


def pytest_collectstart(collector):
    """Skip HTML, JavaScript and stderr outputs when nbval compares notebook cells."""
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html", "application/javascript", "stderr")
