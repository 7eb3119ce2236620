-- Customer withdraw: a random pre-funded account (the seed's opening balance
-- covers far more than a run can take out), a unique Idempotency-Key.
local bench = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

function bench.request()
  local saraf, account = bench.random_account()
  return bench.write(
    "POST",
    "/api/saraf-create-accounts/" .. account .. "/withdraw/",
    saraf.token,
    '{"currency":"' .. bench.data.currency .. '","amount":"' .. bench.amount(20) .. '"}'
  )
end
