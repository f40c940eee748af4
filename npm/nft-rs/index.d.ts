// Types of the npm package `nft-rs`: `nodeFileTrace` with @vercel/nft 1.11.5's
// signature and result. Where nft-rs behaves differently on purpose, the
// comments below say so (search for "Differs").

/** What a `stat` hook returns (a `fs.Stats` is one). */
export interface Stats {
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink?(): boolean;
  size: number;
  [key: string]: unknown;
}

/** The `job` argument of a `resolve` hook: the trace's settings. */
export interface NodeFileTraceJob {
  base: string;
  cwd: string;
  conditions: string[];
  exportsOnly: boolean;
  moduleSyncCatchall: boolean;
  mixedModules: boolean;
  ts: boolean;
  paths: Record<string, string>;
}

export interface NodeFileTraceOptions {
  /** The trace root (default `process.cwd()`): results are relative to it, and
   * files outside it are reached but left out (`ignored` in `reasons`). */
  base?: string;
  /** What the traced code sees as `process.cwd()` (default `base`). */
  processCwd?: string;
  /** Old name of `conditions`. */
  exports?: string[];
  /** Export conditions besides `default` and `require`/`import` (default `['node']`). */
  conditions?: string[];
  /** Resolve packages that have `exports` through `exports` only. Without it,
   * the legacy `main` target is traced too, as @vercel/nft does. */
  exportsOnly?: boolean;
  /** Trace both the `module-sync` target and its fallback, on any Node version.
   *
   * Differs: without it, `module-sync` is followed when the running Node.js loads
   * it (20.19+, 22.12+, 23+); @vercel/nft follows it from Node 22 only, and so
   * misses files Node 20.19+ loads. */
  moduleSyncCatchall?: boolean;
  /** Paths to leave out: picomatch globs relative to `base` (or absolute), or a
   * function of the base-relative path. Entries are never ignored. The function
   * is called once per path per tracer (its answers are remembered). */
  ignore?: string | string[] | ((path: string) => boolean);
  /** `false` follows literal specifiers only; an object turns single analyses off. */
  analysis?:
    | boolean
    | {
        emitGlobs?: boolean;
        computeFileReferences?: boolean;
        evaluatePureExpressions?: boolean;
      };
  /** Any object kept by the caller and passed to later calls (as Next.js does):
   * nft-rs keeps its native tracers (analyses, resolutions, stats) on it, under a
   * non-enumerable symbol key, one per distinct set of options. Calls sharing a
   * tracer run one after the other.
   *
   * Differs: @vercel/nft's `fileCache`/`statCache`/`symlinkCache`/`analysisCache`
   * Maps are not filled in, and Maps put there by the caller are not read. */
  cache?: any;
  /** A bare specifier (or a prefix ending in `/`) to a path, when nothing else resolves it. */
  paths?: Record<string, string>;
  /** Accepted; like @vercel/nft's `nodeFileTrace`, TypeScript files are always traced. */
  ts?: boolean;
  /** Accepted and ignored (@vercel/nft 1.11.5 does not log either). */
  log?: boolean;
  /** Follow `require()` inside ES modules (default `false`, as @vercel/nft). */
  mixedModules?: boolean;
  /** Reads a file: its contents, or `null` when it does not exist. Sync or async.
   *
   * Differs: a file that cannot be read becomes a warning, not a rejected trace.
   * It is asked only about files that exist (a `package.json` is `stat`ed
   * first; @vercel/nft also asks about missing candidates), and also about the
   * `package.json` in scope of each `.js` file, which @vercel/nft only `stat`s
   * (nft-rs learns the file's `"type"` from it). */
  readFile?: (path: string) => Buffer | string | null | Promise<Buffer | string | null>;
  /** Stats a path (following symlinks), or `null` when it does not exist. Sync or async.
   *
   * Differs: nft-rs's resolver also asks about a folder before probing files in
   * it, about paths as written through a symlinked folder, and about
   * `node_modules` folders up to `/`; the tracer asks about the base and the
   * entries. Every existing path @vercel/nft `stat`s is asked about too. */
  stat?: (path: string) => Stats | null | Promise<Stats | null>;
  /** The target of a symlink, or `null` when the path is not one. Sync or async.
   *
   * Differs: asked only about paths that exist (a missing one is a `stat`
   * question), never about the base or the folders above it, and links are
   * resolved from the base down, each folder once, so a path below a link
   * already resolved is not asked about. */
  readlink?: (path: string) => string | null | Promise<string | null>;
  /** Resolves a specifier in place of nft-rs's resolution: absolute file paths
   * (`node:` names are builtins, skipped); a throw or rejection is an unresolved
   * dependency (a warning).
   *
   * A hook may fall back to the exported {@link resolve} with the same `job`.
   *
   * Differs: `job` is a plain object with the trace's settings, not @vercel/nft's
   * `Job`; the `package.json` files that decided a resolution are traced only
   * when the hook returns them (the file's own scope's is always traced). */
  resolve?: (
    id: string,
    parent: string,
    job: NodeFileTraceJob,
    cjsResolve: boolean,
  ) => string | string[] | Promise<string | string[]>;
  /** Accepted and ignored: nft-rs reads files with its own thread pool. */
  fileIOConcurrency?: number;
  /** Files this many edges from an entry are traced but not analysed (default: no limit). */
  depth?: number;
}

export type NodeFileTraceReasonType = 'initial' | 'resolve' | 'dependency' | 'asset' | 'sharedlib';

/**
 * Why each reached path is there, by base-relative path (ignored paths included).
 *
 * - `type`: how it was reached (an entry, a `package.json` consulted or a
 *   symlink passed, a module loaded, a file read, a shared library).
 * - `ignored`: reached but left out (an `ignore` match, or outside `base`).
 *   Ignored paths have no parents, as in @vercel/nft.
 * - `parents`: the files that pulled it in, nearest the entries first (by
 *   distance from the entries, then by name): the order @vercel/nft's walk
 *   meets them, made deterministic. Next.js's build-trace collection depends on
 *   this order (its "all parents ignored" check stops at the first kept
 *   parent), so it keeps the same files with either tracer.
 *
 * Differs on purpose (npm/test/known-differences.json lists each class):
 * - a package's own `package.json` also counts as parents the files that load
 *   the package by a bare specifier (Node reads it to resolve them), where
 *   @vercel/nft counts them only when `exports` or `main` decided;
 * - a file without a module extension (`LICENSE`, a binary, `x.js.map`) found
 *   by expanding a folder or a computed `require` is an `asset`, where
 *   @vercel/nft makes it a `dependency` and tries to parse it;
 * - a file that names itself (`__filename` read back) is not its own parent.
 */
export interface NodeFileTraceReasons
  extends Map<
    string,
    {
      type: NodeFileTraceReasonType[];
      ignored: boolean;
      parents: Set<string>;
    }
  > {}

/** A warning: an `Error` whose `message` names the file. */
export interface NodeFileTraceWarning extends Error {
  /** The file the warning is about, relative to `base`. */
  file: string;
  /** `Unresolved`, `Parse`, `Read`, `SymlinkLoop`, `PackageJson` or `GlobLimit`. */
  kind: string;
}

/**
 * The result. Paths are relative to `base`, with the platform's separator.
 *
 * Differs: the Sets and the Map are in sorted order (bytewise), the same for
 * every run, where @vercel/nft's follow the order its async walk happened to
 * take (`parents` excepted, see {@link NodeFileTraceReasons}); a reason's
 * `type` is in the order initial, resolve, dependency, asset, sharedlib;
 * warning messages are nft-rs's own (they name the file); `esmFileList` holds
 * the files Node loads as ES modules, including `.js` files of a
 * `"type": "module"` package whatever their syntax (@vercel/nft decides by
 * syntax); no `Failed to parse` warning for data (@vercel/nft parses the
 * binaries and `.map` files it reaches as JavaScript).
 */
export interface NodeFileTraceResult {
  fileList: Set<string>;
  esmFileList: Set<string>;
  reasons: NodeFileTraceReasons;
  warnings: Set<NodeFileTraceWarning>;
}

/**
 * Traces `files` (resolved against `process.cwd()`) and every file they load at
 * run time. The trace runs on native threads; the returned Promise settles when
 * it is done. A missing entry rejects it.
 */
export declare function nodeFileTrace(
  files: string[],
  opts?: NodeFileTraceOptions,
): Promise<NodeFileTraceResult>;

/**
 * @vercel/nft's `resolve`: nft-rs's own resolution of `id` loaded by the file
 * `parent` (`require` when `cjsResolve`), for a `resolve` hook to fall back to.
 * With the `job` a hook received it uses that trace's options and caches; with
 * another object it reads `base`, `conditions`, `exportsOnly` and `paths` from it.
 * Resolves to an absolute path, several (an `exports` target and the legacy
 * `main`, or `module-sync` and its fallback), or `node:<name>` for a builtin;
 * rejects when nothing matches.
 */
export declare function resolve(
  id: string,
  parent: string,
  job: NodeFileTraceJob | Record<string, unknown>,
  cjsResolve: boolean,
): Promise<string | string[]>;
