// The demo page's only script: per-device sign-out and the token panel. Requests are same-origin
// fetches carrying the CSRF token from the page's meta tag.
export const DEMO_SCRIPT = `
(() => {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const headers = { 'content-type': 'application/json', 'x-csrf-token': csrf };
  document.querySelectorAll('[data-revoke]').forEach((button) => {
    button.addEventListener('click', async () => {
      const id = button.getAttribute('data-revoke');
      const res = await fetch('/auth/sessions/' + encodeURIComponent(id), { method: 'DELETE', headers });
      if (res.ok) location.reload(); else alert('Could not sign that device out (' + res.status + ')');
    });
  });
  const out = document.getElementById('token-output');
  const refreshButton = document.getElementById('refresh-tokens');
  let refreshToken = null;
  const show = async (res) => {
    const body = await res.json();
    if (!res.ok) { out.textContent = 'Error ' + res.status + ': ' + (body.error ? body.error.code : ''); return; }
    refreshToken = body.refreshToken;
    refreshButton.disabled = false;
    const claims = JSON.parse(atob(body.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    out.textContent = 'Access token claims (expires in ' + body.expiresIn + ' s):\\n' +
      JSON.stringify(claims, null, 2) + '\\n\\nRefresh token: ' + body.refreshToken.slice(0, 12) + '… (kept in this page only)';
  };
  const issue = document.getElementById('issue-tokens');
  if (issue) issue.addEventListener('click', async () => show(await fetch('/auth/tokens', { method: 'POST', headers })));
  if (refreshButton) refreshButton.addEventListener('click', async () => {
    show(await fetch('/auth/refresh', { method: 'POST', headers, body: JSON.stringify({ refreshToken }) }));
  });
})();
`;
