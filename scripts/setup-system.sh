#!/usr/bin/env bash
# Install the Debian packages imagia needs when they are missing (ffmpeg; chromium for the
# browser tests). Idempotent: does nothing when everything is present.
set -euo pipefail
want=()
command -v ffmpeg >/dev/null 2>&1 || want+=(ffmpeg)
if [[ "${1:-}" == "--test" ]]; then
  command -v chromium >/dev/null 2>&1 || want+=(chromium)
fi
if [[ ${#want[@]} -eq 0 ]]; then
  exit 0
fi
echo "imagia set-up: installing Debian packages: ${want[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: need root (or sudo) to install: ${want[*]}" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
