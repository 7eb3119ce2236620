-- Transaction list: a page of 50 of a random saraf's capital transactions
-- (the seed gives each saraf more than 50).
local bench = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function bench.request()
  return bench.get("/api/transaction/?page_size=50", bench.random_saraf().token)
end
