-- wrk script for DeskBridge's load benchmark (scripts/bench/run.sh).
--
-- Sends, in turn, the requests listed in the file named by $BENCH_REQUESTS, one per line, fields
-- separated by tabs:
--   GET<TAB>/path?query<TAB>signature          a signed plugin call (x-iadvize-signature)
--   POST<TAB>/path<TAB>{"json":"body"}         a GraphQL call straight to the upstream
-- POST requests carry Content-Type: application/json and X-Shopify-Access-Token: $BENCH_TOKEN.
-- Each thread starts at its own place in the list, so no two connections send the same request
-- at the same moment (that would let the gateway coalesce them). At the end prints one line:
--   BENCH-RESULT {"requests":…,"duration_us":…,"p50_us":…,"p99_us":…,…}

local counter = 0
local threads = {}

function setup(thread)
   thread:set("thread_index", counter)
   counter = counter + 1
   table.insert(threads, thread)
end

local requests = {}
local position = 1

function init(args)
   local path = os.getenv("BENCH_REQUESTS")
   local token = os.getenv("BENCH_TOKEN") or ""
   local file = assert(io.open(path, "r"), "cannot open " .. tostring(path))
   for line in file:lines() do
      local method, target, extra = line:match("^(%u+)\t([^\t]+)\t(.*)$")
      if method == "GET" then
         table.insert(requests, wrk.format("GET", target, { ["x-iadvize-signature"] = extra }))
      elseif method == "POST" then
         table.insert(requests, wrk.format("POST", target,
            { ["Content-Type"] = "application/json", ["X-Shopify-Access-Token"] = token }, extra))
      end
   end
   file:close()
   assert(#requests > 0, "no request in " .. tostring(path))
   local threadCount = tonumber(os.getenv("BENCH_THREADS") or "1")
   position = (math.floor(#requests * thread_index / threadCount) % #requests) + 1
end

function request()
   local formatted = requests[position]
   position = position + 1
   if position > #requests then position = 1 end
   return formatted
end

function done(summary, latency, requests)
   local errors = summary.errors
   io.write(string.format(
      'BENCH-RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
      '"mean_us":%.1f,"errors_connect":%d,"errors_read":%d,"errors_write":%d,"errors_status":%d,"errors_timeout":%d}\n',
      summary.requests, summary.duration, summary.bytes,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
