import { dashboardRef, onJob, thresholds } from '../lib/monitoring/index.ts';
import { alert, ruleFile } from './build/define.ts';
import { input, target } from './build/test-input.ts';

const server = { instance: 'redis:6379' };

export const redisRules = ruleFile(import.meta.url, 'redis', {
  alerts: [
    alert({
      name: 'RedisDown',
      expr: `${onJob('redis', 'redis_up')} == 0`,
      for: thresholds.redis.downFor,
      severity: 'critical',
      service: 'redis',
      summary: 'Redis is unreachable.',
      description: `redis-exporter cannot reach Redis at {{ $labels.instance }}: the latest-position cache and the shared rate limiter are gone, so the API falls back to PostgreSQL for every live map.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'redis'),
      test: {
        firing: [input('redis', 'redis_up', server, '0x20')],
        labels: target('redis', server.instance),
        healthy: [input('redis', 'redis_up', server, '1x20')],
      },
    }),
    alert({
      name: 'RedisMemoryNearLimit',
      expr: `${onJob('redis', 'redis_memory_used_bytes')} / (${onJob('redis', 'redis_memory_max_bytes')} > 0) > ${thresholds.redis.memoryRatio}`,
      for: thresholds.redis.memoryFor,
      severity: 'warning',
      service: 'redis',
      summary: 'Redis is close to its memory limit.',
      description: `Redis at {{ $labels.instance }} uses {{ $value | humanizePercentage }} of maxmemory; past it, keys are evicted or writes refused.`,
      identifiedBy: ['instance'],
      dashboard: dashboardRef('system', 'redis'),
      test: {
        firing: [
          input('redis', 'redis_memory_used_bytes', server, '950000000x20'),
          input('redis', 'redis_memory_max_bytes', server, '1000000000x20'),
        ],
        labels: target('redis', server.instance),
        value: '95%',
        healthy: [
          input('redis', 'redis_memory_used_bytes', server, '100000000x20'),
          input('redis', 'redis_memory_max_bytes', server, '1000000000x20'),
        ],
      },
    }),
  ],
});
