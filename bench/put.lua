-- wrk script: PUT a 1 KiB JSON note to a new id on every request.
-- Ids are "<prefix>-<thread>-<n>", so two runs with different prefixes never collide.
-- Counts 202 answers apart: the gateway's "journaled, no node answered in time" is not a write
-- that a node has applied yet.
local prefix = os.getenv("ID_PREFIX") or "w"
local text = string.rep("x", 1000)
local body = '{"title":"bench","text":"' .. text .. '"}'
local threads = {}
counter = 0
thread_id = 0 -- set per thread by setup()
accepted = 0

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function request()
  counter = counter + 1
  local path = "/notes/" .. prefix .. "-" .. thread_id .. "-" .. counter
  return wrk.format("PUT", path, {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  end
end

function done(summary, latency, requests)
  local errors = summary.errors
  local queued = 0
  for _, thread in ipairs(threads) do
    queued = queued + thread:get("accepted")
  end
  io.write(string.format("non-2xx-or-3xx=%d connect=%d read=%d write=%d timeout=%d\n",
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
  io.write(string.format("answered-202=%d\n", queued))
end
