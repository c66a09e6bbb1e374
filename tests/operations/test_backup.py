"""Backup and restore: a factory world of every app, backed up while the database is live, restored into an
empty database of the same engine, compared table by table and by a checksum of the audit log."""

import hashlib
import io
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from tests import app_worlds
from tests.factories import build_township
from xiangzhen.attachments.services import attachment_create
from xiangzhen.errors import ValidationFailed
from xiangzhen.operations.backup import backup_create, backup_prune, backup_restore, checksum_path

PDF = b"%PDF-1.4\n" + b"backup drill " * 100 + b"\n%%EOF"


@contextmanager
def raw(database: dict[str, Any]) -> Iterator[Any]:
    """A plain DB-API connection (no Django converters), so source and copy are read the same way."""
    if database["ENGINE"].endswith("sqlite3"):
        import sqlite3

        name = str(database["NAME"])
        handle = sqlite3.connect(name, uri=name.startswith("file:"))
    else:
        import psycopg

        handle = psycopg.connect(
            dbname=database["NAME"],
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            autocommit=True,
        )
    try:
        yield handle
    finally:
        handle.close()


def tables(handle: Any, sqlite: bool) -> list[str]:
    if sqlite:
        query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
    return sorted(row[0] for row in handle.execute(query).fetchall())


def snapshot(database: dict[str, Any]) -> tuple[dict[str, int], str]:
    sqlite = database["ENGINE"].endswith("sqlite3")
    with raw(database) as handle:
        counts = {
            table: handle.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables(handle, sqlite)
        }
        digest = hashlib.sha256()
        for row in handle.execute("SELECT * FROM audit_auditevent ORDER BY id").fetchall():
            digest.update(repr(tuple(row)).encode())
    return counts, digest.hexdigest()


@pytest.fixture
def restored_database() -> Iterator[dict[str, Any]]:
    """An empty database of the engine under test, outside Django's connections."""
    source = dict(connection.settings_dict)
    if source["ENGINE"].endswith("sqlite3"):
        import tempfile

        with tempfile.TemporaryDirectory() as directory:
            yield {**source, "NAME": str(Path(directory) / "restored.sqlite3")}
        return
    name = f"{source['NAME']}_restored"[:63]
    with raw({**source, "NAME": "postgres"}) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**source, "NAME": name}
    finally:
        with raw({**source, "NAME": "postgres"}) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_table_and_the_audit_log_exactly(
    tmp_path, settings, official_calendar, restored_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    township = build_township()
    world = app_worlds.build_all(township)
    assert sum(len(options) for options in world.values()) > 20
    attachment = attachment_create(
        actor=township.town_leader.user, upload=SimpleUploadedFile("纪要.pdf", PDF), unit=None
    )
    source_counts, source_audit = snapshot(connection.settings_dict)
    assert source_counts["audit_auditevent"] > 50
    populated = [table for table, count in source_counts.items() if count]
    assert len(populated) > 40

    archive = backup_create(tmp_path / "backups")
    assert archive.name.startswith("xiangzhen-") and checksum_path(archive).is_file()

    restored_media = tmp_path / "restored-media"
    report = backup_restore(archive, database=restored_database, media_root=restored_media)

    restored_counts, restored_audit = snapshot(restored_database)
    assert restored_counts == source_counts
    assert restored_audit == source_audit
    uploaded = {
        path.relative_to(tmp_path / "media"): path.read_bytes()
        for path in (tmp_path / "media").rglob("*")
        if path.is_file()
    }
    restored = {
        path.relative_to(restored_media): path.read_bytes()
        for path in restored_media.rglob("*")
        if path.is_file()
    }
    assert restored == uploaded and report.media_files == len(uploaded)
    assert (restored_media / attachment.file.name).read_bytes() == PDF


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused_in_chinese_and_nothing_is_restored(
    tmp_path, settings, restored_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_township()
    archive = backup_create(tmp_path / "backups")
    content = bytearray(archive.read_bytes())
    content[len(content) // 2] ^= 0xFF
    archive.write_bytes(bytes(content))
    restored_media = tmp_path / "restored-media"
    restored_media.mkdir()
    (restored_media / "keep.txt").write_text("unchanged")

    with pytest.raises(ValidationFailed, match="校验失败"):
        backup_restore(archive, database=restored_database, media_root=restored_media)

    assert (restored_media / "keep.txt").read_text() == "unchanged"
    with raw(restored_database) as handle:
        assert tables(handle, restored_database["ENGINE"].endswith("sqlite3")) == []


@pytest.mark.django_db(transaction=True)
def test_a_member_that_does_not_match_the_manifest_is_refused_without_the_sidecar(
    tmp_path, settings, restored_database
):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_township()
    archive = backup_create(tmp_path / "backups")
    checksum_path(archive).unlink()
    forged = tmp_path / "forged.tar"
    with tarfile.open(archive) as source, tarfile.open(forged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("database"):
                data = data[:100] + bytes([data[100] ^ 0xFF]) + data[101:]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    with pytest.raises(ValidationFailed, match="SHA-256 不符"):
        backup_restore(forged, database=restored_database, media_root=tmp_path / "restored-media")


@pytest.mark.django_db(transaction=True)
def test_restore_over_an_installation_with_accounts_needs_replace(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    build_township()
    archive = backup_create(tmp_path / "backups")
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(archive))


def test_pruning_keeps_the_newest_of_each_recent_day_and_month(tmp_path):
    names = []
    for month, day, hour in [
        (10, 1, 2),
        (10, 15, 2),
        (11, 1, 2),
        (11, 30, 2),
        (12, 1, 2),
        (12, 2, 2),
        (12, 3, 2),
        (12, 3, 9),
        (12, 4, 2),
    ]:
        stamp = datetime(2026, month, day, hour, 30, tzinfo=timezone.get_current_timezone())
        name = f"xiangzhen-{stamp:%Y%m%d-%H%M%S}.tar"
        (tmp_path / name).write_bytes(b"x")
        (tmp_path / f"{name}.sha256").write_text("x")
        names.append(name)
    (tmp_path / "notes.txt").write_text("not an archive")

    deleted = {path.name for path in backup_prune(tmp_path, daily=3, monthly=3)}

    kept = sorted(path.name for path in tmp_path.glob("xiangzhen-*.tar"))
    assert kept == [
        "xiangzhen-20261015-023000.tar",
        "xiangzhen-20261130-023000.tar",
        "xiangzhen-20261202-023000.tar",
        "xiangzhen-20261203-093000.tar",
        "xiangzhen-20261204-023000.tar",
    ]
    assert deleted == set(names) - set(kept)
    assert not (tmp_path / "xiangzhen-20261001-023000.tar.sha256").exists()
    assert (tmp_path / "notes.txt").exists()
