-- POST /predict-flight with the prototype's body, the id spread over the flights asked about.
-- FLIGHTS (env) is how many flights are asked about: 68,206 for dataset_SCL.csv; FIRST_ID (env, 1
-- by default) the lowest of their ids, so that FLIGHTS ids from FIRST_ID on are asked.
local flights = tonumber(os.getenv("FLIGHTS") or "68206")
local first = tonumber(os.getenv("FIRST_ID") or "1")
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end

request = function()
  counter = counter + 1
  local id = first + (counter * 7919) % flights
  local body = '{"Vlo_l": "' .. id .. '", "Fecha_l": "", "O_vlo": "", "O_fecha": "", "flight_type": "", "airline": ""}'
  return wrk.format(nil, "/predict-flight", nil, body)
end
