"""The upload limit, enforced while the request is read rather than after.

Django reads a whole multipart body (spooling large files to temporary files) as soon as the
CSRF check or a view looks at ``request.POST``: two files of 45 MB under a 50 MB limit were
read and written to disk before any view could refuse them. This handler, first in
``FILE_UPLOAD_HANDLERS``, counts the bytes of all the files of one request together and stops
reading once they pass ``JEJARING_MAX_UPLOAD_MB`` (or at once when the declared length does);
the view then refuses the request with a clear message (:func:`jobs.request_too_large`).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

#: Set on the request when its files were not read to the end because of the limit.
FLAG = "_jejaring_upload_too_large"


def limit_bytes() -> int:
    from jejaring.interchange.jobs import max_upload_bytes

    return max_upload_bytes()


class RequestSizeLimit(FileUploadHandler):
    """Passes every chunk on to the next handler until the request's files together are over
    the limit, then stops the upload (the rest of the body is read and thrown away)."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        from jejaring.interchange.jobs import REQUEST_OVERHEAD

        self.limit = limit_bytes()
        self.received = 0
        self.refused = bool(content_length and content_length > self.limit + REQUEST_OVERHEAD)
        return None

    def _stop(self) -> None:
        if self.request is not None:
            setattr(self.request, FLAG, True)
        raise StopUpload(connection_reset=False)

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        if getattr(self, "refused", False):
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > getattr(self, "limit", limit_bytes()):
            self._stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
