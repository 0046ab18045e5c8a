#!/usr/bin/env bash
# Smoke test of a deployed environment, the same for staging and production (the deploy workflow
# runs it after each apply; docs/OPERATIONS.md#deploy). By hand:
#   AUD=$(cd deploy/terraform && terraform output -raw token_audience)
#   TOKEN=$(gcloud auth print-identity-token --audiences="$AUD" --include-email \
#     --impersonate-service-account="$DEPLOYER") deploy/smoke-test.sh "$AUD"
# (a person impersonates the deployer, an invoker and admin: README, Authentication)
# Checks that the service is ready, serves a champion from its model store (EXPECTED_MODEL_VERSION
# when set: the rollout in the store decides, not version.txt, once the store has one), and
# answers a prediction naming a version of the store in its body and X-Model-Version header.
# Exits non-zero on the first failure.
set -euo pipefail

url=${1:?usage: TOKEN=... $0 SERVICE_URL}
url=${url%/}
: "${TOKEN:?TOKEN must hold an ID token whose audience is the service URL}"

call() {
  # A cold instance can take the startup probe's 30 s before it answers; retry transient errors.
  curl -fsS --max-time 60 --retry 3 --retry-delay 5 -H "Authorization: Bearer $TOKEN" "$@"
}

echo "smoke: $url/q/health/ready"
call "$url/q/health/ready" > /dev/null

echo "smoke: $url/v1/models"
models=$(call "$url/v1/models")
served=$(jq -r '.served' <<< "$models")
if ! jq -e --arg v "$served" '.versions | index($v) != null' <<< "$models" > /dev/null; then
  echo "smoke: FAILED: /v1/models serves '$served', which is not among its versions" >&2
  exit 1
fi
if [ -n "${EXPECTED_MODEL_VERSION:-}" ] && [ "$served" != "$EXPECTED_MODEL_VERSION" ]; then
  echo "smoke: FAILED: /v1/models serves '$served', expected '$EXPECTED_MODEL_VERSION'" >&2
  exit 1
fi

echo "smoke: $url/v1/predictions"
headers=$(mktemp)
answer=$(call -D "$headers" -H 'Content-Type: application/json' \
  -d '{"flights":[{"airline":"Grupo LATAM","flight_type":"I","scheduled_departure":"2017-07-14T19:00:00"}]}' \
  "$url/v1/predictions")
named=$(tr -d '\r' < "$headers" | awk -F': ' 'tolower($1) == "x-model-version" {print $2}')
rm -f "$headers"
if ! jq -e --argjson versions "$(jq '.versions' <<< "$models")" --arg h "$named" \
  '.predictions[0].model_version as $m | (.predictions | length) == 1
   and (.predictions[0].probability | type) == "number" and ($versions | index($m) != null)
   and $m == $h' \
  <<< "$answer" > /dev/null; then
  echo "smoke: FAILED: unexpected prediction (X-Model-Version: $named): $answer" >&2
  exit 1
fi
echo "smoke: passed"
