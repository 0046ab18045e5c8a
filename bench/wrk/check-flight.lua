-- GET /check-flight?Vlo_l=<id>, the id spread over every stored flight (FLIGHTS, default 68,206).
local flights = tonumber(os.getenv("FLIGHTS") or "68206")
local counter = 0
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
request = function()
  counter = counter + 1
  return wrk.format("GET", "/check-flight?Vlo_l=" .. ((counter * 7919) % flights + 1))
end
