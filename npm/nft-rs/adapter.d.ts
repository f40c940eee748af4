// Types of `nft-rs/adapter`, a Next.js deployment adapter (Next.js 16.2+).
//
// Use it with `adapterPath: require.resolve('nft-rs/adapter')` in next.config,
// or `NEXT_ADAPTER_PATH=$(node -p "require.resolve('nft-rs/adapter')") next build`.
//
// Options come from `nft-rs.adapter.json` beside next.config (the keys of
// `AdapterOptions`), then from the environment, which wins (1/0, true/false):
//   NFT_RS_ADAPTER_STANDALONE    standalone   (default true)
//   NFT_RS_ADAPTER_RELOCATABLE   relocatable  (default true)
//   NFT_RS_ADAPTER_WITH_STATIC   withStatic   (default true)
//   NFT_RS_ADAPTER_DEREFERENCE   dereference  (default false)
//   NFT_RS_ADAPTER_STRICT        strict       (default false)
//   NFT_RS_ADAPTER_REDIRECT      redirect     (default true)
//   NFT_RS_ADAPTER_CHECK         check        (default true)
//   NFT_RS_BINARY / NFT_RS_NATIVE  the nft-rs executable / Node-API addon to use
//   NFT_RS_ADAPTER_DEBUG         one stderr line per redirected nodeFileTrace call

/** `nft-rs.adapter.json`. */
export interface AdapterOptions {
  /** Write `.next/standalone` with nft-rs (`nft-rs trace`); Next's own standalone step is skipped. */
  standalone?: boolean;
  /** `--relocatable`: no file of the standalone folder holds the build directory. */
  relocatable?: boolean;
  /** `--with-static`: also copy `public/` and `.next/static` into the standalone folder. */
  withStatic?: boolean;
  /** `--dereference`: copy link targets instead of writing relative symlinks. */
  dereference?: boolean;
  /**
   * `--strict`: an unresolvable import fails the build, and so does a file
   * Next ships for a route that nft-rs's trace of the route lacks.
   */
  strict?: boolean;
  /**
   * In webpack builds of Next.js 16.2 <= version < 17, run Next's bundled
   * `@vercel/nft` calls on nft-rs's `nodeFileTrace` (other versions: a warning
   * and Next's own tracer).
   */
  redirect?: boolean;
  /** Compare every Node route output's `assets` with nft-rs's trace of the entry. */
  check?: boolean;
  /** More `nft-rs trace` arguments, e.g. `["--max-bytes", "200M"]`. */
  args?: string[];
}

/** `.next/nft-rs-adapter-report.json`. */
export interface AdapterReport {
  nextVersion: string;
  mode: 'webpack' | 'turbopack' | string;
  options: Required<AdapterOptions>;
  standalone: { files: number; symlinks: number; bytes: number } | null;
  /** Next was asked for `output: 'standalone'` and its own step was skipped. */
  skippedNextStandalone: boolean;
  warnings: unknown[];
  check: {
    summary: { outputs: number; equal: number; differ: number; noTrace: number; missing: number; extra: number };
    outputs: Array<{
      id: string;
      type: string;
      /** The entry file, relative to the repository root. */
      entry: string;
      status: 'equal' | 'differs' | 'no-trace';
      next?: number;
      nftRs?: number;
      /** Runtime files Next adds to every output (not in its trace of the entry): counted, not compared. */
      shared?: number;
      /** In Next's assets for the route, not in nft-rs's trace (fatal when strict). */
      missing: string[];
      /** In nft-rs's trace, not in Next's assets for the route. */
      extra: string[];
    }>;
  } | null;
}

/** The adapter's name, as Next prints it. */
export const name: 'nft-rs';
/** Next's `modifyConfig` hook: installs the tracer redirect; returns the config unchanged. */
export function modifyConfig<C>(config: C, ctx?: { phase: string; nextVersion: string; projectDir: string }): Promise<C>;
/** Next's `onBuildComplete` hook: writes traces, standalone folder and report. */
export function onBuildComplete(ctx: {
  outputs: Record<string, unknown>;
  config: Record<string, unknown>;
  distDir: string;
  projectDir: string;
  repoRoot: string;
  buildId: string;
  nextVersion: string;
  [key: string]: unknown;
}): Promise<void>;
/** Whether the tracer redirect was tested with this Next.js version. */
export function isTested(version: string | undefined): boolean;
export const CONFIG_FILE: 'nft-rs.adapter.json';
export const REPORT: 'nft-rs-adapter-report.json';
