"""A canvas for long documents: memory stays flat however many pages it draws.

reportlab keeps every page's content in memory until the document is saved, compresses it then,
and builds the whole file in memory before writing it; for tens of thousands of pages that is
hundreds of megabytes. Here a finished page is compressed at once (zlib, as reportlab would, without
the ASCII85 layer) and put in a temporary file; when the document is saved, each page's content is
read back as it is written, and the file is written straight to its destination as it is made.
"""

import tempfile
import zlib

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas


class CompressedCanvas(Canvas):
    def __init__(self, *args, **kwargs):
        kwargs["pageCompression"] = 0  # done here, page by page
        super().__init__(*args, **kwargs)
        self._contents = tempfile.TemporaryFile()  # noqa: SIM115 (closed by save())

    def showPage(self):
        super().showPage()
        page = self._doc.Pages.pages[-1]
        content = zlib.compress(page.stream.encode("utf-8"), 6)
        offset = self._contents.seek(0, 2)  # the end: _StoredStream.format reads elsewhere
        self._contents.write(content)
        out = self._filename if hasattr(self._filename, "write") else None
        page.Contents = _StoredStream(self._contents, offset, len(content), out)
        page.stream = None

    def save(self):
        try:
            super().save()
        finally:
            self._contents.close()


class _StoredStream(PDFStream):
    """A page's compressed content, kept in a temporary file until the document is written."""

    def __init__(self, store, offset, size, out):
        super().__init__(PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}))
        self.store, self.offset, self.size, self.out = store, offset, size, out

    def format(self, document):
        if self.out is not None:
            _write_through(document, self.out)
        self.store.seek(self.offset)
        self.content = self.store.read(self.size)
        try:
            return super().format(document)
        finally:
            self.content = None


def _write_through(document, out):
    """From now on, write the document being formatted straight to `out`, not to memory.

    reportlab formats a document into a `PDFFile` (`document.__accum__`) that appends each piece
    to a list and counts the bytes for the cross-reference table; its offsets stay right when the
    pieces go to `out` instead, in the same order. What was collected so far goes first.
    """
    file = getattr(document, "__accum__", None)
    if file is None or getattr(file, "_written_through", False):
        return
    out.write(b"".join(file.strings))
    file.strings.clear()
    file.write = out.write
    file._written_through = True


def packet_canvas(footer, finish):
    """A canvas class for `BaseDocTemplate.build`: pages shown while platypus builds are held;
    at save, `finish.pages(held)` gives the document's page count, the held pages get
    `footer(canvas, page, pages)`, and `finish(canvas, first_page, pages)` draws the rest."""

    class PacketCanvas(CompressedCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held = []
            self._holding = True

        def showPage(self):
            if not self._holding:
                return super().showPage()
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            held, self._held, self._holding = self._held, [], False
            pages = finish.pages(len(held))
            for number, state in enumerate(held, start=1):
                self.__dict__.update(state)
                self._held, self._holding = [], False
                footer(self, number, pages)
                self.showPage()
            finish(self, len(held) + 1, pages)
            super().save()

    return PacketCanvas
