#!/usr/bin/env bash
# Checks that a built image refuses to start without its production settings: exit code 2 and its
# one line, not any crash (a bad JVM flag or a missing native library would exit 1). Run by CI on
# every push and by the deploy workflow on the very image it pushes.
#   deploy/check-image.sh IMAGE
set -uo pipefail
image="${1:?usage: deploy/check-image.sh IMAGE}"
out=$(timeout 60 docker run --rm "$image" 2>&1)
code=$?
printf '%s\n' "$out" | tail -n 5
if [ "$code" -ne 2 ] || ! printf '%s\n' "$out" | grep -q 'latam serve: cannot start:'; then
  echo "check-image: $image exited $code, not with its one-line refusal (exit 2)" >&2
  exit 1
fi
echo "check-image: $image refuses to start without its settings, as it should"
