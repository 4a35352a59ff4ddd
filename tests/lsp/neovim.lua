-- Drives `notebook lsp` with Neovim's built-in LSP client (Debian's Neovim,
-- 0.7 or later), headless: a client nobody here wrote. Run by
-- tests/t0851-lsp-neovim.sh as
--   nvim --headless -u NONE -c 'luafile neovim.lua' BIN ROOT
-- with the paths in NB_BIN and NB_ROOT. It writes "ok" or the failures to
-- NB_RESULT and quits.
local bin, root, result = os.getenv("NB_BIN"), os.getenv("NB_ROOT"), os.getenv("NB_RESULT")
local failures = {}

local function check(cond, what)
  if not cond then
    table.insert(failures, what)
  end
  return cond
end

local function finish()
  local f = io.open(result, "w")
  if #failures == 0 then
    f:write("ok\n")
  else
    f:write(table.concat(failures, "\n") .. "\n")
  end
  f:close()
  vim.cmd("qa!")
end

local ok, err = pcall(function()
  local id = vim.lsp.start_client({ name = "notebook", cmd = { bin, "lsp" }, root_dir = root })
  check(id ~= nil, "the client did not start")

  -- an entry with a typo in a key of a flow mapping, after accents and an emoji
  vim.cmd("edit " .. vim.fn.fnameescape(root .. "/journal/2026/11/2026-11-20-harrow-vale-meeting.md"))
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, id)
  local got = vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  check(got, "no diagnostics arrived")
  local d = vim.diagnostic.get(buf)
  local line = vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1]
  local at = line:find("meting", 1, true)
  if check(#d == 1, "expected one diagnostic, got " .. vim.inspect(d)) then
    check(d[1].lnum == 3 and d[1].end_lnum == 3, "diagnostic line: " .. vim.inspect(d[1]))
    -- Neovim turns UTF-16 units into byte columns: the accents and the emoji before count
    check(d[1].col == at - 1 and d[1].end_col == at - 1 + 6, "diagnostic columns: " .. vim.inspect(d[1]))
    check(d[1].message:find("did you mean 'meeting'", 1, true) ~= nil, "message: " .. d[1].message)
    check(d[1].severity == vim.diagnostic.severity.ERROR, "severity")
  end

  -- completion after "kind: " on an empty kind line, and after "client: "
  local function complete(row, col)
    vim.api.nvim_win_set_cursor(0, { row, col })
    local params = vim.lsp.util.make_position_params()
    local res = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 10000)
    local items = {}
    for _, r in pairs(res or {}) do
      local list = r.result and (r.result.items or r.result) or {}
      for _, it in ipairs(list) do
        table.insert(items, it)
      end
    end
    return items
  end
  vim.api.nvim_buf_set_lines(buf, 5, 5, false, { "trust: " })
  local items = complete(6, 7)
  local labels = {}
  for _, it in ipairs(items) do table.insert(labels, it.label) end
  check(table.concat(labels, ",") == "healthy,strained,repairing", "completion after trust: " .. vim.inspect(labels))
  vim.api.nvim_buf_set_lines(buf, 5, 6, false, {})
  local kinds = complete(4, 6)
  local found = false
  for _, it in ipairs(kinds) do
    if it.label == "meeting" then found = true end
  end
  check(found, "completion after kind: " .. vim.inspect(kinds))
  items = complete(3, 8)
  found = false
  for _, it in ipairs(items) do
    if it.label == "Harrow & Vale Logistics" and it.textEdit.newText == "harrow-vale" then found = true end
  end
  check(found, "completion after client: " .. vim.inspect(items))

  -- hover on the client id
  vim.api.nvim_win_set_cursor(0, { 3, 10 })
  local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", vim.lsp.util.make_position_params(), 10000)
  local text = ""
  for _, r in pairs(res or {}) do
    if r.result then text = r.result.contents.value end
  end
  check(text:find("**Harrow & Vale Logistics** (`harrow-vale`)", 1, true) == 1, "hover: " .. text)
  check(text:find("last check-in 3 days ago", 1, true) ~= nil, "hover reasons: " .. text)

  -- the quick fix, applied as an editor applies it; the change goes back to the server
  vim.api.nvim_win_set_cursor(0, { 4, at + 1 })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf) }
  res = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", params, 10000)
  local action
  for _, r in pairs(res or {}) do
    if r.result and r.result[1] then action = r.result[1] end
  end
  if check(action ~= nil, "no code action") then
    check(action.title == "change 'meting' to 'meeting'", "action title: " .. action.title)
    vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
    check(vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1] == "kind: meeting  # é 😀",
          "after the fix: " .. vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1])
    got = vim.wait(10000, function() return #vim.diagnostic.get(buf) == 0 end, 50)
    check(got, "the diagnostic stayed after the fix: " .. vim.inspect(vim.diagnostic.get(buf)))
  end
  vim.lsp.stop_client(id)
  vim.wait(5000, function() return vim.lsp.client_is_stopped(id) end, 50)
end)
if not ok then
  table.insert(failures, "error: " .. tostring(err))
end
finish()
