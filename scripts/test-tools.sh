# Sourced by ./run-tests and .ci/run: the external tools the tests run, each with the Debian package that brings it.
# mangahub_missing_test_tools prints "tool=package" for each one missing, one per line.
mangahub_missing_test_tools() {
  # a real CoAP client: Debian's libcoap3-bin names it coap-client-notls (also -gnutls, -openssl)
  local coap=""
  for c in coap-client coap-client-notls coap-client-openssl coap-client-gnutls; do
    command -v "$c" >/dev/null 2>&1 && coap="$c" && break
  done
  [ -n "$coap" ] || echo "coap-client=libcoap3-bin"
  # a real browser (the web page's tests drive it headless)
  if [ ! -x /usr/bin/chromium ] && [ ! -x /usr/bin/chromium-browser ] && [ ! -x /usr/bin/google-chrome ]; then
    echo "chromium=chromium"
  fi
  # Python's feedparser, in Debian's python3, reads our Atom and RSS feeds as a third party (FeedparserTest)
  local python=python3
  [ -x /usr/bin/python3 ] && python=/usr/bin/python3
  "$python" -c 'import feedparser' >/dev/null 2>&1 || echo "python3-feedparser=python3-feedparser"
  # Python's icalendar, in Debian's python3, parses the calendar feed as a third party (CalendarFeedTest)
  "$python" -c 'import icalendar' >/dev/null 2>&1 || echo "python3-icalendar=python3-icalendar"
  # a second PostgreSQL with pg_basebackup: ReadReplicaTest runs a primary and a streaming standby made from it
  ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1 || echo "pg_basebackup=postgresql"
  # curl runs the documentation's shell examples (DocumentationIT)
  command -v curl >/dev/null 2>&1 || echo "curl=curl"
  # Node.js and npm run the test-only tools of service/src/test/js (axe-core, Redocly CLI, a webhook verifier)
  command -v node >/dev/null 2>&1 || echo "node=nodejs"
  command -v npm >/dev/null 2>&1 || echo "npm=npm"
}

# Prints one line naming every missing tool and the Debian packages to install, and returns 1; returns 0 when none is.
mangahub_check_test_tools() {
  local missing
  missing="$(mangahub_missing_test_tools)"
  [ -z "$missing" ] && return 0
  local tools packages
  tools="$(printf '%s\n' "$missing" | sed 's/=.*//' | paste -sd, - | sed 's/,/, /g')"
  packages="$(printf '%s\n' "$missing" | sed 's/.*=//' | sort -u | paste -sd' ' -)"
  echo "error: the tests need ${tools}, missing on this machine: install them with: sudo apt-get install -y ${packages}" >&2
  return 1
}
