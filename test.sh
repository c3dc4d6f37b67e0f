#!/usr/bin/env bash
# Runs every test. Installs from apt what the tests need, so a fresh Debian machine with the
# .NET SDK is enough. Run as root: apt needs it, and the disk-full test mounts a small tmpfs.
set -euo pipefail
cd "$(dirname "$0")"

# Tools the tests call: kill (signals to the real executable), mount/umount (disk-full test),
# nats-server (the NATS JetStream sink tests run a real one), PostgreSQL (the Postgres store tests
# run a throwaway cluster; its binaries live off PATH, under /usr/lib/postgresql/<version>/bin),
# Chromium (the dashboard tests drive Debian's browser through Playwright; Playwright never
# downloads a browser of its own).
packages=()
command -v kill >/dev/null 2>&1 || packages+=(procps)
command -v mount >/dev/null 2>&1 || packages+=(mount)
command -v nats-server >/dev/null 2>&1 || packages+=(nats-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || packages+=(postgresql)
[[ -x /usr/bin/chromium ]] || packages+=(chromium)
if ((${#packages[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}"
fi

# Belt and braces: nothing in the run may fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The browser tests leave a screenshot of every page they visit here, to be looked at.
export HOOKRELAY_TEST_ARTIFACTS="${HOOKRELAY_TEST_ARTIFACTS:-$PWD/artifacts}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test HookRelay.slnx --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

echo "Screenshots: $HOOKRELAY_TEST_ARTIFACTS/screenshots"
# One plain closing line that any CI can read.
count() { grep -oE "$1: +[0-9]+" "$log" | awk '{ n += $2 } END { print n + 0 }'; }
echo "$(count Passed) passed, $(count Failed) failed"
exit "$status"
