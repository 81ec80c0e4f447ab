-- wrk script for Firmamos benchmarks. Arguments after `--`:
--   GET  PATH [COOKIE]
--   POST PATH COOKIE FORM_PREFIX EMAIL_PREFIX
-- A POST sends FORM_PREFIX (the page's hidden fields: CSRF token and the like, already encoded)
-- with a signer whose email is new on every request. Prints one JSON line at the end.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local method, path, cookie, form_prefix, email_prefix
local n = 0
codes = {}

function init(args)
  method, path, cookie = args[1], args[2], args[3] or ""
  form_prefix, email_prefix = args[4] or "", args[5] or "signer"
  wrk.headers["User-Agent"] = "firmamos-bench (wrk)"
  wrk.headers["Accept-Language"] = "en"
  if cookie ~= "" then
    wrk.headers["Cookie"] = cookie
  end
  if method == "POST" then
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  else
    -- As a browser asks: the app and the baseline compress the page alike (same middleware).
    wrk.headers["Accept-Encoding"] = "gzip, deflate, br, zstd"
  end
end

function request()
  if method ~= "POST" then
    return wrk.format("GET", path)
  end
  n = n + 1
  local public = (n % 2 == 0) and "&public=on" or ""
  local body = form_prefix
    .. "&first_name=Bench&last_name=Signer-" .. string.char(64 + id % 26 + 1)
    .. "&email=" .. email_prefix .. "-" .. id .. "-" .. n .. "%40example.org"
    .. "&postal_code=06106&town=&comment=" .. public
  return wrk.format("POST", path, nil, body)
end

function response(status, headers, body)
  local key = tostring(status)
  codes[key] = (codes[key] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    local thread_codes = thread:get("codes")
    for code, count in pairs(thread_codes) do
      totals[code] = (totals[code] or 0) + count
    end
  end
  local parts = {}
  for code, count in pairs(totals) do
    table.insert(parts, string.format('"%s": %d', code, count))
  end
  -- The latency histogram itself (microseconds, count), so that several turns' percentiles can
  -- be taken over all their requests together rather than averaged (bench/latency.py).
  local histogram = {}
  for i = 1, #latency do
    local value, count = latency(i)
    table.insert(histogram, string.format("[%d, %d]", value, count))
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, '
      .. '"timeout": %d, "status": %d}, "codes": {%s}, "latency_us": [%s]}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.timeout, e.status, table.concat(parts, ", "),
    table.concat(histogram, ", ")))
end
