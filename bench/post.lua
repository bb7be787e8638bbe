-- wrk script: POST the two bench orders alternately (big, small) as JSON.
local function read(path)
  local f = assert(io.open(path, "rb")); local s = f:read("*a"); f:close(); return s
end
local dir = os.getenv("BENCH_DIR") or "bench"
local bodies = { read(dir .. "/order-big.json"), read(dir .. "/order-small.json") }
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[(n % 2) + 1])
end

-- Optional pacing: DELAY_MS=n makes every connection wait n ms between requests (closed loop,
-- so the rate is about connections * 1000 / (n + latency)); used for the "moderate load" latency.
local pause = tonumber(os.getenv("DELAY_MS") or "0")
if pause > 0 then
  delay = function() return pause end
end
