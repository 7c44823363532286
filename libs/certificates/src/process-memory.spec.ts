import { parentPidFromStat, processTreeMemory, procKilobytesField } from './process-memory';

describe('process memory readings', () => {
  it('reads the parent pid even when the command name holds spaces and parentheses', () => {
    expect(parentPidFromStat('4242 (chromium (renderer) x) S 4200 4242 1 0 -1 4194560')).toBe(4200);
    expect(parentPidFromStat('1 (init) S 0 1 1 0')).toBe(0);
  });

  it('reads kB fields in bytes, and nothing when the field is absent', () => {
    expect(procKilobytesField('Name:\tnode\nVmHWM:\t  90000 kB\nVmRSS:\t   81234 kB\nThreads: 11\n', 'VmRSS')).toBe(81234 * 1024);
    expect(procKilobytesField('00400000-7ffd [rollup]\nRss:   5000 kB\nPss:   1234 kB\nPss_Anon:  1000 kB\n', 'Pss')).toBe(1234 * 1024);
    expect(procKilobytesField('Name:\tkthreadd\nThreads: 1\n', 'VmRSS')).toBeUndefined();
  });

  it('measures this process from /proc', async () => {
    const memory = await processTreeMemory(process.pid);
    expect(memory?.processes).toBeGreaterThanOrEqual(1);
    expect(memory?.residentBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(memory?.proportionalBytes).toBeGreaterThan(0);
  });
});
