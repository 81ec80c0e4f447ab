"""A canvas for long documents: each page is compressed as it is finished.

reportlab keeps every page's content until the document is saved, as text, and compresses it
then; for tens of thousands of pages that is most of the memory. Here a finished page keeps only
its content compressed (zlib, as reportlab would have written it, without the ASCII85 layer).

`packet_canvas` also holds the first pages (the cover, laid out by platypus) until the document's
page count is known, draws their footers ("Page X of Y"), then lets `finish` draw the rest.
"""

import zlib

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas


class CompressedCanvas(Canvas):
    def __init__(self, *args, **kwargs):
        kwargs["pageCompression"] = 0  # done here, page by page
        super().__init__(*args, **kwargs)

    def showPage(self):
        super().showPage()
        page = self._doc.Pages.pages[-1]
        content = zlib.compress(page.stream.encode("utf-8"), 6)
        dictionary = PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])})
        page.Contents = PDFStream(dictionary, content)
        page.stream = None


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
