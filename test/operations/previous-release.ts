import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/server-process.js';

/**
 * The release before this one: the commit the last shipped release was built from. The rolling-upgrade test runs it
 * beside the current tree on one PostgreSQL database, because during a rolling upgrade exactly these two share it.
 *
 * On every release, set `commit` to the commit the release just shipped was built from (the last one that passed CI),
 * and `lastMigration` to the last migration it knows (its `src/storage/migrate.ts`). The test then holds the next
 * release's migrations to the expand-only rule against it.
 */
export const PREVIOUS_RELEASE = {
  commit: 'acf87c968d95bf2bb6661ff8e4b45000fbe0ac28',
  lastMigration: '0044-erased-people',
} as const;

export interface ReleaseBuild {
  /** The release's own tree: its sources, its `dist/` and a link to this checkout's `node_modules`. */
  dir: string;
  /** Its `bin/casedesk.js`, as `npx casedesk` runs it. */
  cli: string;
  /** Milliseconds the materialising and building took; 0 when a build of this commit was already there. */
  buildMs: number;
}

function git(args: string[], input?: Buffer): Buffer {
  return execFileSync('git', args, { cwd: repoRoot, maxBuffer: 256 * 1024 * 1024, stdio: ['pipe', 'pipe', 'pipe'], input });
}

/**
 * The previous release's server, built from this clone's history without the network: `git archive` of the commit,
 * this checkout's `node_modules` linked in, its own `tsc -p tsconfig.build.json`. The build is kept in the temporary
 * folder under the commit's name (and the checkout's), so later runs on the same machine start at once.
 */
export function buildPreviousRelease(release: { commit: string } = PREVIOUS_RELEASE): ReleaseBuild {
  // One build per checkout: the build links to the checkout's node_modules, which another checkout may not outlive.
  const checkout = createHash('sha256').update(repoRoot).digest('hex').slice(0, 12);
  const dir = path.join(os.tmpdir(), `casedesk-release-${release.commit}-${checkout}`);
  const cli = path.join(dir, 'bin/casedesk.js');
  const builtMarker = path.join(dir, '.built');
  if (fs.existsSync(builtMarker)) return { dir, cli, buildMs: 0 };

  try {
    git(['cat-file', '-e', `${release.commit}^{commit}`]);
  } catch {
    throw new Error(
      `The previous release's commit ${release.commit} is not in this clone: the clone lacks history (a shallow clone, ` +
        `or a copy without .git). The rolling-upgrade test builds that release from git; clone the repository with its ` +
        `history (no --depth), or run \`git fetch --unshallow\`.`,
    );
  }

  const started = Date.now();
  const staging = `${dir}.${process.pid}.${Date.now()}`;
  fs.mkdirSync(staging, { recursive: true });
  try {
    const archive = git(['archive', '--format=tar', release.commit, 'bin', 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json']);
    execFileSync('tar', ['-x', '-C', staging], { input: archive, maxBuffer: 64 * 1024 * 1024 });
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
    const missing = missingDependencies(staging);
    if (missing.length > 0) {
      throw new Error(
        `The previous release (${release.commit}) needs packages this checkout's node_modules lacks: ${missing.join(', ')}. ` +
          `Keep them installed while the previous release may still run beside this one, or install them into the ` +
          `release's own folder.`,
      );
    }
    // Emit only: the release was type-checked when it shipped, and checking it again against this checkout's type
    // packages would test those, not the release; emitting takes a third of the time.
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck'], {
      cwd: staging,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    fs.writeFileSync(path.join(staging, '.built'), `${release.commit}\n`);
    try {
      fs.renameSync(staging, dir);
    } catch (error) {
      // Another test run built it meanwhile: use theirs.
      if (!fs.existsSync(builtMarker)) throw error;
      fs.rmSync(staging, { recursive: true, force: true });
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  return { dir, cli, buildMs: Date.now() - started };
}

/** The release's runtime dependencies that the linked node_modules does not hold. */
function missingDependencies(releaseDir: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(releaseDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {}).filter(
    (name) => !fs.existsSync(path.join(releaseDir, 'node_modules', name, 'package.json')),
  );
}
