-- POST /v2/models/latam-flight-delay/infer (the Open Inference Protocol) with the 100 flights of
-- v1-hundred.lua, as BYTES columns.
local airlines = {"Grupo LATAM", "Sky Airline", "Copa Air", "Avianca", "JetSmart SPA", "American Airlines"}
local airline, flightType, scheduled, destination = {}, {}, {}, {}
for i = 0, 99 do
  airline[#airline + 1] = '"' .. airlines[i % #airlines + 1] .. '"'
  flightType[#flightType + 1] = (i % 2 == 0) and '"I"' or '"N"'
  scheduled[#scheduled + 1] = string.format('"2017-%02d-%02dT%02d:%02d:00"', i % 12 + 1, i % 28 + 1, i % 24, (i * 5) % 60)
  destination[#destination + 1] = '"SAEZ"'
end
local function input(name, values)
  return '{"name": "' .. name .. '", "shape": [100], "datatype": "BYTES", "data": [' .. table.concat(values, ",") .. ']}'
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
wrk.path = "/v2/models/latam-flight-delay/infer"
wrk.body = '{"inputs": [' .. input("airline", airline) .. ", " .. input("flight_type", flightType) .. ", "
  .. input("scheduled_departure", scheduled) .. ", " .. input("destination", destination) .. ']}'
