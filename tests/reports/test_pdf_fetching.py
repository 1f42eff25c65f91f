"""A PDF is set from the app's own static files only (issue 13, item 10).

WeasyPrint fetches whatever a document names: another file of the server, an address on
its network. Every PDF of the app goes through ``reports.exports.render_pdf``, whose
fetcher serves the bundled fonts and images under ``static/`` and refuses the rest. Here a
document names both, and a real HTTP server on this machine listens for any request."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from reports.exports import render_pdf

pytestmark = pytest.mark.slow


def png() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (40, 40), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def listener():
    """A web server on a free local port that answers every request with a picture and
    keeps the paths it was asked for."""
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            body = png() if self.path.endswith(".png") else b"body { color: red }"
            self.send_response(200)
            self.send_header(
                "Content-Type", "image/png" if self.path.endswith(".png") else "text/css"
            )
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()


@pytest.fixture
def document(tmp_path, settings):
    """A template of the official layout that names the app's logo, a picture elsewhere on
    the server, /etc/passwd and the local web server."""
    (tmp_path / "outside.png").write_bytes(png())
    (tmp_path / "naming-everything.html").write_text(
        """{% extends "reports/pdf/base.html" %}{% load static %}
{% block body %}
<link rel="stylesheet" href="{{ server }}/style.css">
<style>
  @import url("{{ server }}/imported.css");
  .back { background: url("{{ server }}/back.png"); }
</style>
<h1>BÁO CÁO</h1>
<p>Đoàn phường Bình Trị Đông B</p>
<img src="{% static 'img/logo.svg' %}" style="width: 2cm">
<img src="file:///etc/passwd">
<img src="{{ outside }}" style="width: 2cm">
<img src="{{ server }}/picture.png" style="width: 2cm">
<div class="back">&nbsp;</div>
<a rel="attachment" href="file:///etc/passwd">passwd</a>
<a rel="attachment" href="{{ server }}/file.png">file</a>
{% endblock %}""",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return (tmp_path / "outside.png").as_uri()


def test_a_pdf_fetches_nothing_but_the_apps_static_files(document, listener):
    server, asked = listener
    pdf = render_pdf("naming-everything.html", {"server": server, "outside": document})
    reader = PdfReader(BytesIO(pdf))
    page = reader.pages[0]

    assert asked == []  # the local web server heard nothing
    assert reader.attachments == {}  # /etc/passwd is not inside the file
    assert len(page.images) == 0  # neither picture from elsewhere was drawn
    # What is the app's own still is: its logo (its blue, #0b5cad) and the bundled font.
    assert b"0.043137 0.360784 0.678431 rg" in page.get_contents().get_data()
    fonts = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert fonts and all(name.startswith("Liberation-Serif") for name in fonts), fonts
    assert "Đoàn phường Bình Trị Đông B" in page.extract_text()
