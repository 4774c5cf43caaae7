-- One POST with a fixed body: the GraphQL call the gateway makes upstream, sent directly.
-- Arguments: <body file> <X-Shopify-Access-Token value>
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

function init(args)
   local file = assert(io.open(args[1], "rb"))
   wrk.method = "POST"
   wrk.body = file:read("*a")
   file:close()
   wrk.headers["Content-Type"] = "application/json"
   wrk.headers["Accept"] = "application/json"
   wrk.headers["X-Shopify-Access-Token"] = args[2]
end

function done(summary, latency, requests)
   bench_report(summary, latency)
end
