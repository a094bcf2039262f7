"""Checks an uploaded .xlsx before openpyxl touches it.

An .xlsx is a zip of XML parts. openpyxl would happily inflate whatever the archive holds, so a
zip bomb (a few kB that inflate to gigabytes), a file that is not a zip at all, or XML with
entity declarations (the "billion laughs") must be refused here, from the archive's own
directory and a bounded, streamed read, without building the workbook.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # our exports are ~20 kB; an edited one stays far below
MAX_UNCOMPRESSED_BYTES = 6 * 1024 * 1024  # the whole archive, inflated (an export: ~60 kB)
MAX_PART_BYTES = 4 * 1024 * 1024  # one part, inflated (a 2 000-row sheet: ~1 MB)
MAX_PARTS = 300
MAX_RATIO = 200  # inflated/compressed for one large part; XML compresses ~10-30×
_REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")
_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")
_CHUNK = 64 * 1024


class UnsafeFileError(ValueError):
    """The upload is refused; the message is Swedish and safe to show."""


def check_xlsx(data: bytes, filename: str = "") -> None:
    """Raise UnsafeFileError unless `data` is a plain .xlsx archive of sane size."""
    if filename and not filename.lower().endswith(".xlsx"):
        if filename.lower().endswith((".xlsm", ".xltm")):
            raise UnsafeFileError(_("Filer med makron (.xlsm) tas inte emot. Spara som .xlsx."))
        raise UnsafeFileError(
            _("Välj en Excelfil av typen .xlsx (den som Finsam Plan exporterade).")
        )
    if not data:
        raise UnsafeFileError(_("Filen är tom."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnsafeFileError(
            _("Filen är för stor (högst %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not data.startswith(b"PK\x03\x04"):
        raise UnsafeFileError(
            _("Filen är inte en Excelfil i formatet .xlsx (den är inte en zip-arkiverad fil).")
        )
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise UnsafeFileError(_("Filen är skadad och kan inte läsas som .xlsx.")) from exc
    with archive:
        infos = archive.infolist()
        _check_directory(infos)
        names = {info.filename for info in infos}
        if any(name not in names for name in _REQUIRED):
            raise UnsafeFileError(_("Filen är inte en Excelarbetsbok (.xlsx)."))
        if "xl/vbaProject.bin" in names:
            raise UnsafeFileError(_("Filer med makron tas inte emot. Spara som .xlsx."))
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _scan_xml(archive, info)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse on the declared sizes before anything is inflated."""
    if len(infos) > MAX_PARTS:
        raise UnsafeFileError(_("Filen innehåller orimligt många delar."))
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeFileError(_("Filen är lösenordsskyddad. Spara den utan lösenord."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnsafeFileError(_("Filen använder en komprimering som inte stöds."))
        if info.file_size > MAX_PART_BYTES:
            raise UnsafeFileError(_("Filen packas upp till en orimlig storlek och tas inte emot."))
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeFileError(_("Filen packas upp till en orimlig storlek och tas inte emot."))
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UnsafeFileError(_("Filen packas upp till en orimlig storlek och tas inte emot."))


def _scan_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Inflate one part in chunks (never more than its declared size: zipfile stops there and
    checks the CRC) and refuse DTDs and entity declarations, which a real .xlsx never has."""
    tail = b""
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                if any(bad in window for bad in _FORBIDDEN_XML):
                    raise UnsafeFileError(
                        _("Filen innehåller otillåten XML (DTD eller entiteter).")
                    )
                tail = window[-16:]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        if isinstance(exc, UnsafeFileError):
            raise
        raise UnsafeFileError(_("Filen är skadad och kan inte läsas som .xlsx.")) from exc
    except Exception as exc:  # zlib.error and friends: a damaged archive, not our bug
        raise UnsafeFileError(_("Filen är skadad och kan inte läsas som .xlsx.")) from exc
