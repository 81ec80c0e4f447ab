"""PDFs for organisers: the delivery packet and the blank paper signature sheet."""

from petitions.pdf.packet import build_packet
from petitions.pdf.sheet import build_signature_sheet

__all__ = ["build_packet", "build_signature_sheet"]
