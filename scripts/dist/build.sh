#!/usr/bin/env bash
# Builds the self-contained archive mangahub-sync-<version>-linux-x64.tar.gz: a jlinked Java runtime of only the modules
# the service needs (no JDK on the target machine), the jar, bin/mangahub with its JVM profiles, a systemd unit and
# the install notes (docs/install.md). Prints the archive's path and its compressed and unpacked sizes.
# Usage: scripts/dist/build.sh [--jar app/target/mangahub-sync.jar] [--out app/target]   (./mangahub dist runs it)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jar="$root/app/target/mangahub-sync.jar"
out="$root/app/target"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--jar JAR] [--out DIR]" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "error: no jar at $jar (build it: ./mvnw -B -DskipTests package)" >&2; exit 2; }
[ "$(uname -m)" = x86_64 ] || { echo "error: the archive is linux-x64 (its PostgreSQL binaries are)" >&2; exit 2; }
. "$root/scripts/find-jdk.sh"
mangahub_find_jdk

version="$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' "$root/pom.xml" | head -n1)"
name="mangahub-sync-$version"
# What `jdeps --print-module-deps` finds in the jar: java.desktop (java.beans for Jdbi's and Jackson's bean mapping,
# java.awt.image and ImageIO for the simulator's covers), java.security.jgss and .sasl (the PostgreSQL driver, SMTP
# auth), java.naming, java.net.http (MangaDex, channels), java.sql, jdk.jfr (Jdbi's events), jdk.management
# (Micrometer's JVM metrics), jdk.unsupported (sun.misc.Unsafe in several libraries), java.instrument (Jetty).
# Plus what libraries load by name, which jdeps cannot see: jdk.security.auth (zonky asks UnixSystem whether it runs
# as root, and then starts PostgreSQL in a user namespace: without it initdb fails as root), and jdk.zipfs (a
# resource of the jar opened as a file system).
modules="java.base,java.desktop,java.instrument,java.naming,java.net.http,java.security.jgss,java.security.sasl"
modules="$modules,java.sql,jdk.jfr,jdk.management,jdk.security.auth,jdk.unsupported,jdk.zipfs"

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
dir="$stage/$name"
mkdir -p "$dir/bin" "$dir/lib" "$dir/jvm" "$dir/systemd"
# Uncompressed modules (zip-0): the tar.gz compresses them better than jlink's own zip does (37 MB against 45 MB
# for the runtime) and the JVM reads them without inflating. The default class-data archive of the runtime is what
# the launcher's per-command AppCDS archives build on; the one for heaps beyond 32 GB (no compressed oops) is not
# kept: the profiles cap the heap far below that, and it would add 4 MB to the download.
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-0 \
  --generate-cds-archive --output "$dir/runtime" >/dev/null
rm -f "$dir/runtime/lib/server/classes_nocoops.jsa"
cp "$jar" "$dir/lib/mangahub-sync.jar"
cp "$root/scripts/jvm/launch.sh" "$dir/lib/launch.sh"
cp "$root"/scripts/jvm/*.options "$root/scripts/jvm/README.md" "$dir/jvm/"
sed "s/@VERSION@/$version/g" "$root/scripts/dist/mangahub" > "$dir/bin/mangahub"
chmod 755 "$dir/bin/mangahub"
cp "$root/scripts/dist/mangahub.service" "$dir/systemd/"
cp "$root/docs/install.md" "$dir/INSTALL.md"

mkdir -p "$out"
archive="$(cd "$out" && pwd)/$name-linux-x64.tar.gz"
tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$archive.part" "$name"
mv "$archive.part" "$archive"
compressed=$(stat -c %s "$archive")
unpacked=$(du -sb "$dir" | cut -f1)
awk -v a="$archive" -v c="$compressed" -v u="$unpacked" \
  'BEGIN { printf "built %s: %.1f MB compressed (goal: at most 90 MB), %.1f MB unpacked\n", a, c / 1e6, u / 1e6 }'
