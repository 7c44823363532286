import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { WitnessedCheckpoint, WitnessState } from './witness';

const hasCode = (error: unknown, code: string): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

/** The witness's memory in one JSON file, replaced atomically (written aside, then renamed) on every cosignature. */
export class FileWitnessState implements WitnessState {
  constructor(private readonly path: string) {}

  private async all(): Promise<Record<string, WitnessedCheckpoint>> {
    try {
      return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, WitnessedCheckpoint>;
    } catch (error) {
      if (hasCode(error, 'ENOENT')) return {};
      throw error;
    }
  }

  async load(origin: string): Promise<WitnessedCheckpoint | null> {
    return (await this.all())[origin] ?? null;
  }

  async save(origin: string, checkpoint: WitnessedCheckpoint): Promise<void> {
    const state = { ...(await this.all()), [origin]: checkpoint };
    await mkdir(dirname(this.path), { recursive: true });
    const draft = `${this.path}.${process.pid}.tmp`;
    await writeFile(draft, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600, flush: true });
    await rename(draft, this.path);
  }
}
