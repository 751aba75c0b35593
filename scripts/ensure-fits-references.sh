#!/usr/bin/env bash
# The compressed-FITS tests check our reader against two references from Debian: astropy's own
# tile-compressed test files (python3-astropy installs them under astropy/io/fits/tests/data) and
# fpack/funpack (libcfitsio-bin) and bzip2, which compress MiraBest cutouts at test time. Without them those
# tests skip and say why; as root on Debian/Ubuntu we install them here, as ensure-chromium.sh does.
set -euo pipefail
ASTROPY_DATA=/usr/lib/python3/dist-packages/astropy/io/fits/tests/data
missing=()
[ -d "$ASTROPY_DATA" ] || missing+=(python3-astropy)
command -v fpack >/dev/null 2>&1 && command -v funpack >/dev/null 2>&1 || missing+=(libcfitsio-bin)
command -v bzip2 >/dev/null 2>&1 || missing+=(bzip2)
[ ${#missing[@]} -eq 0 ] && exit 0
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing the FITS test references: ${missing[*]}…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "FITS test references missing (${missing[*]}): the compressed-FITS reference tests will skip. Install with 'sudo apt-get install ${missing[*]}'." >&2
exit 0
