#!/usr/bin/env bash
# Runs every test. The Redis tests start their own redis-server on free loopback ports (so a
# system redis service, if apt started one, is never touched); this script only makes sure the
# binary is there. SAGAS_REDIS=host:port uses a running server instead; SAGAS_SKIP_REDIS=1 skips them.
set -euo pipefail
cd "$(dirname "$0")"

sudo=""
if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
fi

# The Native AOT test links the sample with clang, against zlib.
if ! command -v clang >/dev/null 2>&1 || [ ! -e /usr/include/zlib.h ]; then
  echo "test.sh: clang or zlib1g-dev is missing (the Native AOT publish needs them); installing them with apt-get" >&2
  $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y clang zlib1g-dev \
    || echo "test.sh: could not install clang and zlib1g-dev; the Native AOT test will fail until they are installed." >&2
fi

if ! command -v redis-server >/dev/null 2>&1 && [ "${SAGAS_SKIP_REDIS:-}" != "1" ] && [ -z "${SAGAS_REDIS:-}" ]; then
  echo "test.sh: redis-server is not on PATH; installing it with apt-get" >&2
  if ! { $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y redis-server; }; then
    # Go on: the Redis tests then fail with a message that says how to fix it.
    echo "test.sh: could not install redis-server. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server)," >&2
    echo "         point SAGAS_REDIS at a running server, or set SAGAS_SKIP_REDIS=1 to skip the Redis tests." >&2
  fi
fi

# The inspector's browser tests drive Debian's Chromium through Playwright (its own browser
# download cannot work on a closed network); SAGAS_CHROMIUM=/path/to/chromium uses another.
if [ -z "${SAGAS_CHROMIUM:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: chromium is missing (the inspector's browser tests need it); installing it with apt-get" >&2
  $sudo apt-get update && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium \
    || echo "test.sh: could not install chromium; the inspector's browser tests will fail until it is installed (or SAGAS_CHROMIUM names one)." >&2
fi

# A test that hangs fails after 5 minutes with its name, instead of holding CI to its time limit.
dotnet test Sagas.sln --blame-hang-timeout 5m --blame-hang-dump-type none "$@"
