import { describe, expect, it } from 'vitest';
import { renderDemoPage } from '../../src/server/demo/page.js';

describe('demo page', () => {
  it('renders the sign-in form when signed out', () => {
    const page = renderDemoPage({
      user: null,
      users: ['alice', 'bob', 'carol'],
      error: 'Wrong <b>password</b>',
    });
    expect(page).toContain('<form method="post" action="/auth/login">');
    expect(page).toContain('<option value="carol">carol</option>');
    expect(page).toContain('Wrong &lt;b&gt;password&lt;/b&gt;');
  });

  it('escapes hostile device metadata', () => {
    const now = Date.now();
    const page = renderDemoPage({
      users: [],
      user: {
        userId: 'alice',
        sessionId: 's1',
        csrfToken: 'k1.abc',
        devices: [
          {
            id: 's1',
            createdAt: now,
            lastSeenAt: now,
            idleExpiresAt: now,
            absoluteExpiresAt: now,
            current: true,
            userAgent: 'Firefox',
          },
          {
            id: 's2"><script>alert(1)</script>',
            createdAt: now,
            lastSeenAt: now,
            idleExpiresAt: now,
            absoluteExpiresAt: now,
            current: false,
            ip: '10.0.0.1',
            userAgent: '<img src=x onerror=alert(1)>',
          },
        ],
      },
    });
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('this device');
    expect(page.match(/<script>/g)).toHaveLength(1);
  });
});
