-- Signed GETs taken in turn from a file of "<path?query>\t<signature>" lines: thread i of n takes
-- lines i, i+n, i+2n… so no two threads send the same query. A thread that runs out of lines
-- starts over and counts a wrap (its queries may then hit the cache): done() reports the wraps.
-- Arguments: <queries file> <number of wrk threads>
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local next_index = 0

function setup(thread)
   thread:set("thread_index", next_index)
   next_index = next_index + 1
   table.insert(bench_threads, thread)
end

function init(args)
   local count = tonumber(args[2])
   paths, signatures = {}, {}
   local line_number = 0
   for line in io.lines(args[1]) do
      if line_number % count == thread_index then
         local path, signature = line:match("^([^\t]+)\t(%S+)$")
         if path ~= nil then
            paths[#paths + 1] = path
            signatures[#signatures + 1] = signature
         end
      end
      line_number = line_number + 1
   end
   available = #paths
   position = 0
   wraps = 0
   sent = 0
end

function request()
   position = position + 1
   if position > #paths then
      position = 1
      wraps = wraps + 1
   end
   sent = sent + 1
   return wrk.format("GET", paths[position], { ["x-iadvize-signature"] = signatures[position] })
end

function done(summary, latency, requests)
   local wrapped, distinct = 0, 0
   for _, thread in ipairs(bench_threads) do
      wrapped = wrapped + (thread:get("wraps") or 0)
      local count = thread:get("sent") or 0
      distinct = distinct + math.min(count, thread:get("available") or 0)
   end
   bench_report(summary, latency, string.format(',"wraps":%d,"distinct":%d', wrapped, distinct))
end
