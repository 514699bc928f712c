import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeGenerated } from '../../lib/generated.ts';
import { rulesFiles } from '../generate.ts';
import type { RulesModel } from './model.ts';

/** Writes what the generator produces for the model into a scratch tree, runs `use`, removes it. */
export async function withRendered<T>(model: RulesModel, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'porttrack-rules-'));
  try {
    await writeGenerated(rulesFiles(model.files), dir);
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
