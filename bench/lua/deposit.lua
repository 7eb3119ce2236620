-- Customer deposit: a random account of a random saraf, a unique Idempotency-Key.
local bench = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function bench.request()
  local saraf, account = bench.random_account()
  return bench.write(
    "POST",
    "/api/saraf-create-accounts/" .. account .. "/deposit/",
    saraf.token,
    '{"currency":"' .. bench.data.currency .. '","amount":"' .. bench.amount(100) .. '"}'
  )
end
