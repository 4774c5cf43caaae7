-- One signed GET, the same for every request (the URL given to wrk carries the query string).
-- Arguments: <signature header value>
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function init(args)
   if args[1] ~= nil and args[1] ~= "" then
      wrk.headers["x-iadvize-signature"] = args[1]
   end
end

function done(summary, latency, requests)
   bench_report(summary, latency)
end
