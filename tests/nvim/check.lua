-- End-to-end test of `report-lint lsp` under a real editor client: headless
-- Neovim 0.7 (vim.lsp.start_client + buf_attach_client; 0.7 has no vim.lsp.start).
--
-- Environment (set by run.sh):
--   REPORT_LINT_BIN      path of the report-lint binary
--   REPORT_LINT_REPORT   a writable copy of seed 000 (traditional characters),
--                        whose table 三 numbers two sub-rows of （六）其他处理 "1."
--
-- Prints one line per check and closes with "N passed, N failed"; exits 0 only
-- when every check passed.

local bin = assert(os.getenv("REPORT_LINT_BIN"), "REPORT_LINT_BIN is not set")
local report = assert(os.getenv("REPORT_LINT_REPORT"), "REPORT_LINT_REPORT is not set")
local TIMEOUT_MS = tonumber(os.getenv("REPORT_LINT_TIMEOUT_MS") or "") or 20000

local passed, failed = 0, 0

local function out(line)
  io.stdout:write(line, "\n")
  io.stdout:flush()
end

local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    out("ok - " .. name)
  else
    failed = failed + 1
    out("FAIL - " .. name .. (detail and (": " .. detail) or ""))
  end
  return ok
end

-- Stops the test at the first failed check whose result later steps need.
local Abort = {}
local function require_check(name, ok, detail)
  if not check(name, ok, detail) then
    error(Abort)
  end
end

local function finish()
  out(string.format("%d passed, %d failed", passed, failed))
  if failed > 0 then
    vim.cmd("cquit 1")
  else
    vim.cmd("qall!")
  end
end

-- Counts publishDiagnostics notifications so that "N001 is gone" is judged on
-- a publication that came after the edit, not on a stale or cleared state.
-- The raw LSP diagnostics are kept too: 0.7's vim.diagnostic entries drop the
-- LSP range, which the codeAction context needs verbatim.
local publishes = 0
local last_version = nil
local raw_diagnostics = {}
local default_publish = vim.lsp.handlers["textDocument/publishDiagnostics"]
local handlers = {
  ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
    publishes = publishes + 1
    last_version = result and result.version
    raw_diagnostics = (result and result.diagnostics) or {}
    return default_publish(err, result, ctx, config)
  end,
}

local exit_code = nil
local server_stderr = {}

local function n001(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == "N001" then
      table.insert(found, d)
    end
  end
  return found
end

-- The line (0-based) of the second "1." sub-row under （六）其他处理 in table 三.
-- Traditional text with pinyin debris reads "(六)其他處理 |"; match loosely.
local function second_numbered_one(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local in_other, seen = false, 0
  for i, line in ipairs(lines) do
    if line:find("其他處理", 1, true) or line:find("其他处理", 1, true) then
      if line:find("六", 1, true) then
        in_other, seen = true, 0
      end
    elseif in_other and line:find("七", 1, true) and (line:find("總計", 1, true) or line:find("总计", 1, true)) then
      in_other = false
    elseif in_other and line:match("^1%.") then
      seen = seen + 1
      if seen == 2 then
        return i - 1, line
      end
    end
  end
  return nil, nil
end

-- Drops "(hào)"-style pinyin annotations that some published reports carry.
local function strip_pinyin(line)
  return (line:gsub("%([%a\128-\255]-%)", function(inner)
    if inner:find("[\228-\233]") then
      return nil -- a CJK character inside: real text, keep it
    end
    return ""
  end))
end

local function run()
  local root = vim.fn.fnamemodify(report, ":h")
  local client_id = vim.lsp.start_client({
    name = "report-lint",
    cmd = { bin, "lsp" },
    root_dir = root,
    handlers = handlers,
    on_exit = function(code)
      exit_code = code
    end,
    -- Keep the server's stderr for the failure report.
    on_error = function(code, e)
      table.insert(server_stderr, string.format("client error %s: %s", tostring(code), vim.inspect(e)))
    end,
  })
  require_check("server process starts", client_id ~= nil, "start_client returned nil for " .. bin)

  vim.cmd("edit " .. vim.fn.fnameescape(report))
  local bufnr = vim.api.nvim_get_current_buf()
  -- Some sandboxes make Neovim think a root-owned temp file is read-only.
  vim.bo[bufnr].readonly = false
  vim.lsp.buf_attach_client(bufnr, client_id)

  local initialized = vim.wait(TIMEOUT_MS, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized == true
  end, 50)
  require_check("initialize handshake completes", initialized)
  local client = vim.lsp.get_client_by_id(client_id)
  local caps = client.server_capabilities or client.resolved_capabilities or {}
  check("server advertises code actions", caps.codeActionProvider ~= nil and caps.codeActionProvider ~= false)

  local line_nr, line = second_numbered_one(bufnr)
  require_check("fixture has a second \"1.\" under （六）", line_nr ~= nil)

  local got = vim.wait(TIMEOUT_MS, function()
    return #n001(bufnr) > 0
  end, 50)
  local diags = n001(bufnr)
  require_check("N001 diagnostic is published", got,
    string.format("%d publishes, diagnostics: %s", publishes, vim.inspect(vim.diagnostic.get(bufnr))))
  require_check("exactly one N001 diagnostic", #diags == 1, vim.inspect(diags))
  local diag = diags[1]
  require_check("N001 is on the second \"1.\" line", diag.lnum == line_nr,
    string.format("expected line %d, got %d (%s)", line_nr + 1, diag.lnum + 1, diag.message))
  check("N001 starts at the digit", diag.col == 0, "col " .. tostring(diag.col))
  check("N001 message is non-empty", type(diag.message) == "string" and #diag.message > 0)

  -- Ask for code actions at the diagnostic, passing the original LSP diagnostic.
  local lsp_diag = nil
  for _, d in ipairs(raw_diagnostics) do
    if d.code == "N001" then
      lsp_diag = d
    end
  end
  require_check("raw N001 diagnostic has a range", lsp_diag ~= nil and lsp_diag.range ~= nil, vim.inspect(lsp_diag))
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = lsp_diag.range,
    context = { diagnostics = { lsp_diag } },
  }
  local responses, req_err = vim.lsp.buf_request_sync(bufnr, "textDocument/codeAction", params, TIMEOUT_MS)
  require_check("codeAction request answers", responses ~= nil and responses[client_id] ~= nil, tostring(req_err))
  local response = responses[client_id]
  require_check("codeAction has no error", response.error == nil, vim.inspect(response.error))
  local actions = response.result or {}

  local fix = nil
  for _, action in ipairs(actions) do
    local is_quickfix = action.kind == nil or action.kind == "quickfix" or vim.startswith(action.kind, "quickfix.")
    if type(action.title) == "string" and action.title:find("2", 1, true) and is_quickfix then
      fix = action
      break
    end
  end
  require_check("a quick-fix titled with \"2\" is offered", fix ~= nil,
    "actions: " .. vim.inspect(vim.tbl_map(function(a)
      return { title = a.title, kind = a.kind }
    end, actions)))

  if fix.edit == nil and fix.command == nil and fix.data ~= nil then
    local resolved = client.request_sync("codeAction/resolve", fix, TIMEOUT_MS, bufnr)
    require_check("codeAction/resolve answers", resolved and resolved.result ~= nil, vim.inspect(resolved))
    fix = resolved.result
  end
  require_check("quick-fix carries a workspace edit", fix.edit ~= nil, vim.inspect(fix))

  local before = publishes
  local lines_before = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding or "utf-16")
  if fix.command then
    client.request_sync("workspace/executeCommand", fix.command, TIMEOUT_MS, bufnr)
  end

  local fixed_line = vim.api.nvim_buf_get_lines(bufnr, line_nr, line_nr + 1, false)[1] or ""
  check("edit turns \"1.\" into \"2.\" and keeps the rest",
    fixed_line == "2" .. line:sub(2),
    string.format("before %q, after %q", line, fixed_line))
  check("line now starts with 2.申請人逾期未按收費通知要求繳納費用",
    vim.startswith(strip_pinyin(fixed_line), "2.申請人逾期未按收費通知要求繳納費用"),
    string.format("%q", strip_pinyin(fixed_line)))
  local lines_after = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local others_same = #lines_after == #lines_before
  for i = 1, math.min(#lines_before, #lines_after) do
    if i ~= line_nr + 1 and lines_before[i] ~= lines_after[i] then
      others_same = false
    end
  end
  check("edit changes no other line", others_same)

  local republished = vim.wait(TIMEOUT_MS, function()
    return publishes > before and #n001(bufnr) == 0
  end, 50)
  check("N001 is gone after the fix", republished,
    string.format("%d new publishes, version %s, N001: %s", publishes - before, tostring(last_version),
      vim.inspect(n001(bufnr))))

  -- A clean shutdown: the server must exit by itself after shutdown + exit.
  vim.lsp.stop_client(client_id)
  local exited = vim.wait(TIMEOUT_MS, function()
    return exit_code ~= nil
  end, 50)
  check("server exits after shutdown/exit", exited and exit_code == 0,
    "exit code " .. tostring(exit_code))
end

local ok, err = xpcall(run, debug.traceback)
if not ok and err ~= Abort then
  check("test script runs without error", false, tostring(err))
end
if #server_stderr > 0 then
  out(table.concat(server_stderr, "\n"))
end
finish()
