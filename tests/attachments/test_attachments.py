import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.services.factories import intake, make_item
from xiangzhen.attachments.models import Attachment
from xiangzhen.attachments.services import attachment_create
from xiangzhen.audit.models import AuditEvent
from xiangzhen.disputes.models import Dispute, DisputeCategory
from xiangzhen.errors import ValidationFailed
from xiangzhen.supervision.models import TaskProgress
from xiangzhen.supervision.services import task_create, task_progress_add

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<document/>")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def task(township):
    return task_create(
        actor=township.town_leader.user,
        title="镇江村道路硬化",
        owner_unit=township.zhenjiang,
        owner=township.township_cadre,
        limit_workdays=5,
    )


def post_progress(client, task, content: bytes, name: str, content_type: str = "application/pdf"):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client.post(
        f"/supervision/tasks/{task.pk}/progress/", {"note": "已完成路基", "attachment": upload}, follow=True
    )


def test_a_pdf_is_stored_under_a_random_name_and_downloadable_in_jurisdiction(
    client, township, task, media_root
):
    client.force_login(township.township_cadre.user)
    page = post_progress(client, task, PDF, "../../etc/验收报告.pdf").content.decode()
    attachment = Attachment.objects.get()
    assert TaskProgress.objects.get().attachment == attachment
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name)
    assert attachment.original_name == "验收报告.pdf" and attachment.size == len(PDF)
    assert stored_files(media_root) == [media_root / attachment.file.name]
    link = f"/attachments/{attachment.pk}/"
    assert f'href="{link}"' in page

    client.force_login(township.town_leader.user)
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E9%AA%8C%E6%94%B6%E6%8A%A5%E5%91%8A.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="attachment.create", unit=township.zhenjiang).exists()


@pytest.mark.parametrize("persona", ["village_cadre", None])
def test_a_viewer_outside_the_jurisdiction_gets_a_404(client, township, task, persona):
    client.force_login(township.township_cadre.user)
    post_progress(client, task, PDF, "报告.pdf")
    attachment = Attachment.objects.get()
    if persona is None:
        assert client.get(f"/attachments/{attachment.pk}/").status_code == 200
        client.logout()
        assert client.get(f"/attachments/{attachment.pk}/").status_code == 302  # to the login page
    else:
        client.force_login(getattr(township, persona).user)  # 葛铺村: not 镇江村
        assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


@pytest.mark.parametrize("attachment_id", ["99999999999999999999", "abc", "0", "-1", "²"])
def test_a_malformed_or_unknown_id_is_a_404(client, township, attachment_id):
    client.force_login(township.town_leader.user)
    assert client.get(f"/attachments/{attachment_id}/").status_code == 404


def test_an_attachment_without_an_owner_is_served_to_no_one(client, township, media_root):
    attachment = attachment_create(
        actor=township.town_leader.user, upload=SimpleUploadedFile("a.pdf", PDF), unit=None
    )
    client.force_login(township.town_leader.user)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


def test_a_50_mb_file_is_refused_with_a_chinese_message_and_nothing_stored(
    client, township, task, media_root
):
    client.force_login(township.township_cadre.user)
    big = PDF + b"0" * (50 * 1024 * 1024)
    page = post_progress(client, task, big, "扫描件.pdf").content.decode()
    assert "过大" in page and "20 MB" in page
    assert not Attachment.objects.exists() and not TaskProgress.objects.exists()
    assert stored_files(media_root) == []


def test_the_size_limit_comes_from_the_setting(township, task, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationFailed, match="不能超过"):
        task_progress_add(
            actor=township.township_cadre.user,
            task=task,
            note="进展",
            attachment=SimpleUploadedFile("a.pdf", PDF + b" " * 100),
        )
    settings.ATTACHMENT_MAX_BYTES = 1000
    task_progress_add(
        actor=township.township_cadre.user,
        task=task,
        note="进展",
        attachment=SimpleUploadedFile("a.pdf", PDF),
    )


def test_an_exe_renamed_pdf_is_refused_by_its_content(client, township, task, media_root):
    client.force_login(township.township_cadre.user)
    page = post_progress(client, task, EXE, "验收报告.pdf", "application/pdf").content.decode()
    assert "类型不受支持" in page
    assert not Attachment.objects.exists() and not TaskProgress.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (
            ooxml("word/document.xml"),
            "方案.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            ooxml("xl/workbook.xml"),
            "台账",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            ooxml("ppt/presentation.xml"),
            "汇报.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (OLE, "旧表.xls", "application/vnd.ms-excel"),
        (OLE, "旧文.doc", "application/msword"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "现场.png", "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "现场.jpeg", "image/jpeg"),
        (b"GIF89a" + b"\x00" * 20, "图.gif", "image/gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 20, "图.webp", "image/webp"),
    ],
)
def test_office_documents_and_images_are_recognised_by_content(township, content, name, expected):
    attachment = attachment_create(actor=None, upload=SimpleUploadedFile(name, content), unit=None)
    assert attachment.content_type == expected
    # The offered name always ends with the checked type's extension.
    assert attachment.original_name.startswith(name.split(".")[0])
    assert attachment.file.name.endswith(
        attachment.original_name[attachment.original_name.rfind(".") :].replace(".jpeg", ".jpg")
    )


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (EXE, "setup.exe"),
        (OLE, "installer.msi"),  # an OLE container that is not an Office document
        (ooxml("payload.bin").replace(b"[Content_Types]", b"[Content_Tupes]"), "a.docx"),
        (ooxml("misc/other.xml"), "a.xlsx"),
        (b"PK\x03\x04garbage", "a.docx"),
        (b"<html><script>alert(1)</script></html>", "page.pdf"),
        (b"", "empty.pdf"),
    ],
)
def test_other_content_is_refused_whatever_its_name(township, content, name, media_root):
    with pytest.raises(ValidationFailed):
        attachment_create(actor=None, upload=SimpleUploadedFile(name, content), unit=None)
    assert stored_files(media_root) == []


def test_a_rolled_back_transaction_removes_its_file(township, task, media_root):
    with pytest.raises(RuntimeError), transaction.atomic():
        task_progress_add(
            actor=township.township_cadre.user,
            task=task,
            note="进展",
            attachment=SimpleUploadedFile("a.pdf", PDF),
        )
        assert len(stored_files(media_root)) == 1
        raise RuntimeError("a later step failed")
    assert stored_files(media_root) == []
    assert not Attachment.objects.exists()


def test_a_rolled_back_savepoint_removes_only_its_own_file(
    township, media_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = attachment_create(actor=None, upload=SimpleUploadedFile("kept.pdf", PDF), unit=None)
        with pytest.raises(RuntimeError), transaction.atomic():
            attachment_create(actor=None, upload=SimpleUploadedFile("dropped.pdf", PDF), unit=None)
            raise RuntimeError
    assert stored_files(media_root) == [media_root / kept.file.name]


def test_a_request_note_carries_an_attachment(client, township):
    item = make_item()
    service_request = intake(township.window_staff.user, item, township.zhenjiang)
    client.force_login(township.window_staff.user)
    upload = SimpleUploadedFile("补充材料.pdf", PDF, content_type="application/pdf")
    page = client.post(
        f"/services/requests/{service_request.pk}/note/",
        {"note": "收到补充材料", "attachment": upload},
        follow=True,
    ).content.decode()
    attachment = Attachment.objects.get()
    assert f'href="/attachments/{attachment.pk}/"' in page
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 200
    client.force_login(township.village_cadre.user)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404


def test_a_mediation_session_carries_an_attachment(client, township):
    client.force_login(township.township_cadre.user)
    client.post(
        "/disputes/",
        {
            "title": "邻里排水纠纷",
            "summary": "雨水排放争执",
            "place": township.zhenjiang.pk,
            "category": DisputeCategory.objects.get(name="邻里").pk,
            "risk_level": "general",
            "source": "visit",
            "responsible": township.township_cadre.pk,
            "party_name": ["王某某"],
            "party_phone": ["13985011111"],
        },
    )
    dispute = Dispute.objects.get()
    page = client.post(
        f"/disputes/{dispute.pk}/mediate/",
        {
            "held_on": "2026-03-03",
            "mediators": "村调委会",
            "actions": "现场查看",
            "result": "partial",
            "attachment": SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        },
        follow=True,
    ).content.decode()
    attachment = Attachment.objects.get()
    assert dispute.sessions.get().attachment == attachment
    assert f'href="/attachments/{attachment.pk}/"' in page
    client.force_login(township.village_cadre.user)
    assert client.get(f"/attachments/{attachment.pk}/").status_code == 404
