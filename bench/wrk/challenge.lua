-- POST /predict, the LATAM challenge's API.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if os.getenv("AUTHORIZATION") then wrk.headers["Authorization"] = os.getenv("AUTHORIZATION") end
wrk.path = "/predict"
wrk.body = '{"flights": [{"OPERA": "Aerolineas Argentinas", "TIPOVUELO": "N", "MES": 3}]}'
