import { describe, expect, it } from 'vitest';
import { checkLabelContract } from './label-contract.ts';

const problems = (expr: string) => checkLabelContract(expr).problems;

describe('the label contract', () => {
  it('accepts declared values on closed, shaped and open labels', () => {
    const ok = [
      'porttrack_staff_on_shift{job="porttrack-exporters",role="crane_operator"}',
      'porttrack_logins_total{result!="success"}',
      'porttrack_cargo_operations{status=~"planned|in_progress|stalled"}',
      'http_request_duration_seconds_count{status_code=~"5..",method="GET"}',
      'http_request_duration_seconds_count{status_code="418"}',
      'http_request_duration_seconds_bucket{le="0.2"}',
      'porttrack_berth_occupied{berth="ANY-BERTH",instance=~".*"}',
      'porttrack_logins_total{result!=""}',
      'up{job!~"porttrack-api|node-exporter"}',
    ];
    for (const expr of ok) expect(problems(expr), expr).toEqual([]);
  });

  it('counts the matchers it checks against a declared set (open labels and instance are not)', () => {
    expect(
      checkLabelContract('porttrack_staff_on_shift{job="porttrack-exporters",role="pilot"}').checked,
    ).toBe(2);
    expect(checkLabelContract('porttrack_berth_occupied{berth="B1",instance="x"}').checked).toBe(0);
  });

  it('names the metric, the label and the value that is not declared', () => {
    expect(problems('porttrack_staff_on_shift{role="crane_operater"}')).toEqual([
      'porttrack_staff_on_shift: role="crane_operater": value "crane_operater" is not declared (declared: pilot, tug_master, mooring, stevedore, crane_operator, inspector, coordinator)',
    ]);
    expect(problems('porttrack_logins_total{result!="ok"}')[0]).toContain('value "ok" is not declared');
    expect(problems('http_request_duration_seconds_count{status_code=~"6.."}')[0]).toBe(
      'http_request_duration_seconds_count: status_code=~"6..": regex "6.." matches no declared value (declared pattern /^[1-5][0-9][0-9]$/)',
    );
    expect(problems('http_request_duration_seconds_count{status_code="5xx"}')[0]).toContain(
      'value "5xx" is not declared',
    );
    expect(problems('porttrack_cargo_operations{status!~"completed"}')[0]).toContain(
      'regex "completed" matches no declared value',
    );
    expect(problems('http_request_duration_seconds_bucket{le="0.25"}')[0]).toContain('le="0.25"');
  });

  it('anchors regexes as Prometheus does: a partial match selects nothing', () => {
    expect(problems('porttrack_staff_on_shift{role=~"crane"}')).toHaveLength(1);
    expect(problems('porttrack_staff_on_shift{role=~"crane.*"}')).toEqual([]);
  });

  it('checks job against the scrape jobs, and a catalog metric against the job of its service', () => {
    expect(problems('up{job="api"}')[0]).toContain('value "api" is not declared');
    expect(problems('node_load1{job="node-exporter"}')).toEqual([]);
    expect(problems('porttrack_staff_on_shift{job="porttrack-api"}')[0]).toBe(
      'porttrack_staff_on_shift: job="porttrack-api": value "porttrack-api" is not declared (declared: porttrack-exporters)',
    );
    expect(
      problems('porttrack_backup_last_success_timestamp_seconds{job="node-exporter",kind="dump"}'),
    ).toEqual([]);
  });

  it('rejects a label the metric does not have, and a regex that does not compile', () => {
    expect(problems('porttrack_staff_on_shift{rol="pilot"}')[0]).toContain(
      'label rol is not a label of porttrack_staff_on_shift (lib/catalog declares role)',
    );
    expect(problems('porttrack_staff_on_shift{role=~"(pilot"}')[0]).toContain(
      'regex "(pilot" does not compile',
    );
  });

  it('reads the metric from __name__ and leaves third-party labels alone', () => {
    expect(problems('{__name__="porttrack_staff_on_shift",role="captain"}')).toHaveLength(1);
    expect(problems('node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"}')).toEqual([]);
  });
});
