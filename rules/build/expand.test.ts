import { describe, expect, it } from 'vitest';
import { expandTemplate } from './expand.ts';

describe('expected annotation rendering', () => {
  it('fills labels and the value rendering', () => {
    expect(
      expandTemplate(
        '{{ $value | humanizePercentage }} of {{ $labels.job }} on {{$labels.instance}}',
        { job: 'api', instance: 'a:1' },
        '10%',
        'X',
      ),
    ).toBe('10% of api on a:1');
  });

  it('refuses what it cannot predict, naming the alert', () => {
    expect(() => expandTemplate('{{ $labels.route }}', {}, undefined, 'ApiX')).toThrow(
      /ApiX: annotation uses \$labels.route/,
    );
    expect(() => expandTemplate('{{ $value }}', {}, undefined, 'ApiX')).toThrow(
      /ApiX: annotation uses \$value/,
    );
    expect(() => expandTemplate('{{ range . }}', {}, undefined, 'ApiX')).toThrow(/unsupported template/);
  });
});
