# shellcheck shell=bash
# AppCDS for the launchers: a dynamic class-data archive per jar version, made on the first run and used afterwards.
# Sourced by bin/aurora-operator; another launcher (the kubectl plugin) sources it the same way:
#
#   source "$ROOT/bin/lib/appcds.sh"
#   appcds_prepare NAME JAVA JAR...      # sets APPCDS_OPTS (an array) and, on a first run, APPCDS_TMP
#   if [[ -n "$APPCDS_TMP" ]]; then "$JAVA" "${APPCDS_OPTS[@]}" ...; appcds_finish $?; else exec ...; fi
#
# Where: $AURORA_CDS_DIR, else ${XDG_CACHE_HOME:-~/.cache}/aurora-operator/cds. AURORA_CDS=off turns it off.
# The archive's name carries a hash of the jars' paths, sizes and times and of the java binary, so a rebuilt jar or
# another JVM gets a new archive instead of one the JVM would reject. A read-only or missing cache directory only
# means no archive. Concurrent first runs each write their own temporary file and rename it into place; a rename
# within one directory is atomic, so a reader sees a whole archive or none.

APPCDS_OPTS=()
APPCDS_TMP=""
APPCDS_ARCHIVE=""

appcds_prepare() {
  local name="$1" java="$2"
  shift 2
  APPCDS_OPTS=()
  APPCDS_TMP=""
  APPCDS_ARCHIVE=""
  [[ "${AURORA_CDS:-on}" != off ]] || return 0
  local dir="${AURORA_CDS_DIR:-${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/aurora-operator/cds}"
  local java_bin key
  java_bin="$(readlink -f "$(command -v "$java")" 2>/dev/null)" || return 0
  key="$(stat -L -c '%n %s %Y' "$@" "$java_bin" 2>/dev/null | sha256sum | cut -c1-16)" || return 0
  APPCDS_ARCHIVE="$dir/$name-$key.jsa"
  # The JVM reports archive problems (a class it cannot archive, an archive it will not map) on stdout, which is
  # the commands' output: keep those messages off. -Xshare:auto runs without the archive whenever it cannot use it.
  APPCDS_OPTS=(-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off)
  if [[ -s "$APPCDS_ARCHIVE" ]]; then
    APPCDS_OPTS+=("-XX:SharedArchiveFile=$APPCDS_ARCHIVE")
  elif mkdir -p "$dir" 2>/dev/null && [[ -w "$dir" ]]; then
    APPCDS_TMP="$APPCDS_ARCHIVE.$$.tmp"
    APPCDS_OPTS+=("-XX:ArchiveClassesAtExit=$APPCDS_TMP")
  fi
}

# After a first run: keep the archive the JVM wrote (if it wrote one), then return the run's exit status. Only a JVM
# that exited by itself (status below 128, whatever the command's result) has finished writing it: one killed by a
# signal may leave a truncated file, and Java 17 crashes (SIGBUS) mapping a truncated archive instead of ignoring it.
appcds_finish() {
  local status="$1"
  if [[ -n "$APPCDS_TMP" ]]; then
    if [[ -s "$APPCDS_TMP" ]] && (( status < 128 )); then
      mv -f "$APPCDS_TMP" "$APPCDS_ARCHIVE" 2>/dev/null || rm -f "$APPCDS_TMP"
    else
      rm -f "$APPCDS_TMP"
    fi
  fi
  return "$status"
}
