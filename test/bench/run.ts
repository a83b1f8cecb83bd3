/**
 * `npm run bench [-- name ...]`: runs every test/bench/*.bench.ts (or the named ones) in one process, one
 * after the other, and rewrites BENCHMARKS.md with their sections and the machine they ran on.
 * Benchmarks measure; unit tests never time anything.
 */
import { readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchResult = { title: string; markdown: string; ok: boolean };

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));

const files = (await readdir(here))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => wanted.length === 0 || wanted.some((w) => name.startsWith(w)))
  .sort();
if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}

const machine = [
  `- CPU: ${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length} cores`,
  `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
  `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
  `- Node: ${process.version}`,
  `- Date: ${new Date().toISOString().slice(0, 10)}`,
].join('\n');

const sections: string[] = [];
let failed = 0;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as { default: () => Promise<BenchResult> };
    const result = await mod.default();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(result.markdown);
    console.log(`${result.ok ? '✔ targets met' : '✘ target MISSED'} (${seconds} s)`);
    if (!result.ok) failed += 1;
    sections.push(`## ${result.title}\n\n${result.markdown.trim()}\n\nTargets: ${result.ok ? 'met' : '**missed**'}.`);
  } catch (error) {
    failed += 1;
    console.error(`✘ ${file} crashed:`, error);
    sections.push(`## ${file}\n\n**Crashed**: ${String(error)}`);
  }
}

if (wanted.length === 0) {
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (do not edit by hand; rerun it). Targets come from the issues; figures are',
    'from one run on the machine below. Compare figures as ratios within one run, not across machines.',
    '',
    '## Machine',
    '',
    machine,
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  await writeFile(path.join(root, 'BENCHMARKS.md'), doc);
  console.log('\nBENCHMARKS.md updated.');
} else {
  console.log('\n(partial run: BENCHMARKS.md not rewritten; run `npm run bench` for the full report)');
}
process.exit(failed > 0 ? 1 : 0);
