// The demo page's stylesheet: system fonts only (no network), readable in light and dark mode.
export const DEMO_CSS = `
:root { color-scheme: light dark; --fg: #1d2430; --muted: #5b6575; --bg: #f6f7f9; --card: #fff;
  --line: #dde1e7; --accent: #2f5bd3; --danger: #b42318; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e9ef; --muted: #9aa3b2; --bg: #14171c;
  --card: #1c2027; --line: #2c323c; --accent: #7ea2ff; --danger: #ff8a80; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
main { max-width: 960px; margin: 0 auto; padding: 32px 20px 64px; }
header { display: flex; align-items: baseline; justify-content: space-between; gap: 16px; }
h1 { font-size: 26px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 0 0 12px; }
.tagline { color: var(--muted); margin: 0 0 24px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 20px;
  margin-bottom: 20px; }
label { display: block; font-weight: 600; margin: 12px 0 4px; }
input, select { font: inherit; padding: 8px 10px; border: 1px solid var(--line); border-radius: 6px;
  width: 100%; max-width: 320px; background: var(--bg); color: var(--fg); }
button { font: inherit; padding: 7px 14px; border-radius: 6px; border: 1px solid var(--accent);
  background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: transparent; color: var(--accent); }
button.danger { border-color: var(--danger); background: transparent; color: var(--danger); }
.actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 12px; }
table { width: 100%; border-collapse: collapse; font-size: 14px; }
th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; }
td.device { max-width: 320px; overflow-wrap: anywhere; }
.badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 999px;
  background: var(--accent); color: #fff; }
code, pre { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 10px;
  overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.muted { color: var(--muted); } .error { color: var(--danger); min-height: 1.5em; }
`;
