#!/usr/bin/env bash
# Smoke test of a deployed environment, the same for staging and production (the deploy workflow
# runs it after each apply; docs/OPERATIONS.md#deploy). By hand:
#   AUD=$(cd deploy/terraform && terraform output -raw token_audience)
#   TOKEN=$(gcloud auth print-identity-token --audiences="$AUD" --include-email \
#     --impersonate-service-account="$DEPLOYER") deploy/smoke-test.sh "$AUD"
# (a person impersonates an invoker service account, such as the deployer: README, Authentication)
# Checks that the service is ready, serves a champion from its model store (EXPECTED_MODEL_VERSION
# when set: the rollout in the store decides, not version.txt, once the store has one), and
# answers a prediction naming a version of the store in its body and X-Model-Version header, and
# refuses a forged token that lacks its signature.
# Exits non-zero on the first failure.
set -euo pipefail

url=${1:?usage: TOKEN=... $0 SERVICE_URL}
url=${url%/}
: "${TOKEN:?TOKEN must hold an ID token whose audience is the service URL}"

call() {
  # A cold instance may answer only once its startup probe passes; retry transient errors.
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
# A token without its signature is taken only as Cloud Run passes on the one its IAM check
# verified (LATAM_AUTH_OIDC_VERIFIED_BY_CLOUD_RUN): a forged one must be refused alone (by Cloud
# Run) and beside a real token in X-Serverless-Authorization (by the service), or anyone could make
# themselves admin.
b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
forged="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url).$(printf \
  '{"iss":"https://accounts.google.com","aud":"%s","sub":"smoke-forged","email":"smoke-forged@example.com","email_verified":true,"iat":%d,"exp":%d}' \
  "$url" "$now" "$((now + 600))" | b64url).SIGNATURE_REMOVED_BY_GOOGLE"
for beside in "" "$TOKEN"; do
  extra=()
  [ -n "$beside" ] && extra=(-H "X-Serverless-Authorization: Bearer $beside")
  status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 60 "${extra[@]}" \
    -H "Authorization: Bearer $forged" "$url/v1/caller")
  if [ "$status" != 401 ] && [ "$status" != 403 ]; then
    echo "smoke: FAILED: a forged token without its signature got $status${beside:+ beside a real token in X-Serverless-Authorization}, not 401 or 403" >&2
    exit 1
  fi
done
echo "smoke: passed"
