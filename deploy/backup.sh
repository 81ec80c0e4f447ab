#!/bin/sh
# A PostgreSQL backup of Firmamos, and old ones deleted (docs/production.md, "Backups").
# Environment: DATABASE_URL (required), BACKUP_DIR (default /var/backups/firmamos),
# BACKUP_KEEP_DAYS (default 14). Prints the file written. Run daily by firmamos-backup.timer.
set -eu
: "${DATABASE_URL:?DATABASE_URL is required}"
dir="${BACKUP_DIR:-/var/backups/firmamos}"
keep="${BACKUP_KEEP_DAYS:-14}"
case "$keep" in ''|*[!0-9]*) echo "BACKUP_KEEP_DAYS must be a number of days" >&2; exit 2;; esac
umask 077  # signers' personal data: readable by the backup user only
mkdir -p "$dir"
file="$dir/firmamos-$(date -u +%Y%m%dT%H%M%SZ).dump"
# Custom format: compressed, and pg_restore can restore it into a fresh database.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$file.partial"
mv "$file.partial" "$file"
find "$dir" -maxdepth 1 -name 'firmamos-*.dump' -mtime +"$keep" -delete
echo "$file"
