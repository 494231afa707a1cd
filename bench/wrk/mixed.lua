-- wrk script for bench/soak: a mixed day on the site. Of every 20 requests: 14 article pages, 2 front or section
-- pages, 2 searches, 2 new comments (each from a new commenter with a new text, to a random article). Counts the
-- answers by kind and status class; bench/soak reads the totals from done().
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  dofile(args[1]) -- defines ARTICLES = { {id=…, path="…"}, … } and LISTINGS = { "/", "/section/", … }
  counter = 0
  run = os.time()
  ok, redirected, client_errors, server_errors = 0, 0, 0, 0
  words = { "quay", "council", "harbour", "budget", "storm", "ferry", "vote", "school", "bridge", "tide" }
  math.randomseed(run + id)
end

function request()
  counter = counter + 1
  local pick = counter % 20
  if pick < 14 then
    return wrk.format("GET", ARTICLES[math.random(#ARTICLES)].path)
  elseif pick < 16 then
    return wrk.format("GET", LISTINGS[math.random(#LISTINGS)])
  elseif pick < 18 then
    return wrk.format("GET", "/search?q=" .. words[math.random(#words)])
  end
  local who = run .. "-" .. id .. "-" .. counter
  local article = ARTICLES[math.random(#ARTICLES)].id
  local body = string.format(
    '{"comment":"Reader %s writes: the quay repairs were promised three winters ago and the figures still do not add up.","name":"Soak Reader %s","email":"soak-%s@bench.example"}',
    who, who, who)
  return wrk.format("POST", "/api/v1/articles/" .. article .. "/comments", { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status < 300 then ok = ok + 1
  elseif status < 400 then redirected = redirected + 1
  elseif status < 500 then client_errors = client_errors + 1
  else server_errors = server_errors + 1 end
end

function done(summary, latency, requests)
  local o, r, c, s = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok"); r = r + t:get("redirected"); c = c + t:get("client_errors"); s = s + t:get("server_errors")
  end
  io.write(string.format("SOAK ok %d redirected %d client_errors %d server_errors %d socket_errors %d\n",
    o, r, c, s, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
