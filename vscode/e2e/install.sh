#!/usr/bin/env bash
# Installs the end-to-end tools (code-server 4.100.3, playwright-core) from the committed
# lockfile, with no download besides the npm registry:
#   - code-server's install scripts build native modules, so they must run (npm 11 asks first);
#   - @vscode/ripgrep, inside code-server's VS Code, downloads rg at install time: its download
#     cache is seeded with Debian's rg (apt-get install ripgrep), so it never goes online.
# Needs: node 20, npm, rg, tar, a C toolchain and libkrb5-dev (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")"

if [ -x node_modules/.bin/code-server ] && [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "e2e tools already installed"
  exit 0
fi

rg_bin=$(command -v rg) || { echo "e2e/install.sh: ripgrep is missing (apt-get install ripgrep)" >&2; exit 1; }
case "$(uname -m)" in
  x86_64) target=x86_64-unknown-linux-musl ;;
  aarch64) target=aarch64-unknown-linux-musl ;;
  *) echo "e2e/install.sh: no ripgrep target for $(uname -m)" >&2; exit 1 ;;
esac

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The versions code-server 4.100.3's lockfile pins: @vscode/ripgrep 1.15.11 fetches rg v13.0.0-10.
cache="$scratch/vscode-ripgrep-cache-1.15.11"
mkdir -p "$cache"
tar czf "$cache/ripgrep-v13.0.0-10-$target.tar.gz" -C "$(dirname "$rg_bin")" rg

TMPDIR="$scratch" \
  npm_config_dangerously_allow_all_scripts=true \
  npm_config_unsafe_perm=true \
  npm_config_yes=true \
  npm ci --no-audit --no-fund
