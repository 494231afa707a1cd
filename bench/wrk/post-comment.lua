-- wrk script: every request posts a new comment from a new commenter with a new text to one article, through the
-- public JSON API. Counts answers by status so bench/run can compare them with what the database stored.
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  article = args[1]
  counter = 0
  -- Unique across threads (id) and across runs (the start time), so no post repeats an earlier one.
  run = os.time()
  created = 0
  refused = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local who = run .. "-" .. id .. "-" .. counter
  local body = string.format(
    '{"comment":"Reader %s writes: the quay repairs were promised three winters ago and the figures still do not add up.","name":"Bench Reader %s","email":"bench-%s@bench.example"}',
    who, who, who)
  return wrk.format(nil, "/api/v1/articles/" .. article .. "/comments", nil, body)
end

function response(status, headers, body)
  if status >= 200 and status < 400 then created = created + 1 else refused = refused + 1 end
end

function done(summary, latency, requests)
  local c, r = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    r = r + t:get("refused")
  end
  io.write(string.format("ACKNOWLEDGED %d\nREFUSED %d\n", c, r))
end
