-- wrk script: stop after WRK_MAX_REQUESTS requests per thread, print a JSON summary.
--
-- The bound is counted where requests are sent, not in a response() callback: with one,
-- wrk copies every response body into a Lua string, work of the client's own that grows
-- with the body and runs on the same cores as the server. A 186 KB body took the bare
-- view from 1.0 to 0.7 of its 12-byte rate that way: the big files were measured against
-- the client's copying, not the server.
local max_requests = tonumber(os.getenv("WRK_MAX_REQUESTS") or "0")
local count = 0
local request_bytes

function init(args)
  -- The same request every time, as wrk sends it without a script: made once.
  request_bytes = wrk.format()
end

function request()
  count = count + 1
  if max_requests > 0 and count > max_requests then
    wrk.thread:stop()
  end
  return request_bytes
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
