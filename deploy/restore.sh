#!/bin/sh
# Restore a backup made by backup.sh into an EMPTY database (docs/production.md, "Restore").
# Usage: restore.sh FILE.dump TARGET_DATABASE_URL
# All or nothing: one transaction, stopping at the first error.
set -eu
if [ "$#" -ne 2 ]; then echo "usage: $0 FILE.dump TARGET_DATABASE_URL" >&2; exit 2; fi
[ -r "$1" ] || { echo "cannot read $1" >&2; exit 2; }
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$2" "$1"
echo "restored $1"
