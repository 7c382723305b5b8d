# shellcheck shell=bash
# The dashboard UI (dashboard-ui/: TypeScript, Vite, Vitest) as ./livedash dev and ./livedash test need it:
# Node.js and the npm packages installed, the UI built when its sources changed, its Vitest suite run.
# Sourced by ./livedash, which provides die.

readonly UI_DIR=dashboard-ui
# Vite 8 needs Node.js 20.19+ (or 22.12+); Debian 12's own nodejs package is 18, too old to build the UI.
readonly UI_NODE_MIN_MAJOR=20
readonly UI_NODE_MIN_MINOR=19
# What `npm run build` reads: a change to any of these makes the build in dist/ stale.
readonly UI_BUILD_INPUTS=(src index.html package.json package-lock.json vite.config.ts tsconfig.json)

# Node.js and npm must be on PATH. They are not installed from here: the machine images ship Node.js 20,
# and apt-get would bring Debian's nodejs 18, on which Vite 8 and Vitest 4 do not run.
ensure_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
    die "Node.js and npm are missing; the dashboard UI needs Node.js $UI_NODE_MIN_MAJOR.$UI_NODE_MIN_MINOR or newer with npm (https://nodejs.org; Debian 12's nodejs package is 18, too old for Vite 8)."
  local version major minor
  version=$(node --version) # v20.20.2
  IFS=. read -r major minor _ <<<"${version#v}"
  if [ "$major" -lt "$UI_NODE_MIN_MAJOR" ] || { [ "$major" -eq "$UI_NODE_MIN_MAJOR" ] && [ "$minor" -lt "$UI_NODE_MIN_MINOR" ]; }; then
    die "Node.js $version is too old for the dashboard UI (Vite 8 needs $UI_NODE_MIN_MAJOR.$UI_NODE_MIN_MINOR or newer): install a newer Node.js."
  fi
}

# npm ci when node_modules is missing or package-lock.json changed since the last install (npm writes
# node_modules/.package-lock.json at every install, so its age is the install's).
ensure_ui_packages() {
  local installed=$UI_DIR/node_modules/.package-lock.json
  if [ -f "$installed" ] && [ ! "$UI_DIR/package-lock.json" -nt "$installed" ]; then
    return 0
  fi
  echo "==> npm ci (in $UI_DIR/)"
  (cd "$UI_DIR" && npm ci --no-audit --no-fund) ||
    die "npm ci failed in $UI_DIR/ (see above); check that the npm registry is reachable and package-lock.json is in sync with package.json."
}

# Prints the first UI source newer than the build (or the missing build itself); prints nothing when dist/ is current.
ui_build_stale_reason() {
  local built=$UI_DIR/dist/index.html input newer
  if [ ! -f "$built" ]; then
    echo "$built is missing"
    return 0
  fi
  for input in "${UI_BUILD_INPUTS[@]}"; do
    [ -e "$UI_DIR/$input" ] || continue
    newer=$(find "$UI_DIR/$input" -newer "$built" -print -quit)
    if [ -n "$newer" ]; then
      echo "$newer changed"
      return 0
    fi
  done
}

# npm run build (tsc --noEmit, then vite build into dist/) when dist/ is older than its sources. The Gateway's
# build copies dist/ into its wwwroot, so this runs before dotnet build. Returns non-zero when the build failed.
build_ui_if_stale() {
  local reason
  reason=$(ui_build_stale_reason)
  if [ -z "$reason" ]; then
    echo "==> dashboard UI is up to date ($UI_DIR/dist/)"
    return 0
  fi
  echo "==> npm run build (in $UI_DIR/: $reason)"
  if ! (cd "$UI_DIR" && npm run build); then
    # A half-written dist/ must not pass for a fresh one next time.
    rm -f "$UI_DIR/dist/index.html"
    echo "livedash: the dashboard UI build failed (npm run build in $UI_DIR/, see above)." >&2
    return 1
  fi
}

# One attribute of the first XML element named $2 in file $1, e.g. tests="12" -> 12 (0 if absent).
xml_attribute() {
  local element value
  element=$(grep -o "<$2 [^>]*>" "$1" | head -n 1 || true)
  value=$(grep -o " $3=\"[0-9]*\"" <<<"$element" | grep -o '[0-9]\+' || true)
  echo "${value:-0}"
}

# Runs the UI's Vitest suite with a JUnit report at $1 and sets UI_PASSED, UI_FAILED, UI_SKIPPED and
# UI_RC (vitest's exit code). UI_FAILED is -1 when no report was written (vitest did not get to run).
run_ui_tests() {
  local junit tests skipped
  mkdir -p "$(dirname "$1")"
  # Absolute: vitest runs from $UI_DIR.
  junit="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
  echo "==> vitest run (in $UI_DIR/)"
  UI_RC=0
  (cd "$UI_DIR" && npx --no-install vitest run --reporter=default --reporter=junit --outputFile.junit="$junit") || UI_RC=$?
  UI_PASSED=0
  UI_FAILED=-1
  UI_SKIPPED=0
  [ -f "$junit" ] || return 0
  # The <testsuites> root counts tests, failures and errors; Vitest writes skipped only per file (<testsuite>).
  tests=$(xml_attribute "$junit" testsuites tests)
  UI_FAILED=$(($(xml_attribute "$junit" testsuites failures) + $(xml_attribute "$junit" testsuites errors)))
  skipped=$(grep -o '<testsuite [^>]*>' "$junit" | grep -o ' skipped="[0-9]*"' | grep -o '[0-9]\+' | paste -sd+ - || true)
  UI_SKIPPED=$((${skipped:-0}))
  UI_PASSED=$((tests - UI_FAILED - UI_SKIPPED))
}
