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
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc and encrypted .xlsx files


class UnsafeFileError(ValueError):
    """The upload is refused; the message is Swedish and safe to show."""


def extension_problem(filename: str) -> str | None:
    """Why a file of that name is not taken (saved in another format), or None for .xlsx."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return None
    if name.endswith((".xlsm", ".xltm")):
        return _("Filer med makron (.xlsm) tas inte emot. Spara som .xlsx.")
    if name.endswith((".xls", ".xlt")):
        return _(
            "Filen är sparad i det äldre Excelformatet .xls. Öppna den och välj Spara som, "
            "Excel-arbetsbok (.xlsx), och ladda upp den filen."
        )
    if name.endswith((".ods", ".ots", ".fods")):
        return _(
            "Filen är sparad som OpenDocument (.ods). Öppna den i LibreOffice och välj Spara "
            "som, Excel 2007-365 (.xlsx), och ladda upp den filen."
        )
    if name.endswith((".csv", ".txt", ".tsv")):
        return _(
            "En .csv-fil har bara ett blad och saknar de dolda identifierarna som importen "
            "behöver. Spara som Excel-arbetsbok (.xlsx) i stället, helst i den fil du "
            "exporterade."
        )
    return _("Välj en Excelfil av typen .xlsx (den som Finsam Plan exporterade).")


def check_xlsx(data: bytes, filename: str = "") -> None:
    """Raise UnsafeFileError unless `data` is a plain .xlsx archive of sane size."""
    if filename and (problem := extension_problem(filename)):
        raise UnsafeFileError(problem)
    if not data:
        raise UnsafeFileError(_("Filen är tom. Välj den sparade Excelfilen och försök igen."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise UnsafeFileError(
            _("Filen är för stor (högst %(mb)s MB).") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if data.startswith(_OLE2):
        raise UnsafeFileError(
            _(
                "Filen är inte en .xlsx-fil utan en äldre Office-fil (.xls eller .doc), eller "
                "en lösenordsskyddad arbetsbok. Öppna den i Excel, ta bort ett eventuellt "
                "lösenord och välj Spara som, Excel-arbetsbok (.xlsx)."
            )
        )
    if not data.startswith(b"PK\x03\x04"):
        if _looks_like_text(data):
            raise UnsafeFileError(
                _(
                    "Filen är en textfil (till exempel .csv), inte en Excelarbetsbok. Spara som "
                    "Excel-arbetsbok (.xlsx), helst i den fil du exporterade."
                )
            )
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
            raise UnsafeFileError(_other_package(names))
        if "xl/vbaProject.bin" in names:
            raise UnsafeFileError(_("Filer med makron tas inte emot. Spara som .xlsx."))
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                _scan_xml(archive, info)


def _other_package(names: set[str]) -> str:
    """What a zip that is not an .xlsx is, from its parts: what a user renamed to .xlsx."""
    if "mimetype" in names and "content.xml" in names:
        return _(
            "Filen är en OpenDocument-fil (.ods) med namnet .xlsx. Öppna den i LibreOffice och "
            "välj Spara som, Excel 2007-365 (.xlsx)."
        )
    if "word/document.xml" in names:
        return _(
            "Filen är ett Worddokument, inte en Excelarbetsbok. Ladda upp den Excelfil (.xlsx) "
            "som du exporterade från Finsam Plan."
        )
    return _("Filen är inte en Excelarbetsbok (.xlsx).")


def _looks_like_text(data: bytes) -> bool:
    """Text (a .csv renamed .xlsx): the start decodes as UTF-8, Windows-1252 (Excel's .csv) or
    Latin-1 without control characters other than tabs and line breaks."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, Excel's "Unicode text"
        return True
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding != "utf-8" or exc.start < len(head) - 3:
                continue
            text = head[: exc.start].decode(encoding)  # a character cut at 4 096 bytes
        return all(ch.isprintable() or ch.isspace() or ch == "\ufeff" for ch in text)
    return False


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
