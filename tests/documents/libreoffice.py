"""LibreOffice, where installed (as .ci/run installs it), turning a Word file into PDF:
how the tests see that a .docx renders on one layout with the app's own PDF."""

import shutil
import subprocess

import pytest
from pypdf import PdfReader

needs_libreoffice = pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice is not installed"
)


def pages_of_word(content: bytes, tmp_path) -> int:
    (tmp_path / "document.docx").write_bytes(content)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "document.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return len(PdfReader(tmp_path / "document.pdf").pages)
