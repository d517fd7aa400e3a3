#!/usr/bin/env bash
# Install the Debian packages imagia needs when they are missing (ffmpeg and a font; chromium for
# the browser tests). Idempotent: does nothing when everything is present.
# Flags (any order): --test (browser tests), --speech (TTS engines and real speech used by the
# speech/subtitles tests and benchmark: espeak-ng, pico2wave from `non-free`, LibriVox clips
# from pocketsphinx-testdata).
set -euo pipefail
want=()
optional=()  # nice to have: tests that need them skip with a reason when they are missing
nonfree=0
command -v ffmpeg >/dev/null 2>&1 || want+=(ffmpeg)
# A font for burnt-in subtitles (clips) and the on-screen text tests' titles.
[[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]] || want+=(fonts-dejavu-core)
for arg in "$@"; do
  case "$arg" in
    --test) command -v chromium >/dev/null 2>&1 || want+=(chromium) ;;
    --speech)
      command -v espeak-ng >/dev/null 2>&1 || optional+=(espeak-ng)
      [[ -d /usr/share/pocketsphinx/test/data/librivox ]] || optional+=(pocketsphinx-testdata)
      if ! command -v pico2wave >/dev/null 2>&1; then optional+=(libttspico-utils); nonfree=1; fi
      ;;
  esac
done
if [[ ${#want[@]} -eq 0 && ${#optional[@]} -eq 0 ]]; then
  exit 0
fi
echo "imagia set-up: installing Debian packages: ${want[*]} ${optional[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "error: need root (or sudo) to install: ${want[*]}" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
if [[ $nonfree -eq 1 && -f /etc/apt/sources.list.d/debian.sources ]] \
   && ! grep -q "non-free" /etc/apt/sources.list.d/debian.sources; then
  # pico2wave (French TTS) lives in Debian's non-free component (same Debian registry).
  $SUDO sed -i 's/^Components: main$/Components: main contrib non-free/' \
    /etc/apt/sources.list.d/debian.sources
fi
$SUDO apt-get update -qq
if [[ ${#want[@]} -gt 0 ]]; then
  $SUDO apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fi
for pkg in "${optional[@]}"; do
  $SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null \
    || echo "imagia set-up: warning: could not install $pkg (the tests that need it will skip)"
done
