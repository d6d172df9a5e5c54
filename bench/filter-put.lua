-- wrk script for bench/filter.sh: PUT /notes/<id> with a 1 KiB JSON body.
-- Ids are unique across connections (one counter per wrk thread, shared by its connections),
-- across threads (the thread's number) and across runs and processes (FBENCH_RUN, set by the
-- script to the phase, the port and a timestamp).
local run = os.getenv("FBENCH_RUN") or tostring(os.time())
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  prefix = "/notes/" .. run .. "-" .. thread_no .. "-"
  counter = 0
  local head = '{"title":"bench","text":"'
  local tail = '"}'
  body = head .. string.rep("x", 1024 - #head - #tail) .. tail
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  return wrk.format("PUT", prefix .. counter, headers, body)
end
