-- Headless Neovim as an LSP client of the bundled server over stdio, written for Debian's
-- 0.7 (vim.lsp.start_client; vim.lsp.start only exists from 0.8). Writes what it saw to
-- $FPL_OUT: diagnostics.json, actions.json, buffer-after-fix.py, after-fix-diagnostics.json,
-- routes-quickfix.json and code-lenses.json (the README's example, $FPL_ROUTES_LUA);
-- ../nvim.ts checks them. A Lua error under -c would leave nvim waiting: everything runs
-- under pcall and ends with qall!/cquit.
local server = os.getenv('FPL_SERVER')
local file = os.getenv('FPL_FILE')
local root = os.getenv('FPL_ROOT')
local out_dir = os.getenv('FPL_OUT')
local fix_title = os.getenv('FPL_FIX_TITLE')
local want_count = tonumber(os.getenv('FPL_EXPECT_COUNT'))

local function say(s) io.stdout:write(s .. '\n') end
local function write(name, text)
  local f = assert(io.open(out_dir .. '/' .. name, 'w'))
  f:write(text)
  f:close()
end
local function finish(code)
  io.stdout:flush()
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end

-- 0.7 keeps the LSP diagnostic's code and data in user_data.lsp, not its range.
local function lsp_diagnostic(d)
  local lsp = (d.user_data and d.user_data.lsp) or {}
  return vim.tbl_extend('force', lsp, {
    range = { start = { line = d.lnum, character = d.col }, ['end'] = { line = d.end_lnum, character = d.end_col } },
    message = d.message, severity = d.severity, source = d.source, code = lsp.code or d.code,
  })
end

local function diagnostics(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local l = lsp_diagnostic(d)
    table.insert(list, { code = l.code, line = d.lnum + 1, column = d.col + 1, message = d.message, severity = d.severity, source = d.source })
  end
  return list
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'python' -- -u NONE: no filetype detection
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'fastapi-perf-lint',
    cmd = { 'node', server, '--stdio' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
  })
  if not client_id then say('FAIL: the server did not start'); return finish(2) end
  vim.lsp.buf_attach_client(buf, client_id)
  local v = vim.fn.api_info().version
  say('nvim ' .. v.major .. '.' .. v.minor .. '.' .. v.patch)

  -- The server publishes again once the workspace index is built: wait for the full set.
  local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) >= want_count end, 50)
  local diags = diagnostics(buf)
  write('diagnostics.json', vim.fn.json_encode(diags))
  say('diagnostics: ' .. #diags .. ' (want ' .. want_count .. ')')
  if not got then say('FAIL: not all diagnostics within 30 s') end

  -- The FPL101 quick fix through textDocument/codeAction.
  local target
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if lsp_diagnostic(d).code == 'FPL101' then target = d end
  end
  if not target then say('FAIL: no FPL101 diagnostic'); write('actions.json', '[]'); return finish(3) end
  local ld = lsp_diagnostic(target)
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf), range = ld.range, context = { diagnostics = { ld } } }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
  local titles, applied = {}, false
  for _, r in pairs(res) do
    for _, action in ipairs(r.result or {}) do
      table.insert(titles, action.title)
      if action.title == fix_title and action.edit and not applied then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
        applied = true
      end
    end
  end
  write('actions.json', vim.fn.json_encode(titles))
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  write('buffer-after-fix.py', table.concat(lines, '\n') .. (vim.bo.eol and '\n' or ''))
  say('actions: ' .. table.concat(titles, ' | ') .. (applied and ' (applied the fix)' or ' (fix not found)'))

  -- The edit reaches the server (didChange), which drops the finding.
  vim.wait(15000, function()
    for _, d in ipairs(diagnostics(buf)) do
      if d.code == 'FPL101' then return false end
    end
    return true
  end, 50)
  write('after-fix-diagnostics.json', vim.fn.json_encode(diagnostics(buf)))

  -- The README's Neovim example: :FastapiRoutes fills the quickfix list, code lenses show.
  vim.cmd('luafile ' .. vim.fn.fnameescape(os.getenv('FPL_ROUTES_LUA')))
  vim.cmd('FastapiRoutes')
  vim.wait(15000, function() return #vim.fn.getqflist() > 0 end, 50)
  local qf = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(qf, { file = vim.api.nvim_buf_get_name(item.bufnr), line = item.lnum, text = item.text })
  end
  write('routes-quickfix.json', vim.fn.json_encode(qf))
  vim.cmd('cclose') -- back to the Python buffer: refresh() asks for the current one
  vim.lsp.codelens.refresh()
  vim.wait(15000, function() return #(vim.lsp.codelens.get(buf) or {}) > 0 end, 50)
  local lenses = {}
  for _, l in ipairs(vim.lsp.codelens.get(buf) or {}) do
    table.insert(lenses, { line = l.range.start.line + 1, title = l.command and l.command.title or '' })
  end
  write('code-lenses.json', vim.fn.json_encode(lenses))
  say('routes: ' .. #qf .. ' in the quickfix list, ' .. #lenses .. ' code lenses')

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
  return finish(0)
end

local ok, err = pcall(main)
if not ok then
  say('FAIL: ' .. tostring(err))
  finish(5)
end
