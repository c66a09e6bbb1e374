"""Backups a township can restore from: the database and the uploaded files in one dated archive.

An archive `xiangzhen-YYYYMMDD-HHMMSS.tar` holds `manifest.json`, the database (`database.sqlite3`, copied
with SQLite's online backup API, or `database.pgdump`, `pg_dump` in custom format) and `media/` (MEDIA_ROOT).
Both copies are consistent while the site keeps running: the backup API copies one snapshot of the pages,
`pg_dump` reads in one repeatable-read transaction. The manifest lists each member's SHA-256, and a sidecar
`<archive>.sha256` (the `sha256sum` format) covers the whole archive: restore refuses a file that fails
either, so a truncated copy on a USB stick is found before it overwrites anything.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connections
from django.utils import timezone

from xiangzhen.errors import ValidationFailed

ARCHIVE_PREFIX = "xiangzhen-"
ARCHIVE_SUFFIX = ".tar"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"
FORMAT_VERSION = 1
_CHUNK = 1024 * 1024


def _engine(database: Mapping[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise ValidationFailed(f"不支持备份此数据库:{engine}")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def checksum_path(archive: Path) -> Path:
    return archive.with_name(archive.name + ".sha256")


def postgres_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for pg_dump/pg_restore: the password travels in the environment, not argv."""
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = database.get(key)
        if value:
            environment[variable] = str(value)
    return environment


def _run(command: list[str], environment: dict[str, str], what: str) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise ValidationFailed(f"找不到 {command[0]},请安装 PostgreSQL 客户端(postgresql-client)") from error
    if result.returncode != 0:
        raise ValidationFailed(f"{what}失败:{result.stderr.strip()[-2000:]}")


def _dump_database(alias: str, target_dir: Path) -> str:
    database = connections[alias].settings_dict
    if _engine(database) == "sqlite":
        # The online backup API on the live connection: a consistent snapshot while other processes write
        # (WAL mode), and it works for the in-memory test database as well as for the file.
        connection = connections[alias]
        connection.ensure_connection()
        target = sqlite3.connect(target_dir / SQLITE_MEMBER)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return SQLITE_MEMBER
    command = [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        "--file",
        str(target_dir / POSTGRES_MEMBER),
    ]
    _run(command, postgres_environment(database), "pg_dump 导出数据库")
    return POSTGRES_MEMBER


def _media_files(media_root: Path) -> Iterator[Path]:
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def backup_create(
    destination: Path, *, alias: str = "default", media_root: Path | None = None, now: datetime | None = None
) -> Path:
    """Write a dated archive (and its `.sha256`) into `destination`; answer the archive's path."""
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    stamp = timezone.localtime(now or timezone.now())
    destination.mkdir(parents=True, exist_ok=True)
    archive = destination / f"{ARCHIVE_PREFIX}{stamp:%Y%m%d-%H%M%S}{ARCHIVE_SUFFIX}"
    with tempfile.TemporaryDirectory(dir=destination, prefix=".backup-") as work:
        work_dir = Path(work)
        database_member = _dump_database(alias, work_dir)
        members = {database_member: file_sha256(work_dir / database_member)}
        media = list(_media_files(media_root))
        for path in media:
            members[f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}"] = file_sha256(path)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": stamp.isoformat(),
            "engine": _engine(connections[alias].settings_dict),
            "database": database_member,
            "members": members,
        }
        (work_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        partial = work_dir / archive.name
        with tarfile.open(partial, "w") as tar:
            tar.add(work_dir / MANIFEST, arcname=MANIFEST)
            tar.add(work_dir / database_member, arcname=database_member)
            for path in media:
                tar.add(path, arcname=f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}")
        digest = file_sha256(partial)
        # Renamed into place only when complete: a crash mid-backup leaves no archive that looks whole.
        os.replace(partial, archive)
    checksum_path(archive).write_text(f"{digest}  {archive.name}\n", encoding="utf-8")
    return archive


@dataclass(frozen=True)
class RestoreReport:
    engine: str
    created_at: str
    media_files: int


def _verify_archive(archive: Path) -> None:
    if not archive.is_file():
        raise ValidationFailed(f"找不到备份文件:{archive}")
    sidecar = checksum_path(archive)
    if sidecar.is_file():
        expected = sidecar.read_text(encoding="utf-8").split()[:1]
        if not expected or expected[0].lower() != file_sha256(archive):
            raise ValidationFailed(
                f"备份文件校验失败:{archive.name} 的 SHA-256 与 {sidecar.name} 不符,文件可能已损坏或被改动,"
                "未做任何恢复"
            )


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name != ""


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        stream = tar.extractfile(MANIFEST)
        if stream is None:
            raise KeyError(MANIFEST)
        manifest = json.loads(stream.read().decode("utf-8"))
    except (KeyError, ValueError) as error:
        raise ValidationFailed("这不是本系统的备份文件:缺少或无法读取 manifest.json") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise ValidationFailed("备份文件格式不受支持")
    return manifest


def _extract_verified(archive: Path, work_dir: Path) -> dict[str, Any]:
    """Unpack into `work_dir`, checking every member against the manifest before anything is restored."""
    try:
        with tarfile.open(archive, "r") as tar:
            manifest = _read_manifest(tar)
            members: dict[str, str] = manifest.get("members") or {}
            present = {member.name: member for member in tar.getmembers() if member.isfile()}
            for name, expected in members.items():
                member = present.get(name)
                if member is None or not _safe_member_name(name):
                    raise ValidationFailed(f"备份文件不完整:缺少 {name},未做任何恢复")
                source = tar.extractfile(member)
                if source is None:
                    raise ValidationFailed(f"备份文件不完整:无法读取 {name},未做任何恢复")
                target = work_dir / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                if digest.hexdigest() != expected:
                    raise ValidationFailed(
                        f"备份文件校验失败:{name} 的 SHA-256 不符,文件可能已损坏,未做任何恢复"
                    )
    except (tarfile.TarError, OSError, EOFError) as error:
        raise ValidationFailed(f"无法读取备份文件(可能已损坏):{error}") from error
    return manifest


def _restore_sqlite(source: Path, database: Mapping[str, Any]) -> None:
    name = str(database["NAME"])
    source_connection = sqlite3.connect(source)
    target = sqlite3.connect(name, uri=name.startswith("file:"))
    try:
        # The backup API in the other direction replaces every page of the target: exactly that state.
        source_connection.backup(target)
    finally:
        target.close()
        source_connection.close()


def _restore_postgres(source: Path, database: Mapping[str, Any]) -> None:
    command = [
        "pg_restore",
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--dbname",
        str(database["NAME"]),
        str(source),
    ]
    _run(command, postgres_environment(database), "pg_restore 恢复数据库")


def target_has_data(database: Mapping[str, Any]) -> bool:
    """Whether the target already holds accounts: restore overwrites only an empty installation unless forced."""
    if _engine(database) == "sqlite":
        name = str(database["NAME"])
        if not name.startswith("file:") and not Path(name).exists():
            return False
        probe = sqlite3.connect(name, uri=name.startswith("file:"))
        try:
            found = probe.execute("SELECT name FROM sqlite_master WHERE name = 'auth_user'").fetchone()
            return bool(found and probe.execute("SELECT 1 FROM auth_user LIMIT 1").fetchone())
        finally:
            probe.close()
    import psycopg

    try:
        with psycopg.connect(**_psycopg_arguments(database)) as server:
            found = server.execute("SELECT to_regclass('public.auth_user')").fetchone()
            return bool(found and found[0] and server.execute("SELECT 1 FROM auth_user LIMIT 1").fetchone())
    except psycopg.OperationalError as error:
        raise ValidationFailed(
            f"无法连接目标数据库 {database.get('NAME')}:请先建好空数据库(createdb)并检查 DATABASE_URL"
        ) from error


def _psycopg_arguments(database: Mapping[str, Any]) -> dict[str, Any]:
    arguments = {"dbname": database["NAME"], "autocommit": True}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if database.get(key):
            arguments[name] = database[key]
    return arguments


def backup_restore(
    archive: Path,
    *,
    database: Mapping[str, Any] | None = None,
    media_root: Path | None = None,
    replace: bool = False,
) -> RestoreReport:
    """Bring `database` (default: this installation's) and `media_root` to the archive's state.

    Checks the archive completely first; refuses a target that already holds accounts unless `replace`."""
    database = dict(database if database is not None else connections["default"].settings_dict)
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    _verify_archive(archive)
    engine = _engine(database)
    if not replace and target_has_data(database):
        raise ValidationFailed("目标数据库中已有账号和数据;恢复会覆盖它们。确认要覆盖请加 --replace")
    with tempfile.TemporaryDirectory(prefix="xiangzhen-restore-") as work:
        work_dir = Path(work)
        manifest = _extract_verified(archive, work_dir)
        if manifest.get("engine") != engine:
            raise ValidationFailed(
                f"备份来自 {manifest.get('engine')} 数据库,不能恢复到 {engine} 数据库;请用相同类型的数据库"
            )
        connections.close_all()
        if engine == "sqlite":
            _restore_sqlite(work_dir / SQLITE_MEMBER, database)
        else:
            _restore_postgres(work_dir / POSTGRES_MEMBER, database)
        restored_media = work_dir / MEDIA_MEMBER
        if media_root.exists():
            shutil.rmtree(media_root)
        media_root.parent.mkdir(parents=True, exist_ok=True)
        if restored_media.is_dir():
            shutil.copytree(restored_media, media_root)
        else:
            media_root.mkdir()
    media_count = sum(1 for name in manifest["members"] if name.startswith(f"{MEDIA_MEMBER}/"))
    return RestoreReport(engine=engine, created_at=str(manifest.get("created_at")), media_files=media_count)


def _archive_date(path: Path) -> date | None:
    stem = path.name.removeprefix(ARCHIVE_PREFIX).removesuffix(ARCHIVE_SUFFIX)
    try:
        # The name carries local time (TIME_ZONE); only its calendar date matters here.
        return datetime.strptime(stem, "%Y%m%d-%H%M%S").replace(tzinfo=timezone.get_current_timezone()).date()
    except ValueError:
        return None


def backup_prune(destination: Path, *, daily: int, monthly: int) -> list[Path]:
    """Keep the newest archive of each of the last `daily` days that have one, and the newest of each of
    the last `monthly` months; delete the rest (with their checksums). Answers what was deleted."""
    archives = sorted(
        (path for path in destination.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}") if _archive_date(path)),
        key=lambda path: path.name,
        reverse=True,
    )
    keep: set[Path] = set()
    days: set[date] = set()
    months: set[tuple[int, int]] = set()
    for path in archives:
        day = _archive_date(path)
        assert day is not None
        if day not in days and len(days) < daily:
            days.add(day)
            keep.add(path)
        if (day.year, day.month) not in months and len(months) < monthly:
            months.add((day.year, day.month))
            keep.add(path)
    deleted = []
    for path in archives:
        if path not in keep:
            path.unlink()
            checksum_path(path).unlink(missing_ok=True)
            deleted.append(path)
    return deleted
