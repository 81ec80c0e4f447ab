"""Formula injection: nothing a signer typed may start a cell as a formula.

CSV goes through `defusedcsv`, which quotes `=`, `+`, `@`, `|`, `%` and `-` at the start of a
cell, but leaves negative numbers (`-1`) and a leading tab or carriage return alone. DESIGN.md
forbids those too, and XLSX needs the same rule (a sheet saved again as CSV must stay safe), so
every text cell passes through `guard` first; what it prefixes, defusedcsv leaves as it is.
"""

UNSAFE_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def guard(value):
    """Text that cannot be read as a formula: a leading apostrophe when it could."""
    if isinstance(value, str) and value.startswith(UNSAFE_FIRST_CHARACTERS):
        return "'" + value
    return value


def unguard(value):
    """Undo `guard` on a value read back from one of our own exports (paper import)."""
    if isinstance(value, str) and value[:1] == "'" and value[1:2] in UNSAFE_FIRST_CHARACTERS:
        return value[1:]
    return value
