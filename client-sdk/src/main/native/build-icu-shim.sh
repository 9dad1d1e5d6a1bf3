#!/bin/sh
# Builds the three ICU 54 shim libraries into $1 (run by Maven in generate-resources).
set -eu
out="$1"
src="$(dirname "$0")/icu54shim.c"
mkdir -p "$out"
cc="${CC:-gcc}"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "build-icu-shim: $cc not found; install gcc (the Couchbase Lite ICU shim needs it)" >&2
  exit 1
fi
"$cc" -O2 -fPIC -shared -Wall -Wextra -DSHIM_DATA -Wl,-soname,libicudata.so.54 -o "$out/libicudata.so.54" "$src"
"$cc" -O2 -fPIC -shared -Wall -Wextra -DSHIM_UC -Wl,-soname,libicuuc.so.54 -o "$out/libicuuc.so.54" "$src" -ldl
"$cc" -O2 -fPIC -shared -Wall -Wextra -DSHIM_I18N -Wl,-soname,libicui18n.so.54 -o "$out/libicui18n.so.54" "$src" -ldl
