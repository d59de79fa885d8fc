import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../bench-options.js';

describe('parseBenchOptions', () => {
  it('defaults to the issue workload: 20k users, a 100k-member group in batches of 100, concurrency 16', () => {
    const o = parseBenchOptions([]);
    expect(o.quick).toBe(false);
    expect(o.users).toBe(20_000);
    expect(o.groupMembers).toBe(100_000);
    expect(o.patchBatch).toBe(100);
    expect(o.concurrency).toBe(16);
    // Bulk creates what the group needs beyond the POSTed (and warm-up) users.
    expect(o.bulkUsers).toBe(100_000 - 20_000 - o.warmup);
  });

  it('shrinks everything with --quick', () => {
    const o = parseBenchOptions(['--quick']);
    expect(o.quick).toBe(true);
    expect(o.users).toBeLessThan(20_000);
    expect(o.groupMembers).toBeLessThan(100_000);
  });

  it('takes sizes from flags over BENCH_* variables', () => {
    const o = parseBenchOptions(['--users', '500'], { BENCH_USERS: '900', BENCH_GROUP_MEMBERS: '3000', BENCH_QUICK: '1' });
    expect(o.users).toBe(500);
    expect(o.groupMembers).toBe(3000);
    expect(o.quick).toBe(true);
  });

  it('keeps at least 1000 Bulk users when the group needs none beyond the POSTed ones', () => {
    expect(parseBenchOptions(['--users', '5000', '--group-members', '1000', '--warmup', '0']).bulkUsers).toBe(1000);
    expect(parseBenchOptions(['--bulk-users', '7']).bulkUsers).toBe(7);
    expect(parseBenchOptions(['--bulk-users', '0']).bulkUsers).toBe(0);
  });

  it('names the bad flag or variable', () => {
    expect(() => parseBenchOptions(['--users', 'many'])).toThrow(/--users must be a positive integer; got "many"/);
    expect(() => parseBenchOptions([], { BENCH_CONCURRENCY: '0' })).toThrow(/BENCH_CONCURRENCY/);
    expect(() => parseBenchOptions(['--no-such-flag'])).toThrow();
    expect(() => parseBenchOptions(['--users', '0'])).toThrow(/--users must be a positive integer/);
  });

  it('lets a phase be skipped with a size of 0', () => {
    const o = parseBenchOptions(['--lookups', '0', '--puts', '0', '--group-members', '0', '--page-requests', '0']);
    expect([o.lookups, o.puts, o.groupMembers, o.pageRequests]).toEqual([0, 0, 0, 0]);
  });

  it('passes the server switches through', () => {
    const o = parseBenchOptions(['--server-cpu-prof', '--server-log-level', 'warn', '--skip-floor', '--server-node-arg=--max-old-space-size=200', '--server-node-arg=--trace-gc']);
    expect(o.serverNodeArgs).toEqual(['--max-old-space-size=200', '--trace-gc']);
    expect(o.serverCpuProf).toBe(true);
    expect(o.serverLogLevel).toBe('warn');
    expect(o.skipFloor).toBe(true);
  });
});
