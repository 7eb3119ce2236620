-- Hawala cycle, chained per client: saraf A sends to saraf B, B accepts
-- (received), B pays out (completed), then the next send. Each client has one
-- connection, so the answer in response() is the answer to the last request.
-- Counters: sent, received, completed (2xx per step).
local bench = dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local step, hawala_id, number, id_number, sender, receiver
local cycle = 0

local function pick_pair()
  local sarafs = bench.data.sarafs
  local index = (thread_id - 1) % #sarafs + 1
  sender = sarafs[index]
  receiver = sarafs[index % #sarafs + 1]
end

function bench.request()
  if not sender then
    pick_pair()
    step = "send"
  end
  if step == "send" then
    cycle = cycle + 1
    number = run .. "-" .. thread_id .. "-" .. cycle
    id_number = "T" .. thread_id .. "X" .. cycle
    return bench.write(
      "POST",
      "/api/hawala/send/",
      sender.token,
      '{"hawala_number":"' .. number .. '","amount":"' .. bench.amount(100)
        .. '","currency":"' .. bench.data.currency
        .. '","fee":"1.00","sender_name":"Bench Sender","receiver_name":"Bench Receiver"'
        .. ',"receiver_phone":"+93791234567","receiver_id_number":"' .. id_number
        .. '","destination_saraf_id":' .. receiver.id .. "}"
    )
  elseif step == "receive" then
    return bench.write(
      "PATCH",
      "/api/hawala/receive/" .. hawala_id .. "/",
      receiver.token,
      '{"status":"received"}'
    )
  end
  return bench.write(
    "PATCH",
    "/api/hawala/receive/" .. hawala_id .. "/",
    receiver.token,
    '{"status":"completed","hawala_number":"' .. number
      .. '","receiver_id_number":"' .. id_number .. '"}'
  )
end

function bench.response(status, body, success)
  if not success then
    step = "send"
    return
  end
  if step == "send" then
    bench.count("sent")
    hawala_id = body:match('"id":%s*(%d+)')
    step = "receive"
  elseif step == "receive" then
    bench.count("received")
    step = "complete"
  else
    bench.count("completed")
    step = "send"
  end
end
