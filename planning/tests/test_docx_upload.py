"""A damaged or hostile .docx is a Vietnamese message, never a 500: not a zip, malformed XML, a
part that unpacks past the limit, too many parts (measured before anything is inflated)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from legalaid.refusal import Refusal
from planning.importer import docx_to_text

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(document: str, extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


GOOD = docx(
    f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p></w:body></w:document>'
)


def test_a_real_docx_is_read():
    assert docx_to_text(GOOD, name="ke-hoach.docx") == "KẾ HOẠCH"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip at all", "không phải là tệp Word \\(.docx\\) thật"),
        (b"PK\x03\x04broken", "không phải là tệp Word \\(.docx\\) thật"),
        (docx(f'<w:document xmlns:w="{W}"><w:body><w:p>'), "có thể đã bị hỏng"),
        (docx("<x>&undefined;</x>"), "có thể đã bị hỏng"),
    ],
)
def test_a_damaged_docx_is_refused_in_vietnamese(data, message):
    with pytest.raises(Refusal, match=message) as refused:
        docx_to_text(data, name="ke-hoach.docx")
    assert "ke-hoach.docx" in str(refused.value)


def test_a_zip_bomb_is_refused_from_its_declared_size(settings):
    settings.UPLOAD_MAX_UNCOMPRESSED_MB = 1
    bomb = docx(f'<w:document xmlns:w="{W}"><w:body/></w:document>', {"word/media/x.bin": b"\0" * (3 << 20)})
    assert len(bomb) < 20_000
    with pytest.raises(Refusal, match="khi giải nén lớn hơn 1 MB"):
        docx_to_text(bomb, name="bom.docx")


def test_too_many_parts_are_refused(settings):
    settings.UPLOAD_MAX_ZIP_ENTRIES = 5
    many = docx(f'<w:document xmlns:w="{W}"><w:body/></w:document>', {f"p{i}.xml": b"x" for i in range(10)})
    with pytest.raises(Refusal, match="chứa hơn 5 thành phần"):
        docx_to_text(many, name="nhieu.docx")


def test_the_upload_page_shows_the_message_not_a_500(client, director, org):
    client.force_login(director)
    upload = SimpleUploadedFile("ke-hoach.docx", docx("<broken"), content_type="application/octet-stream")
    response = client.post(reverse("planning:import"), {"file": upload, "unit": org.centre.pk})
    assert response.status_code == 200
    assert "có thể đã bị hỏng" in response.content.decode()
