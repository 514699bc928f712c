import { describe, expect, it } from 'vitest';
import {
  envValue,
  ifEnv,
  renderSwarmTemplate,
  templateVariables,
  unsupportedActions,
} from './swarm-template.ts';

describe('Swarm config templates', () => {
  const template = [
    `host: '${envValue('SMTP_HOST')}'`,
    `hooks: ${ifEnv('HOOK_URL', `[{ url: '${envValue('HOOK_URL')}' }]`, '[]')}`,
    '',
  ].join('\n');

  it('renders env lookups and one-line conditionals as Go templates do', () => {
    expect(
      renderSwarmTemplate(template, { SMTP_HOST: 'smtp.test:587', HOOK_URL: 'https://hc.test/a?b=1&c=2' }),
    ).toBe("host: 'smtp.test:587'\nhooks: [{ url: 'https://hc.test/a?b=1&c=2' }]\n");
    // Unset and empty are alike: "" for a lookup, the else branch for a condition.
    expect(renderSwarmTemplate(template, { HOOK_URL: '' })).toBe("host: ''\nhooks: []\n");
  });

  it('lists the variables read and refuses any other action', () => {
    expect(templateVariables(template)).toEqual(['HOOK_URL', 'SMTP_HOST']);
    expect(unsupportedActions(template)).toEqual([]);
    expect(unsupportedActions(`a: {{ .Service.Name }}\nb: {{ range . }}{{ end }}`)).toEqual([
      '{{ .Service.Name }}',
      '{{ range . }}',
      '{{ end }}',
    ]);
  });
});
