#!/bin/sh
# Restores a base backup of BACKUP_DIR into an empty PGDATA and replays the WAL archive, either to
# its end (the latest committed state) or to --target-time. Runs as a Kubernetes Job from the
# PostgreSQL image, and in the restore drill (api/src/test/reliability/restore-drill.e2e.test.ts) unchanged.
#
#   restore.sh [--target-time YYYY-MM-DDTHH:MM:SS[.ffffff]Z]
#
# Layout of BACKUP_DIR (written by backup.sh and by basic_archive):
#   base/<id>/base.tar.gz   the data directory, backup_label included
#   base/<id>/backup_info   start_wal=<segment>, stop_epoch=<seconds>
#   wal/<segment>           archived WAL
# Environment: BACKUP_DIR, PGDATA, RESTORE_PORT (default 5432), RESTORE_TIMEOUT_SECONDS (default 3600).
set -eu

fail() {
  echo "restore: $*" >&2
  exit 1
}

target_time=''
while [ $# -gt 0 ]; do
  case "$1" in
    --target-time)
      [ $# -ge 2 ] || fail '--target-time needs a value like 2026-01-31T13:45:00Z.'
      target_time="$2"
      shift 2
      ;;
    *) fail "unknown argument '$1'; the only option is --target-time YYYY-MM-DDTHH:MM:SSZ." ;;
  esac
done

: "${BACKUP_DIR:?restore: set BACKUP_DIR to the backup target (with base/ and wal/).}"
: "${PGDATA:?restore: set PGDATA to the empty data directory to restore into.}"
port="${RESTORE_PORT:-5432}"
timeout="${RESTORE_TIMEOUT_SECONDS:-3600}"

[ -d "$BACKUP_DIR/base" ] && [ -d "$BACKUP_DIR/wal" ] || fail "$BACKUP_DIR has no base/ and wal/: is the backup volume mounted?"
mkdir -p "$PGDATA"
[ -z "$(ls -A "$PGDATA")" ] || fail "$PGDATA is not empty; restore into a fresh volume, never over a live database."

# UTC only, so the window check and PostgreSQL read the same instant.
target_epoch=''
if [ -n "$target_time" ]; then
  echo "$target_time" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$' ||
    fail "--target-time '$target_time' must be UTC like 2026-01-31T13:45:00Z (fractions of a second allowed)."
  whole_seconds="$(echo "$target_time" | sed -E 's/T/ /; s/(\.[0-9]+)?Z$//')"
  target_epoch="$(date -u -d "$whole_seconds" +%s)" || fail "--target-time '$target_time' is not a real date."
fi

utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
info() { sed -n "s/^$2=//p" "$1/backup_info"; }

# The newest complete base backup that ended at or before the target (any, for the latest state).
chosen=''
oldest_stop=''
for dir in "$BACKUP_DIR"/base/*/; do
  dir="${dir%/}"
  [ -f "$dir/backup_info" ] && [ -f "$dir/base.tar.gz" ] || continue
  stop="$(info "$dir" stop_epoch)"
  if [ -z "$oldest_stop" ] || [ "$stop" -lt "$oldest_stop" ]; then oldest_stop="$stop"; fi
  if [ -z "$target_epoch" ] || [ "$stop" -le "$target_epoch" ]; then
    if [ -z "$chosen" ] || [ "$stop" -gt "$(info "$chosen" stop_epoch)" ]; then chosen="$dir"; fi
  fi
done
[ -n "$oldest_stop" ] || fail "no complete base backup in $BACKUP_DIR/base; nothing to restore."

newest_wal="$(ls "$BACKUP_DIR/wal" | grep -E '^[0-9A-F]{24}$' | sort | tail -n 1)"
[ -n "$newest_wal" ] || fail "the WAL archive $BACKUP_DIR/wal is empty; nothing to replay."
archive_end="$(date -u -r "$BACKUP_DIR/wal/$newest_wal" +%s)"
if [ -n "$target_epoch" ]; then
  window="the restorable window is $(utc "$oldest_stop") to $(utc "$archive_end")"
  [ "$target_epoch" -ge "$oldest_stop" ] || fail "target $target_time is before the oldest base backup; $window."
  [ "$target_epoch" -le "$archive_end" ] || fail "target $target_time is after the newest archived WAL; $window."
fi

echo "restore: base backup $(basename "$chosen") (ended $(utc "$(info "$chosen" stop_epoch)")), target ${target_time:-latest}"
started="$(date +%s)"
tar -xzf "$chosen/base.tar.gz" -C "$PGDATA"
mkdir -p "$PGDATA/pg_wal/archive_status"
chmod 700 "$PGDATA"
rm -f "$PGDATA/postmaster.pid" "$PGDATA/postmaster.opts"

# Recovery settings live between two markers, so they are removed once the server has promoted.
{
  echo '# restore.sh begin'
  echo "restore_command = 'cp \"$BACKUP_DIR/wal/%f\" \"%p\"'"
  echo "recovery_target_action = 'promote'"
  if [ -n "$target_time" ]; then
    echo "recovery_target_time = '$(echo "$target_time" | sed 's/T/ /; s/Z$/+00/')'"
  fi
  echo '# restore.sh end'
} >>"$PGDATA/postgresql.auto.conf"
touch "$PGDATA/recovery.signal"

log="$PGDATA/restore.log"
pg_ctl -D "$PGDATA" -l "$log" -w -t "$timeout" \
  -o "-c listen_addresses='' -c port=$port -c unix_socket_directories='$PGDATA' -c archive_mode=off" start ||
  fail "PostgreSQL did not start to replay the archive; the end of $log: $(tail -n 5 "$log")"

# PostgreSQL deletes recovery.signal when it promotes; it exits instead when it cannot reach the target.
deadline=$((started + timeout))
while [ -f "$PGDATA/recovery.signal" ]; do
  if ! pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
    fail "recovery stopped before it reached the target; the end of $log: $(tail -n 5 "$log")"
  fi
  [ "$(date +%s)" -lt "$deadline" ] || fail "recovery did not finish within $timeout s; see $log."
  sleep 0.2
done
pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
sed -i '/^# restore.sh begin$/,/^# restore.sh end$/d' "$PGDATA/postgresql.auto.conf"
echo "restore: done in $(($(date +%s) - started)) s; $PGDATA is ready to start"
