#!/usr/bin/env bash
# Trunk post-build hook: writes the list of built files and a version (a hash of their
# contents) into the staged sw.js, so every release is a new service worker and cache.
set -euo pipefail
dir="${TRUNK_STAGING_DIR:?run by trunk as a post_build hook}"
cd "$dir"
files=$(find . -type f ! -name sw.js ! -name '*.map' ! -name '*.br' ! -name '*.gz' | sed 's|^\./|/|' | sort)
version=$(printf '%s\n' $files | sed 's|^/||' | xargs sha256sum | sha256sum | cut -c1-16)
list=$(printf '"%s",' $files)
sed -i "s|__VERSION__|$version|; s|__PRECACHE__|[${list%,}]|" sw.js
