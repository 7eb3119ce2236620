-- Balance read: GET /api/balance/ as a random saraf's owner.
local bench = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function bench.request()
  return bench.get("/api/balance/", bench.random_saraf().token)
end
