-- wrk script for bench/search: each request the next query of a fixed mix, as readers type them: rare names, common
-- words, two words, a phrase, a filtered search and a miss. QUERY_SET picks one group ("all" for the mix).
local queries = {
  rare = { "Salvere", "Skovhavn", "Kastellos", "Hartwig" },
  common = { "harbour", "government", "council", "energy" },
  words = { "wind farm", "cruise passengers", "bond investors", "school budget" },
  phrase = { "%22energy%20security%22", "%22container%20shipping%22" },
  filtered = { "harbour&section=europe", "energy&from=2026-01-01&to=2026-06-30" },
  miss = { "zeppelin", "quixotic%20xylophone" },
}
local list = {}
local counter = 0

function init(args)
  local set = args[1] or "all"
  for name, group in pairs(queries) do
    if set == "all" or set == name then
      for _, q in ipairs(group) do table.insert(list, q) end
    end
  end
  table.sort(list)
  counter = math.random(#list)
end

function request()
  counter = counter + 1
  local q = list[(counter % #list) + 1]
  return wrk.format("GET", "/api/v1/search?limit=20&q=" .. q:gsub(" ", "%%20"))
end
