-- GET /v1/board: the duty managers' screen, three hours of a busy afternoon (31 December 2017,
-- 37 departures from 14:00), as known at 15:00; the day is one the board keeps in memory.
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
wrk.path = "/v1/board?from=2017-12-31T14:00&hours=3&as_of=2017-12-31T15:00"
