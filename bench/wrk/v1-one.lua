-- POST /v1/predictions with one flight described by its features.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
wrk.path = "/v1/predictions"
wrk.body = '{"flights": [{"airline": "Grupo LATAM", "flight_type": "I", "scheduled_departure": "2017-07-14T19:00:00", "destination": "SAEZ"}]}'
