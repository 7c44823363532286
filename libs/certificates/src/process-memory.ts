import { readdir, readFile } from 'node:fs/promises';

/** The parent pid in the text of `/proc/<pid>/stat` (the command name may hold spaces and parentheses). */
export function parentPidFromStat(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const parent = Number(fields[1]);
  return Number.isInteger(parent) ? parent : undefined;
}

/** A `<name>: <n> kB` line of `/proc/<pid>/status` or `smaps_rollup`, in bytes; undefined when absent. */
export function procKilobytesField(text: string, name: 'VmRSS' | 'Pss'): number | undefined {
  const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text);
  return match ? Number(match[1]) * 1024 : undefined;
}

/** Memory of a process and all its descendants (for Chromium: zygotes, renderers, GPU and utility processes). */
export interface ProcessTreeMemory {
  readonly processes: number;
  /** Sum of VmRSS: pages shared between the processes (libraries, shared memory) count once per process. */
  readonly residentBytes: number;
  /** Sum of Pss: shared pages split between their users, so this is the tree's real footprint. */
  readonly proportionalBytes: number | undefined;
}

async function readProcText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function descendantsAndSelf(rootPid: number): Promise<number[]> {
  const childrenOf = new Map<number, number[]>();
  await Promise.all(
    (await readdir('/proc'))
      .filter((entry) => /^\d+$/.test(entry))
      .map(async (entry) => {
        const stat = await readProcText(`/proc/${entry}/stat`);
        const parent = stat === undefined ? undefined : parentPidFromStat(stat);
        if (parent === undefined) return;
        childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)]);
      }),
  );
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index++) tree.push(...(childrenOf.get(tree[index]) ?? []));
  return tree;
}

/** Reads `/proc`; undefined where there is no `/proc` or the process is gone. Costs tens of milliseconds. */
export async function processTreeMemory(rootPid: number): Promise<ProcessTreeMemory | undefined> {
  let tree: number[];
  try {
    tree = await descendantsAndSelf(rootPid);
  } catch {
    return undefined;
  }
  const readings = await Promise.all(
    tree.map(async (pid) => ({
      resident: procKilobytesField((await readProcText(`/proc/${pid}/status`)) ?? '', 'VmRSS'),
      proportional: procKilobytesField((await readProcText(`/proc/${pid}/smaps_rollup`)) ?? '', 'Pss'),
    })),
  );
  if (readings[0].resident === undefined) return undefined;
  const sum = (values: (number | undefined)[]) => values.reduce<number>((total, value) => total + (value ?? 0), 0);
  const proportional = readings.map((reading) => reading.proportional);
  return {
    processes: tree.length,
    residentBytes: sum(readings.map((reading) => reading.resident)),
    proportionalBytes: proportional.every((value) => value === undefined) ? undefined : sum(proportional),
  };
}
