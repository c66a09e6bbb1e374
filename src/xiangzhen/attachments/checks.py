"""Which files may be attached, decided by their first bytes, never by the name or the browser's type."""

import zipfile
from dataclasses import dataclass
from typing import IO

from xiangzhen.errors import ValidationFailed

ALLOWED_DESCRIPTION = "PDF、图片(PNG、JPEG、GIF、WebP)或 Office 文档(Word、Excel、PowerPoint)"

EXTENSION_ALIASES = {".jpg": (".jpeg",)}

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


PDF = FileKind(".pdf", "application/pdf")
PNG = FileKind(".png", "image/png")
JPEG = FileKind(".jpg", "image/jpeg")
GIF = FileKind(".gif", "image/gif")
WEBP = FileKind(".webp", "image/webp")
DOCX = FileKind(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = FileKind(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")
# A legacy OLE container does not say in its header which program wrote it; the name's extension picks
# the label, but only among these three (an OLE file named .msi or .exe is refused).
LEGACY_OFFICE = {
    ".doc": FileKind(".doc", "application/msword"),
    ".xls": FileKind(".xls", "application/vnd.ms-excel"),
    ".ppt": FileKind(".ppt", "application/vnd.ms-powerpoint"),
}
# The part every OOXML package of that kind must contain ([Content_Types].xml is common to all).
OOXML_PARTS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}


def _ooxml_kind(content: IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(content) as package:  # reads only the central directory
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    return next((kind for part, kind in OOXML_PARTS.items() if part in names), None)


def detect_kind(content: IO[bytes], name: str) -> FileKind | None:
    """The kind of an allowed file, read from its content; None for anything else."""
    content.seek(0)
    head = content.read(16)
    content.seek(0)
    kind: FileKind | None = None
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        kind = GIF
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = WEBP
    elif head.startswith(b"PK\x03\x04"):
        kind = _ooxml_kind(content)
    elif head.startswith(OLE_SIGNATURE):
        kind = LEGACY_OFFICE.get(_extension(name))
    content.seek(0)
    return kind


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def check_upload(*, content: IO[bytes], name: str, size: int, max_bytes: int) -> FileKind:
    if size > max_bytes:
        raise ValidationFailed(f"附件“{safe_name(name)}”过大:不能超过 {max_bytes / 1024 / 1024:g} MB")
    if size == 0:
        raise ValidationFailed(f"附件“{safe_name(name)}”是空文件")
    kind = detect_kind(content, name)
    if kind is None:
        raise ValidationFailed(f"附件“{safe_name(name)}”的类型不受支持,只能上传{ALLOWED_DESCRIPTION}")
    return kind


def safe_name(name: str) -> str:
    """The file's own name without any path a browser sent, control characters or quotes; for display only."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(char for char in base if char.isprintable() and char not in '"<>|:*?').strip(" .")
    if len(cleaned) > 120:
        extension = _extension(cleaned)[:10]
        cleaned = cleaned[: 120 - len(extension)] + extension
    return cleaned or "附件"


def download_name(original_name: str, kind_extension: str) -> str:
    """The name offered on download always ends with the extension of the checked type."""
    name = safe_name(original_name)
    if _extension(name) not in {kind_extension, *EXTENSION_ALIASES.get(kind_extension, ())}:
        name += kind_extension
    return name
