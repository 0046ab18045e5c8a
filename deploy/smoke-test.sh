#!/usr/bin/env bash
# Smoke test of a deployed environment, the same for staging and production (the deploy workflow
# runs it after each apply; docs/OPERATIONS.md#deploy). By hand:
#   AUD=$(cd deploy/terraform && terraform output -raw token_audience)
#   TOKEN=$(gcloud auth print-identity-token --audiences="$AUD" --include-email) deploy/smoke-test.sh "$AUD"
# Checks that the service is ready, serves the model version.txt names (or EXPECTED_MODEL_VERSION),
# and answers a prediction with it. Exits non-zero on the first failure.
set -euo pipefail

url=${1:?usage: TOKEN=... $0 SERVICE_URL}
url=${url%/}
: "${TOKEN:?TOKEN must hold an ID token whose audience is the service URL}"
expected=${EXPECTED_MODEL_VERSION:-$(tr -d '[:space:]' < "$(dirname "$0")/../version.txt")}

call() {
  # A cold instance can take the startup probe's 30 s before it answers; retry transient errors.
  curl -fsS --max-time 60 --retry 3 --retry-delay 5 -H "Authorization: Bearer $TOKEN" "$@"
}

echo "smoke: $url/q/health/ready"
call "$url/q/health/ready" > /dev/null

echo "smoke: $url/v1/models serves $expected"
served=$(call "$url/v1/models" | jq -r '.served')
if [ "$served" != "$expected" ]; then
  echo "smoke: FAILED: /v1/models serves '$served', expected '$expected'" >&2
  exit 1
fi

echo "smoke: $url/v1/predictions"
answer=$(call -H 'Content-Type: application/json' \
  -d '{"flights":[{"airline":"Grupo LATAM","flight_type":"I","scheduled_departure":"2017-07-14T19:00:00"}]}' \
  "$url/v1/predictions")
if ! jq -e --arg v "$expected" \
  '(.predictions | length) == 1 and .predictions[0].model_version == $v and (.predictions[0].probability | type) == "number"' \
  <<< "$answer" > /dev/null; then
  echo "smoke: FAILED: unexpected prediction: $answer" >&2
  exit 1
fi
echo "smoke: passed"
