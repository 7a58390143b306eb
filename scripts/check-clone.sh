#!/usr/bin/env bash
# The clone check: what a new user gets from `git clone` + `npm install` + `npm test` on a machine with
# nothing of ours. Clones the committed repository into a temporary folder with no ../shared beside
# it, and runs there the part of the suite that needs the real photos, a browser, PostgreSQL or the
# card fonts — with the npm-shipped browser, PostgreSQL and fonts, never the machine's.
#
# node_modules is this checkout's, linked (instant) rather than reinstalled: `npm install --offline`
# into the clone ran 3 minutes here and then failed on a package missing from npm's cache. The check
# is about what the repository carries; package-lock.json pins the same packages either way.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$ROOT/node_modules" ]; then echo "check-clone: run npm install first" >&2; exit 2; fi

WORK="$(mktemp -d /tmp/licenselens-clone.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
CLONE="$WORK/licenselens"
git clone --quiet "$ROOT" "$CLONE"
ln -s "$ROOT/node_modules" "$CLONE/node_modules"
if [ -e "$WORK/shared" ]; then echo "check-clone: $WORK/shared exists" >&2; exit 1; fi
echo "check-clone: $(git -C "$CLONE" log -1 --format='%h %s') in $CLONE (no ../shared)"

cd "$CLONE"
# The machine's browser, PostgreSQL and fonts are hidden: each falls back to its npm package.
env -u TEST_DATABASE_URL -u CHROMIUM_PATH -u LICENSELENS_FIXTURES -u REAL_FIXTURES \
  LICENSELENS_BROWSER=npm LICENSELENS_SYNTH_FONTS=npm \
  npx vitest run \
  test/support \
  test/ocr \
  test/e2e \
  test/web \
  test/cloudfunctions \
  test/miniprogram/local-server.e2e.test.ts \
  test/stores/postgres.test.ts \
  test/synth/fonts-npm.test.ts
