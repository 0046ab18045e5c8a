-- POST /v1/predictions with 100 different flights.
local airlines = {"Grupo LATAM", "Sky Airline", "Copa Air", "Avianca", "JetSmart SPA", "American Airlines"}
local flights = {}
for i = 0, 99 do
  flights[#flights + 1] = string.format(
    '{"airline": "%s", "flight_type": "%s", "scheduled_departure": "2017-%02d-%02dT%02d:%02d:00", "destination": "SAEZ"}',
    airlines[i % #airlines + 1], (i % 2 == 0) and "I" or "N", i % 12 + 1, i % 28 + 1, i % 24, (i * 5) % 60)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
wrk.path = "/v1/predictions"
wrk.body = '{"flights": [' .. table.concat(flights, ",") .. ']}'
