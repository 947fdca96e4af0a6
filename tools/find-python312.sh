#!/usr/bin/env bash
# Print the path of a working Python 3.12 interpreter (Mesa 3.5 needs >= 3.12).
# Tries PATH first, then pyenv's versions, then common install prefixes.
set -u
try() { "$1" -c 'import sys; assert sys.version_info[:2] >= (3, 12)' >/dev/null 2>&1 && { echo "$1"; exit 0; }; }
for name in python3.12 python3.13 python3; do
  p=$(command -v "$name" 2>/dev/null) && try "$p"
done
for p in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3.12 \
         "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3.13 \
         /usr/local/bin/python3.12 /usr/bin/python3.12; do
  [ -x "$p" ] && try "$p"
done
echo "error: no Python >= 3.12 found (Mesa 3.5 requires it); install python3.12" >&2
exit 1
