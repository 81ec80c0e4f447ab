"""The packet at scale: memory flat in the number of signatures, every signature once, in town
order, the page count right, progress reported, and a well-formed file written as it is made."""

import io
import re
import tracemalloc
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from petitions.exports import write_export
from petitions.models import Signature
from petitions.pdf import build_packet
from tests.test_pdf_packet import add

TOWNS = ["Hartford", "New Haven", "Bridgeport", "hartford", "  HARTFORD", "", "Waterbury"]
SCRIPTS = ["", " 王", " Ñúñez", " Петров"]


def generated(count, comments=False):
    """`count` signatures, made one at a time (never a list): what build_packet reads of one."""
    start = datetime(2018, 1, 15, tzinfo=UTC)
    for i in range(count):
        yield SimpleNamespace(
            first_name=f"Signer{i:06d}",
            last_name="Smith" + SCRIPTS[i % len(SCRIPTS)],
            email=f"s{i}@example.com",
            postal_code="06106",
            town=TOWNS[i % len(TOWNS)],
            state="CT",
            comment=("We need this law now. " * (i % 5)) if comments else "",
            language="es" if i % 3 else "en",
            signed_at=start + timedelta(minutes=(i * 7919) % count),  # not in signed order
        )


def peak_traced(petition, count, tmp_path):
    tracemalloc.start()
    try:
        with open(tmp_path / f"packet-{count}.pdf", "wb") as out:
            build_packet(petition, generated(count, comments=True), out, headings=("en",))
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_is_flat_in_the_number_of_signatures(petition, tmp_path):
    build_packet(petition, generated(50), io.BytesIO())  # fonts loaded, caches warm
    small = peak_traced(petition, 2_000, tmp_path)
    large = peak_traced(petition, 20_000, tmp_path)
    # Ten times the signatures: what grows is 16 bytes a signature and a page's few objects.
    assert large < small * 1.5, (small, large)
    assert large - small < 8_000_000, (small, large)


def read(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def test_every_signature_once_in_town_order_numbered_and_the_page_count_right(petition):
    count = 3_000
    out = io.BytesIO()
    pages = build_packet(petition, generated(count, comments=True), out, include_comments=True)
    reader, texts = read(out.getvalue())
    assert pages == len(reader.pages) > 40
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages} / Página {number} de {pages}" in text
    whole = "\n".join(texts[1:])
    names = re.findall(r"Signer(\d{6})", whole)
    assert sorted(names) == [f"{i:06d}" for i in range(count)]  # each once
    numbers = [int(n) for n in re.findall(r"^(\d+) Signer\d{6}", whole, re.MULTILINE)]
    assert numbers == list(range(1, count + 1))
    # Three spellings of Hartford are one town, named as most signers wrote it; the town not
    # given comes last; the towns in alphabetical order.
    headings = re.findall(r"^(.+?) — ([\d,]+) signatures", whole, re.MULTILINE)
    assert [town for town, _n in headings] == [
        "Bridgeport, CT",
        "Hartford, CT",
        "New Haven, CT",
        "Waterbury, CT",
        "Town not given / Sin pueblo o ciudad",
    ]
    assert sum(int(n.replace(",", "")) for _town, n in headings) == count
    in_hartford = sum(
        1
        for i in range(count)
        if TOWNS[i % len(TOWNS)].strip() in ("Hartford", "hartford", "HARTFORD")
    )
    assert dict(headings)["Hartford, CT"] == f"{in_hartford:,}"
    # Within a town, in the order signed.
    hartford = whole[whole.index("Hartford, CT —") : whole.index("New Haven, CT —")]
    dates = re.findall(r"06106 (\d{4}-\d{2}-\d{2})", hartford)
    assert dates == sorted(dates) and len(dates) == in_hartford
    # A town's heading is never the last thing on a page: its first signature follows it there.
    for text in texts[1:]:
        lines = [line for line in text.splitlines() if line.strip()]
        heading_at = [i for i, line in enumerate(lines) if re.search(r" — [\d,]+ signatures", line)]
        for i in heading_at:
            assert re.match(r"\d+ Signer", lines[i + 1]), lines[i : i + 2]


def test_progress_counts_every_signature_as_it_is_drawn(petition):
    calls = []
    build_packet(petition, generated(2_500), io.BytesIO(), progress=calls.append)
    assert sum(calls) == 2_500
    assert len(calls) > 10  # page by page, not once at the end


def test_write_export_reads_the_queryset_in_chunks_and_reports_progress(petition):
    when = datetime(2018, 3, 1, 15, tzinfo=UTC)
    for n in range(25):
        add(petition, f"Ana{n}", "García", f"a{n}@example.com", "06106", "Hartford", "es")
    Signature.objects.update(signed_at=when)
    calls = []
    out = io.BytesIO()
    pages = write_export(
        "pdf", Signature.objects.all(), out, petition=petition, progress=calls.append
    )
    assert sum(calls) == 25
    _reader, texts = read(out.getvalue())
    assert pages == len(texts)
    whole = " ".join(texts)
    assert all(f"Ana{n} García" in whole for n in range(25))


def test_the_file_is_well_formed_though_written_as_it_is_made(petition, tmp_path):
    """Written straight to the file: every cross-reference offset still points at its object."""
    path = tmp_path / "packet.pdf"
    with open(path, "wb") as out:
        build_packet(petition, generated(1_500), out)
    data = path.read_bytes()
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[start:].startswith(b"xref")
    table = data[start:].split(b"trailer")[0]
    offsets = [int(m.group(1)) for m in re.finditer(rb"(\d{10}) \d{5} n", table)]
    assert len(offsets) > 30
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj".encode()), number
    assert len(PdfReader(path, strict=True).pages) > 30


@pytest.mark.parametrize("emails", [False, True])
def test_a_long_email_or_name_wraps_inside_its_column(petition, emails):
    long_name = "Maximiliano " * 8
    add(
        petition, long_name, "Ortiz", "maximiliano.ortiz.de.la.cruz@example.com", "06106", "X", "en"
    )
    out = io.BytesIO()
    build_packet(petition, Signature.objects.all(), out, include_emails=emails)
    _reader, texts = read(out.getvalue())
    whole = " ".join(" ".join(t.split()) for t in texts)
    assert "Maximiliano Maximiliano" in whole and "Ortiz" in whole
    assert ("maximiliano.ortiz" in whole) is emails
