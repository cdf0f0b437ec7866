# Sourced by ./mangahub and by the archive's bin/mangahub: runs the jar with the JVM options of MANGAHUB_PROFILE
# (<options dir>/<profile>.options) and class-data sharing, then MANGAHUB_JAVA_OPTS, which overrides any of them.
#
# AppCDS: the archive of the classes a run loaded is written when the first run exits and mapped by every later
# start (faster start, class metadata shared); the JVM rebuilds it by itself when the jar or the JVM changed.
# One archive per command and profile: each holds the classes its own runs load (serve's differ from import's).
# It is written to the archive directory given, which must be writable; without one the JVM just runs without it.
#
# mangahub_launch JAVA JAR OPTIONS_DIR ARCHIVE_DIR ARCHIVE_PREFIX [ARGUMENTS...]   (never returns: exec)
mangahub_launch() {
  local java="$1" jar="$2" options_dir="$3" archive_dir="$4" archive_prefix="$5"
  shift 5
  local profile="${MANGAHUB_PROFILE:-default}"
  local options_file="$options_dir/$profile.options"
  if [ ! -f "$options_file" ]; then
    echo "error: MANGAHUB_PROFILE=$profile: no such profile (choose default or small)" >&2
    exit 2
  fi
  local options=() line
  while IFS= read -r line; do [ -n "$line" ] && options+=("$line"); done < "$options_file"
  local command_name="other"
  if [ $# -gt 0 ] && [[ "$1" =~ ^[a-z]+$ ]]; then command_name="$1"; fi
  if [ -n "$archive_dir" ] && [ -d "$archive_dir" ] && [ -w "$archive_dir" ]; then
    options+=("-XX:SharedArchiveFile=$archive_dir/$archive_prefix-$profile-$command_name.jsa"
              "-XX:+AutoCreateSharedArchive" "-Xlog:cds=off" "-Xlog:cds+dynamic=off")
  fi
  # glibc otherwise keeps one malloc arena per core and thread group: tens of MB the JVM never asked for
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  # shellcheck disable=SC2086 # MANGAHUB_JAVA_OPTS is a list of options, split on spaces
  exec "$java" "${options[@]}" ${MANGAHUB_JAVA_OPTS:-} -jar "$jar" "$@"
}
