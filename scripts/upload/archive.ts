/**
 * What `hs project upload` sends to HubSpot, assembled by the HubSpot CLI's own code, offline.
 *
 * `archiveProject` calls the functions `handleProjectUpload` (@hubspot/cli lib/projects/upload.js) calls, in the
 * same order, up to the finished zip:
 *   validateSourceDirectory → validateNoHSMetaMismatch → findAndParsePackageJsonFiles →
 *   collectWorkspaceDirectories → collectFileDependencies → getPackageJsonPathsToUpdate /
 *   getLockfilePathsToUpdate → archive srcDir through the ignore rules → archiveWorkspacesAndDependencies → zip.
 * Replicated, not called: the srcDir filter (an inline closure in handleProjectUpload: skip the package.json and
 * lock files the CLI rewrites, then `shouldIgnoreFile(name, true)`). Skipped: the lint-config warning and the npm
 * audit (both only advise; the audit needs the network) and everything after the zip (it talks to HubSpot).
 *
 * The ignore rules resolve archive names against the working directory and drop any path with a hidden
 * segment, so run this from a directory without one (the verify script runs in a fresh temp directory).
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { validateNoHSMetaMismatch, validateSourceDirectory } from '@hubspot/cli/lib/projects/upload.js';
import {
  archiveWorkspacesAndDependencies,
  getLockfilePathsToUpdate,
  getPackageJsonPathsToUpdate,
} from '@hubspot/cli/lib/projects/workspaces.js';
import { shouldIgnoreFile } from '@hubspot/local-dev-lib/ignoreRules';
import {
  collectFileDependencies,
  collectWorkspaceDirectories,
  findAndParsePackageJsonFiles,
} from '@hubspot/project-parsing-lib/workspaces';

/** The part of `archiver`'s API the CLI's flow uses; it is the CLI's own dependency, loaded from the CLI's folder. */
type ArchiveEntry = { name: string };
type Archive = {
  pipe(stream: NodeJS.WritableStream): void;
  directory(dir: string, dest: string | false, filter: (entry: ArchiveEntry) => ArchiveEntry | false): void;
  finalize(): Promise<void>;
  on(event: 'error' | 'warning', listener: (error: Error) => void): void;
  pointer(): number;
};
const requireFromCli = createRequire(createRequire(import.meta.url).resolve('@hubspot/cli/package.json'));
const archiver: (format: 'zip') => Archive = requireFromCli('archiver');

export const ZHsProject = z.object({
  name: z.string().min(1),
  srcDir: z.string().min(1),
  platformVersion: z.string(),
});
export type HsProject = z.infer<typeof ZHsProject>;

export async function readHsProject(projectDir: string): Promise<HsProject> {
  const raw: unknown = JSON.parse(await readFile(join(projectDir, 'hsproject.json'), 'utf8'));
  return ZHsProject.parse(raw);
}

export type ArchiveReport = {
  zipPath: string;
  bytes: number;
  /** workspace folders the CLI copies into the archive from outside srcDir */
  externalWorkspaces: string[];
};

/** Writes the zip `hs project upload` would upload for the project in `projectDir` (the folder of hsproject.json). */
export async function archiveProject(projectDir: string, zipPath: string): Promise<ArchiveReport> {
  const projectConfig = await readHsProject(projectDir);
  const srcDir = resolve(projectDir, projectConfig.srcDir);
  await validateSourceDirectory(srcDir, projectConfig, projectDir);
  await validateNoHSMetaMismatch(srcDir, projectConfig);

  // 2025.2 and later bundle npm workspaces and file: dependencies (the CLI skips this for legacy projects).
  const parsedPackageJsons = await findAndParsePackageJsonFiles(srcDir);
  const workspaceMappings = await collectWorkspaceDirectories(parsedPackageJsons);
  const fileDependencyMappings = await collectFileDependencies(parsedPackageJsons);

  const output = createWriteStream(zipPath);
  const closed = new Promise<void>((done, fail) => {
    output.on('close', () => done());
    output.on('error', fail);
  });
  const archive = archiver('zip');
  const failed = new Promise<never>((_, fail) => archive.on('error', fail));
  archive.pipe(output);
  const rewrittenPackageJsons = getPackageJsonPathsToUpdate(
    srcDir,
    workspaceMappings,
    fileDependencyMappings,
  );
  const rewrittenLockfiles = getLockfilePathsToUpdate(srcDir, workspaceMappings, fileDependencyMappings);
  archive.directory(srcDir, false, (file) => {
    if (rewrittenPackageJsons.has(file.name) || rewrittenLockfiles.has(file.name)) return false;
    return shouldIgnoreFile(file.name, true) ? false : file;
  });
  await archiveWorkspacesAndDependencies(archive, srcDir, workspaceMappings, fileDependencyMappings);
  await Promise.race([Promise.all([archive.finalize(), closed]), failed]);

  const external = workspaceMappings
    .map((m) => m.workspaceDir)
    .filter((dir) => !resolve(dir).startsWith(`${srcDir}/`));
  return { zipPath, bytes: archive.pointer(), externalWorkspaces: [...new Set(external)].sort() };
}
