"""Export downloads: CSV streamed row by row; XLSX and PDF spooled through a temporary file."""

import tempfile

from django.core.files import File
from django.http import FileResponse, StreamingHttpResponse

from petitions.exports import CONTENT_TYPES, filename, iter_fast_csv, write_export


def export_response(fmt, signatures, *, petition=None, delivery=None, **options):
    name = filename(petition, fmt)
    if fmt == "csv":
        response = StreamingHttpResponse(
            iter_fast_csv(signatures), content_type=CONTENT_TYPES["csv"]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    spool = tempfile.TemporaryFile()
    write_export(fmt, signatures, spool, petition=petition, **options)
    if delivery is not None and fmt == "pdf":
        spool.seek(0)
        delivery.packet.save(name, File(spool), save=True)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt])
