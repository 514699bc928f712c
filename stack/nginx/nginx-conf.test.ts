import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = import.meta.dirname;
const conf = readFileSync(join(dir, 'nginx.conf'), 'utf8').replace(/#.*$/gm, '');
const include = 'include /etc/nginx/proxy-forwarded.conf;';

/** Every `location ... { ... }` block with its body (nested blocks such as limit_except kept inside). */
function locations(text: string): Array<{ name: string; body: string }> {
  const found: Array<{ name: string; body: string }> = [];
  for (const m of text.matchAll(/location\s+([^{]+)\{/g)) {
    let depth = 1;
    let i = m.index + m[0].length;
    while (depth > 0 && i < text.length) {
      if (text[i] === '{') depth += 1;
      else if (text[i] === '}') depth -= 1;
      i += 1;
    }
    found.push({ name: m[1]!.trim(), body: text.slice(m.index + m[0].length, i - 1) });
  }
  return found;
}

describe('nginx.conf', () => {
  const proxied = locations(conf).filter((l) => l.body.includes('proxy_pass'));

  it('includes the forwarded headers in every proxied location, and sets them nowhere else', () => {
    expect(proxied.length).toBeGreaterThanOrEqual(7);
    expect(proxied.filter((l) => !l.body.includes(include)).map((l) => l.name)).toEqual([]);
    expect(conf).not.toMatch(/proxy_set_header\s+(X-Forwarded-For|X-Real-IP|X-Forwarded-Proto|Host)\b/i);
  });

  it('forwards the TCP peer as the client address, replacing whatever the client claimed', () => {
    const forwarded = readFileSync(join(dir, 'proxy-forwarded.conf'), 'utf8');
    expect(forwarded).toMatch(/^proxy_set_header X-Forwarded-For \$remote_addr;$/m);
    expect(forwarded).toMatch(/^proxy_set_header X-Real-IP \$remote_addr;$/m);
    expect(forwarded).toMatch(/^proxy_set_header X-Forwarded-Proto \$scheme;$/m);
    expect(forwarded).toMatch(/^proxy_set_header Host \$host;$/m);
    expect(forwarded).not.toContain('$proxy_add_x_forwarded_for');
  });

  it('limits the login, Prometheus and Alertmanager per client address, answering 429', () => {
    // The public server's `/` (the in-stack 8080 server's `/` serves only the probes: no zone).
    const zones = (name: string) =>
      proxied.filter((l) => l.name === name).map((l) => l.body.match(/limit_req zone=(\w+)/)?.[1] ?? 'none');
    expect({ api: zones('/'), prometheus: zones('/prometheus/'), alertmanager: zones('/alertmanager/') }).toEqual({
      api: ['none', 'login'],
      prometheus: ['prometheus'],
      alertmanager: ['alertmanager'],
    });
    expect(conf).toMatch(/limit_req_status 429;/);
    // The login zone counts only POST /api/v1/auth/login, by the TCP peer.
    expect(conf).toMatch(/limit_req_zone \$login_client zone=login:/);
    expect(conf).toMatch(/"~\^POST \/api\/v1\/auth\/login\/\?\$" \$binary_remote_addr; default "";/);
  });
});
