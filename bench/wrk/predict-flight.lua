-- POST /predict-flight with the prototype's body, the id spread over every stored flight.
-- FLIGHTS (env) is how many flights the store holds: 68,206 for dataset_SCL.csv.
local flights = tonumber(os.getenv("FLIGHTS") or "68206")
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end

request = function()
  counter = counter + 1
  local id = (counter * 7919) % flights + 1
  local body = '{"Vlo_l": "' .. id .. '", "Fecha_l": "", "O_vlo": "", "O_fecha": "", "flight_type": "", "airline": ""}'
  return wrk.format(nil, "/predict-flight", nil, body)
end
