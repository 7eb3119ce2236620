-- Shared by every wrk scenario: the seed (tokens, account ids), unique
-- Idempotency-Keys, counting answers by status, and a clean stop.
--
-- bench/runner.py runs wrk with one connection per thread (-t N -c N), so each
-- thread has at most one request in flight. A thread stops itself from
-- response() once BENCH_DURATION seconds have passed since its first request:
-- nothing is in flight then, so every request the server committed was
-- counted here, and the count can be reconciled with the journal exactly.
-- Each stopping thread leaves a marker file (BENCH_OUT.stopped.<n>); once all
-- are there, bench/runner.py ends wrk with SIGINT instead of waiting out its -d.
-- wrk's own -d is a safety net a few seconds later; a thread stopped by it
-- instead is reported as unclean.
--
-- Environment: BENCH_DATA (the Lua seed file), BENCH_DURATION (seconds),
-- BENCH_OUT (where done() writes its JSON), BENCH_RUN (key prefix).

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]

local CLOCK_MONOTONIC = 1
local timespec = ffi.new("bench_timespec")

local bench = {}
bench.data = dofile(os.getenv("BENCH_DATA"))

function bench.now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) * 1e-9
end

-- Main state (setup/done) ---------------------------------------------------

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

-- Thread states (init/request/response) -------------------------------------

local sequence = 0
local started, last_answer
local deadline

function init(args)
  math.randomseed(thread_id * 7919 + os.time())
  deadline = tonumber(os.getenv("BENCH_DURATION"))
  run = os.getenv("BENCH_RUN")
  ok, failed, soft_stopped = 0, 0, false
  statuses, counters = {}, {}
  first_request, last_response = 0, 0
end

function bench.key()
  sequence = sequence + 1
  return run .. "-" .. thread_id .. "-" .. sequence
end

function bench.count(name)
  counters[name] = (counters[name] or 0) + 1
end

function bench.random_saraf()
  return bench.data.sarafs[math.random(#bench.data.sarafs)]
end

function bench.random_account()
  local saraf = bench.random_saraf()
  return saraf, saraf.accounts[math.random(#saraf.accounts)]
end

function bench.amount(max_units)
  return string.format("%d.%02d", math.random(1, max_units), math.random(0, 99))
end

function bench.get(path, token)
  return wrk.format("GET", path, {
    ["Authorization"] = "Bearer " .. token,
    ["Accept"] = "application/json",
  })
end

function bench.write(method, path, token, body)
  return wrk.format(method, path, {
    ["Authorization"] = "Bearer " .. token,
    ["Accept"] = "application/json",
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = bench.key(),
  }, body)
end

function request()
  if not started then
    started = bench.now()
    first_request = started
  end
  return bench.request()
end

function response(status, headers, body)
  last_answer = bench.now()
  last_response = last_answer
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  local success = status >= 200 and status < 300
  if success then
    ok = ok + 1
  else
    failed = failed + 1
  end
  if bench.response then
    bench.response(status, body, success)
  end
  if last_answer - started >= deadline then
    soft_stopped = true
    local marker = io.open(os.getenv("BENCH_OUT") .. ".stopped." .. thread_id, "w")
    if marker then
      marker:close()
    end
    wrk.thread:stop()
  end
end

-- Report ----------------------------------------------------------------------

local function encode(value)
  local kind = type(value)
  if kind == "table" then
    local parts = {}
    for name, item in pairs(value) do
      table.insert(parts, string.format("%q:%s", tostring(name), encode(item)))
    end
    table.sort(parts)
    return "{" .. table.concat(parts, ",") .. "}"
  elseif kind == "boolean" then
    return tostring(value)
  elseif kind == "number" and value == math.floor(value) then
    return string.format("%d", value)
  elseif kind == "number" then
    return string.format("%.6f", value)
  end
  return string.format("%q", tostring(value))
end

local function add_into(total, part)
  for name, count in pairs(part or {}) do
    total[name] = (total[name] or 0) + count
  end
end

function done(summary, latency, requests)
  local report = {
    ok = 0,
    failed = 0,
    statuses = {},
    counters = {},
    unclean_threads = 0,
    threads = #threads,
  }
  local first, last
  for _, thread in ipairs(threads) do
    report.ok = report.ok + thread:get("ok")
    report.failed = report.failed + thread:get("failed")
    add_into(report.statuses, thread:get("statuses"))
    add_into(report.counters, thread:get("counters"))
    if not thread:get("soft_stopped") then
      report.unclean_threads = report.unclean_threads + 1
    end
    local thread_first = thread:get("first_request")
    local thread_last = thread:get("last_response")
    if thread_first > 0 and (not first or thread_first < first) then
      first = thread_first
    end
    if not last or thread_last > last then
      last = thread_last
    end
  end
  report.requests = report.ok + report.failed
  report.elapsed_s = (first and last and last > first) and (last - first) or 0
  report.wrk_requests = summary.requests
  report.socket_errors = {
    connect = summary.errors.connect,
    read = summary.errors.read,
    write = summary.errors.write,
    timeout = summary.errors.timeout,
  }
  report.latency_ms = {
    p50 = latency:percentile(50) / 1000,
    p95 = latency:percentile(95) / 1000,
    p99 = latency:percentile(99) / 1000,
    mean = latency.mean / 1000,
    max = latency.max / 1000,
  }
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  out:write(encode(report), "\n")
  out:close()
end

return bench
