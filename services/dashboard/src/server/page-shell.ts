/** The one HTML page; everything else is drawn by the bundled script. */
export function pageShell(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>碳账户 · Carbon account</title>
<link rel="stylesheet" href="/app.css">
</head>
<body>
<div id="app"><p class="state">加载中… Loading…</p></div>
<noscript>本页需要 JavaScript。This page needs JavaScript.</noscript>
<script type="module" src="/app.js"></script>
</body>
</html>
`;
}
