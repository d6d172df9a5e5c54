-- wrk script: PUT a 1 KiB JSON note to a new id on every request.
-- Ids are "<prefix>-<thread>-<n>", so two runs with different prefixes never collide.
local prefix = os.getenv("ID_PREFIX") or "w"
local text = string.rep("x", 1000)
local body = '{"title":"bench","text":"' .. text .. '"}'
local counter = 0
thread_id = 0 -- set per thread by setup()
local threads_made = 0

function setup(thread)
  threads_made = threads_made + 1
  thread:set("thread_id", threads_made)
end

function request()
  counter = counter + 1
  local path = "/notes/" .. prefix .. "-" .. thread_id .. "-" .. counter
  return wrk.format("PUT", path, {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("non-2xx-or-3xx=%d connect=%d read=%d write=%d timeout=%d\n",
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
