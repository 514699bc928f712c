import { describe, expect, it } from 'vitest';
import { brokenLogql } from './runbooks.ts';

describe('LogQL in runbooks', () => {
  it('finds quoted queries that do not parse, also when wrapped over lines', () => {
    const md =
      'Logs: `{service="api"} | json | level="error"` and\n   `{service="api"} | json |\n   status >= 500` but `{service="api" | json`.';
    expect(brokenLogql(md)).toEqual(['{service="api" | json']);
  });
});
