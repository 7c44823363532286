#!/usr/bin/env bash
# Debian packages the platform and its tests use, installed only when missing.
set -euo pipefail
needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || needed+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || needed+=(qpdf)
command -v openssl >/dev/null 2>&1 || needed+=(openssl)
if [ ${#needed[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${needed[*]}. Install them with: sudo apt-get update && sudo apt-get install -y ${needed[*]}" >&2
    exit 1
  fi
  echo "Installing ${needed[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
