/**
 * `npm run bench [-- name ...]`: runs every test/bench/*.bench.ts (or those whose name starts with a given
 * word), each in a FRESH process so one bench's memory figures never include what an earlier one left behind,
 * one after the other, and rewrites BENCHMARKS.md with their sections and the machine they ran on.
 * Benchmarks measure; unit tests never time anything.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchResult = { title: string; markdown: string; ok: boolean };

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const self = fileURLToPath(import.meta.url);

/** Child mode: `run.ts --one <file> --out <json>` runs one bench and writes its result. */
const oneIndex = process.argv.indexOf('--one');
if (oneIndex >= 0) {
  const file = process.argv[oneIndex + 1] ?? '';
  const out = process.argv[process.argv.indexOf('--out') + 1] ?? '';
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as {
    default: () => Promise<BenchResult>;
  };
  const result = await mod.default();
  await writeFile(out, JSON.stringify(result));
  process.exit(0);
}

const runInChild = (file: string, out: string): Promise<number> =>
  new Promise((resolve) => {
    // Same Node, same loader flags (tsx) and NODE_OPTIONS as this process.
    const child = spawn(process.execPath, [...process.execArgv, self, '--one', file, '--out', out], {
      cwd: root,
      stdio: 'inherit',
    });
    child.on('exit', (code) => resolve(code ?? 1));
  });

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
  `- Node: ${process.version}, NODE_OPTIONS=${process.env.NODE_OPTIONS ?? '(none)'}`,
  `- Date: ${new Date().toISOString().slice(0, 10)}; load average at start ${os.loadavg()[0]?.toFixed(2)}`,
].join('\n');

const scratch = await mkdtemp(path.join(os.tmpdir(), 'pulse-bench-'));
const sections: string[] = [];
let failed = 0;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const started = performance.now();
  const out = path.join(scratch, `${file}.json`);
  const code = await runInChild(file, out);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (code !== 0) {
    failed += 1;
    console.error(`✘ ${file} crashed (exit ${code})`);
    sections.push(
      `## ${file}\n\n**Crashed** (exit ${code}); see the console output of \`npm run bench -- ${file.replace('.bench.ts', '')}\`.`,
    );
    continue;
  }
  const result = JSON.parse(await readFile(out, 'utf8')) as BenchResult;
  console.log(result.markdown);
  console.log(`${result.ok ? '✔ targets met' : '✘ target MISSED'} (${seconds} s)`);
  if (!result.ok) failed += 1;
  sections.push(
    `## ${result.title}\n\n${result.markdown.trim()}\n\nTargets: ${result.ok ? 'met' : '**missed**'}.`,
  );
}
await rm(scratch, { recursive: true, force: true });

if (wanted.length === 0) {
  const doc = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (do not edit by hand; rerun it). Each benchmark runs in a fresh process. Targets',
    'come from the issues; figures are from one run on the machine below. Compare figures as ratios within one run,',
    'not across machines.',
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
