#!/usr/bin/env bash
# The Debian packages the VS Code extension's end-to-end suite needs, installed when missing:
# Chromium (the browser that drives code-server), ripgrep (code-server's VS Code rg download is
# seeded from it), the Kerberos headers and a C++ toolchain (code-server's native modules).
# `nox -s vscode` runs this first; as root with apt-get it installs them, otherwise it names the
# command to run.
set -euo pipefail
missing=()
command -v chromium > /dev/null || missing+=(chromium)
command -v rg > /dev/null || missing+=(ripgrep)
dpkg -s libkrb5-dev > /dev/null 2>&1 || missing+=(libkrb5-dev)
{ command -v g++ && command -v make; } > /dev/null || missing+=(build-essential)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "the extension's end-to-end suite needs: ${missing[*]}; install them, e.g." >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
