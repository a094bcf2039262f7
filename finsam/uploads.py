"""A hard ceiling on the size of a whole upload request, enforced while it streams in.

The forms check each file's own limit (logo 1 MB, pictures 2 MB, Excel 2 MB, minutes 10 MB),
but only after Django has written the upload to a temporary file. This handler stops reading
as soon as a request announces or sends more than FINSAM_MAX_UPLOAD_BYTES, so nobody can fill
the disk or tie up a worker with a giant upload. The answer is 400 (RequestDataTooBig).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


def _limit() -> int:
    return getattr(settings, "FINSAM_MAX_UPLOAD_BYTES", 12 * 1024 * 1024)


class RequestSizeLimitHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts bytes and passes every chunk on unchanged."""

    def __init__(self, request=None) -> None:
        super().__init__(request)
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > _limit():
            raise RequestDataTooBig("Upload larger than FINSAM_MAX_UPLOAD_BYTES.")
        return None  # let the other handlers do the work

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > _limit():
            raise RequestDataTooBig("Upload larger than FINSAM_MAX_UPLOAD_BYTES.")
        return raw_data

    def file_complete(self, file_size: int):
        return None
