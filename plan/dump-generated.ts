// Run in a child process by snapshot.ts: `tsx plan/dump-generated.ts ROOT OUT.json` imports
// ROOT's own generators (scripts/generated-files.ts, the list `npm run generate` writes) and
// writes the planned files as JSON to OUT.json, writing nothing else.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { plannedFile } from './planned-files.ts';

type Produce = () =>
  Array<{ path: string; content: string }> | Promise<Array<{ path: string; content: string }>>;

const [root, out] = process.argv.slice(2);
if (!root || !out) throw new Error('usage: tsx plan/dump-generated.ts ROOT OUT.json');
const { generatedGroups } = (await import(pathToFileURL(join(root, 'scripts/generated-files.ts')).href)) as {
  generatedGroups: Array<[string, Produce]>;
};
const files: Record<string, string> = {};
for (const [, produce] of generatedGroups)
  for (const file of await produce()) if (plannedFile(file.path)) files[file.path] = file.content;
await writeFile(out, JSON.stringify(files));
