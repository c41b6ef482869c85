#!/usr/bin/env bash
# The project's one entry point for building and testing.
#   ./build.sh test            build, then run every test suite (unit, architecture, integration on SQLite and
#                              PostgreSQL, browser). As root on Debian/Ubuntu it installs what is missing
#                              (PostgreSQL, Chromium, Node.js, Python, poppler-utils, nginx, Dovecot) and starts a throwaway PostgreSQL on
#                              loopback; the messaging tests start the project's SMTP server (deploy/scripts/smtp-sink.py) and the
#                              email-to-ticket tests a throwaway Dovecot IMAP server (deploy/scripts/start-test-imap.sh).
#                              Elsewhere it runs what it can and says plainly which suite it skipped and why.
#   ./build.sh test --strict   the same, but a suite that cannot run is a failure (used by CI).
#   ./build.sh build           restore and build only.
set -euo pipefail
cd "$(dirname "$0")"

command=${1:-test}
strict=0
[ "${2:-}" = "--strict" ] && strict=1
[ "${CI:-}" = "true" ] && strict=1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\n==> %s\n' "$*"; }
skipped=()
skip() {
  skipped+=("$1: $2")
  if [ "$strict" = 1 ]; then
    echo "FAILED (strict): the $1 suite cannot run: $2" >&2
    exit 1
  fi
  echo "SKIPPED the $1 suite: $2"
}

install_missing() {
  local packages=()
  command -v node >/dev/null || packages+=(nodejs npm)
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || packages+=(postgresql)
  [ -x /usr/bin/chromium ] || packages+=(chromium)
  command -v python3 >/dev/null || packages+=(python3)  # runs the SMTP server of the messaging tests
  command -v pdftotext >/dev/null || packages+=(poppler-utils)  # reads the invoice PDFs back in the tests
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || packages+=(nginx)  # balances the two-instance cluster of the tests
  [ -x /usr/sbin/dovecot ] || packages+=(dovecot-imapd)  # the IMAP server the email-to-ticket tests read from
  if [ ${#packages[@]} -eq 0 ]; then
    return
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "Installing ${packages[*]} from the distribution's packages"
    apt-get update -qq
    TMPDIR=/var/tmp DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  else
    echo "Not root or no apt-get: cannot install ${packages[*]}"
  fi
}

build() {
  say "Building (front-end packages come from npm during the build)"
  dotnet build Crm.sln -c Release -warnaserror -nologo -v:q
}

results=()
run_suite() {
  local name=$1 project=$2
  shift 2
  say "Test suite: $name"
  local log
  log=$(mktemp)
  set +e
  dotnet test "$project" -c Release --no-build --nologo "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  set -e
  results+=("$(grep -E '(Passed|Failed)!' "$log" | tail -n 1)")
  if [ "$status" != 0 ]; then
    echo "Suite $name failed" >&2
    failed=1
  fi
  if grep -qE 'Skipped: *[1-9]' "$log" && [ "$strict" = 1 ]; then
    echo "Suite $name skipped tests, which strict mode does not allow" >&2
    failed=1
  fi
}

case "$command" in
  build)
    install_missing
    build
    ;;
  test)
    install_missing
    build
    failed=0

    run_suite unit tests/Crm.UnitTests
    run_suite architecture tests/Crm.ArchitectureTests

    if CRM_TEST_POSTGRES=$(deploy/scripts/start-test-postgres.sh 2>/tmp/crm-pg-start.log | tail -n 1) && [ -n "$CRM_TEST_POSTGRES" ]; then
      export CRM_TEST_POSTGRES
      run_suite "integration (SQLite and PostgreSQL)" tests/Crm.IntegrationTests
    else
      unset CRM_TEST_POSTGRES
      skip "PostgreSQL integration" "no PostgreSQL server could be started ($(tail -n 1 /tmp/crm-pg-start.log))"
      run_suite "integration (SQLite only)" tests/Crm.IntegrationTests --filter "Category!=Postgres"
    fi

    if [ -x "${CRM_CHROMIUM:-/usr/bin/chromium}" ] && [ -n "${CRM_TEST_POSTGRES:-}" ]; then
      run_suite browser tests/Crm.BrowserTests
      echo "Screenshots: artifacts/screenshots/"
    elif [ -x "${CRM_CHROMIUM:-/usr/bin/chromium}" ]; then
      # The two-instance cluster behind nginx needs PostgreSQL; the strict run has failed above already.
      run_suite "browser (without the PostgreSQL cluster)" tests/Crm.BrowserTests --filter "Category!=Postgres"
      echo "Screenshots: artifacts/screenshots/"
    else
      skip browser "Chromium not found at ${CRM_CHROMIUM:-/usr/bin/chromium}"
    fi

    say "Summary"
    printf '%s\n' "${results[@]}"
    for s in "${skipped[@]}"; do echo "skipped: $s"; done
    passed=0; failures=0; skips=0
    for line in "${results[@]}"; do
      p=$(sed -nE 's/.*Passed: *([0-9]+).*/\1/p' <<<"$line"); f=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$line"); k=$(sed -nE 's/.*Skipped: *([0-9]+).*/\1/p' <<<"$line")
      passed=$((passed + ${p:-0})); failures=$((failures + ${f:-0})); skips=$((skips + ${k:-0}))
    done
    echo "$passed passed, $failures failed, $skips skipped"
    exit "$failed"
    ;;
  *)
    echo "usage: ./build.sh [build|test] [--strict]" >&2
    exit 2
    ;;
esac
