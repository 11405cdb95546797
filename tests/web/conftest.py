"""The page's fixtures, shared by the API tests."""

from __future__ import annotations

import pytest

from reportgen.web.app import Config, create_app
from web_support import client, csrf_of


@pytest.fixture(scope="module")
def web():
    """One app (one worker process) for each test module."""
    app = create_app(Config(jobs=1, pdf=False))
    with client(app) as c:
        app.test_client = c
        yield app


@pytest.fixture
def page(web):
    """A fresh session: (client, csrf token)."""
    web.test_client.cookies.clear()
    r = web.test_client.get("/")
    assert r.status_code == 200
    return web.test_client, csrf_of(r.text)
