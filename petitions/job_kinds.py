"""The kinds of background job the petitions app runs (petitions/background.py)."""

EXPORT, PACKET, IMPORT = "export", "packet", "import"
# The kinds whose files hold signatures (deleted when a signer of their petition leaves).
SIGNER_FILES = (EXPORT, PACKET)
