// `coatcheck serve` restarts itself in place with the service's V8 flags: the PID the test spawned
// serves, and its command line (/proc) now carries the flags; an operator's own value of a flag
// wins, and COATCHECK_NODE_FLAGS=off or an open inspector runs it as started.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingServiceFlags, SERVICE_NODE_FLAGS } from '../../src/cli/service-node-flags.js';
import { startServiceProcess } from '../helpers/service-process.js';

const commandLine = (pid: number): string[] =>
  readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);

describe('the service Node flags', () => {
  it('are added unless the operator gave the same flag, in any spelling or value', () => {
    expect(missingServiceFlags([])).toEqual(SERVICE_NODE_FLAGS);
    expect(missingServiceFlags(['--min_semi_space_size=4', '--memory-reducer'])).toEqual([]);
    expect(missingServiceFlags(['--max-old-space-size=512', '--no-memory-reducer'])).toEqual([
      '--min-semi-space-size=16',
    ]);
  });

  it('coatcheck serve restarts in place with them: the process that serves was started with them', async () => {
    const service = await startServiceProcess();
    try {
      const argv = commandLine(service.pid);
      expect(argv.slice(1, 3)).toEqual(SERVICE_NODE_FLAGS);
      expect(argv).toContain('serve');
      expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
    } finally {
      await service.stop();
    }
    expect(await service.exited).toBe(0);
  });

  it("keeps the operator's value; COATCHECK_NODE_FLAGS=off or an open inspector adds nothing", async () => {
    const own = await startServiceProcess([], {}, ['--min-semi-space-size=4']);
    const off = await startServiceProcess([], { COATCHECK_NODE_FLAGS: 'off' });
    const debugged = await startServiceProcess([], {}, ['--inspect=127.0.0.1:0']);
    try {
      const ownArgv = commandLine(own.pid);
      expect(ownArgv).toContain('--min-semi-space-size=4');
      expect(ownArgv).not.toContain('--min-semi-space-size=16');
      expect(ownArgv).toContain('--no-memory-reducer');
      for (const flag of SERVICE_NODE_FLAGS) expect(commandLine(off.pid)).not.toContain(flag);
      // A restart would drop an attached debugger and print a second URL.
      for (const flag of SERVICE_NODE_FLAGS) expect(commandLine(debugged.pid)).not.toContain(flag);
      expect(debugged.output().match(/Debugger listening on/g)).toHaveLength(1);
    } finally {
      await Promise.all([own.stop(), off.stop(), debugged.stop()]);
    }
  });
});
