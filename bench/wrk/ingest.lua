-- POST /v1/flights: schedules of 1,000 new flights per request, each flight a new one (its own
-- number, a minute apart from 2031 on), as a schedule system sends a week's timetable. Flights/s
-- is requests/s times 1,000.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
wrk.path = "/v1/flights"

local threads = 0
function setup(thread)
  thread:set("first", threads * 100000000)
  threads = threads + 1
end

local sent = 0
function request()
  local parts = {}
  for i = 1, 1000 do
    local n = first + sent
    sent = sent + 1
    local minute = n % (60 * 24 * 365 * 8)
    local day = math.floor(minute / 1440)
    local t = os.time({year = 2031, month = 1, day = 1, hour = 0}) + minute * 60
    parts[i] = string.format(
      '{"scheduled_departure":"%s","flight_number":"%d","airline":"Grupo LATAM","airline_code":"B%d","flight_type":"I","destination":"SAEZ","destination_city":"Buenos Aires"}',
      os.date("!%Y-%m-%dT%H:%M:00", t), n % 100000, math.floor(n / 100000) % 100000)
  end
  return wrk.format(nil, nil, nil, '{"flights":[' .. table.concat(parts, ",") .. ']}')
end
