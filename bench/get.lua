-- wrk script: GET one of 100 notes the script run created before, in turn.
local counter = 0
function request()
  counter = counter + 1
  return wrk.format("GET", "/notes/r" .. (counter % 100))
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("non-2xx-or-3xx=%d connect=%d read=%d write=%d timeout=%d\n",
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
