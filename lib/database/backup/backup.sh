#!/bin/sh
# Base backups and retention of the WAL archive in BACKUP_DIR, for the default (StatefulSet) mode.
#
#   backup.sh run      pg_basebackup to base/<id>/, record it, then apply the retention
#   backup.sh record D write D/backup_info from the backup_label inside D/base.tar.gz
#   backup.sh prune    delete base backups past the retention and the WAL only they needed
#
# Environment: BACKUP_DIR; RETENTION_DAYS and MIN_BASE_BACKUPS for prune; PGHOST, PGPORT, PGUSER,
# PGPASSWORD for run. Any failure exits non-zero before anything is deleted.
set -eu

fail() {
  echo "backup: $*" >&2
  exit 1
}

: "${BACKUP_DIR:?backup: set BACKUP_DIR to the backup target.}"

record() {
  dir="$1"
  label="$(tar -xzOf "$dir/base.tar.gz" backup_label)" || fail "$dir/base.tar.gz has no backup_label."
  start_wal="$(echo "$label" | sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]\{24\}\))$/\1/p')"
  [ -n "$start_wal" ] || fail "the backup_label of $dir names no start WAL file."
  printf 'start_wal=%s\nstop_epoch=%s\n' "$start_wal" "$(date -u +%s)" >"$dir/backup_info.tmp"
  mv "$dir/backup_info.tmp" "$dir/backup_info"
}

# WAL file names sort by position within a timeline; compare the position part (characters 9-24)
# so that the segments of every timeline before the cut are removed, as pg_archivecleanup does.
prune() {
  days="${RETENTION_DAYS:?backup: set RETENTION_DAYS.}"
  keep="${MIN_BASE_BACKUPS:?backup: set MIN_BASE_BACKUPS.}"
  now="$(date -u +%s)"
  complete="$(for dir in "$BACKUP_DIR"/base/*/; do
    [ -f "${dir}backup_info" ] && echo "$(sed -n 's/^stop_epoch=//p' "${dir}backup_info") ${dir%/}"
  done | sort -rn)"
  [ -n "$complete" ] || fail "no complete base backup; nothing is pruned."
  kept=0
  echo "$complete" | while read -r stop dir; do
    kept=$((kept + 1))
    if [ "$kept" -gt "$keep" ] && [ $((now - stop)) -gt $((days * 86400)) ]; then
      echo "backup: deleting base backup $(basename "$dir") (older than $days days, $keep newer kept)"
      rm -rf "$dir"
    fi
  done
  # Unfinished backups (no backup_info) older than a day are the leftovers of failed runs.
  find "$BACKUP_DIR/base" -mindepth 1 -maxdepth 1 -type d -mtime +0 ! -exec test -f '{}/backup_info' ';' \
    -exec rm -rf '{}' + 2>/dev/null || true
  oldest="$(for dir in "$BACKUP_DIR"/base/*/; do
    [ -f "${dir}backup_info" ] && sed -n 's/^start_wal=//p' "${dir}backup_info"
  done | cut -c9-24 | sort | head -n 1)"
  [ -n "$oldest" ] || fail "no base backup left after pruning; refusing to touch the WAL archive."
  ls "$BACKUP_DIR/wal" | grep -E '^[0-9A-F]{24}' | while read -r name; do
    position="$(echo "$name" | cut -c9-24)"
    if [ "$(printf '%s\n%s\n' "$position" "$oldest" | sort | head -n 1)" != "$oldest" ]; then
      rm -f "$BACKUP_DIR/wal/$name"
    fi
  done
}

run() {
  id="$(date -u +%Y%m%dT%H%M%SZ)"
  dir="$BACKUP_DIR/base/$id"
  mkdir -p "$dir" "$BACKUP_DIR/wal"
  # -X none: the WAL comes from the archive, which basic_archive fills continuously.
  pg_basebackup -D "$dir" -F tar -z -X none --checkpoint=fast --label "lms-$id" --no-manifest ||
    fail "pg_basebackup to $dir failed (target full or unreachable?); nothing was pruned."
  record "$dir"
  echo "backup: base backup $id complete ($(du -sk "$dir" | cut -f1) KiB)"
  prune
}

case "${1:-}" in
  run) run ;;
  record) record "${2:?backup: record needs a backup directory.}" ;;
  prune) prune ;;
  *) fail "usage: backup.sh run|record DIR|prune" ;;
esac
