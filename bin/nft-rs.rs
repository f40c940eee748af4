//! The `nft-rs` command: `print`, `build`, `size` and `why`, shaped like
//! `@vercel/nft`'s own CLI, and `trace`, the Next.js command (`nft_rs::next`). It
//! resolves what the user typed against the working directory (the library never
//! reads it), and is the only place that prints and uses `anyhow`.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Parser, Subcommand};
use nft_rs::{AnalysisOptions, NodeVersion, Trace, TraceOptions, Tracer};

// The parser allocates millions of small nodes per large file: mimalloc's
// thread-local heaps keep two workers from contending on the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Trace the files a Node.js program needs at run time.
#[derive(Parser, Debug)]
#[command(name = "nft-rs", version, about, max_term_width = 100, args_override_self = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Print the traced files, one per line (or a JSON document with --json).
    Print {
        /// Print `{"fileList","esmFileList","reasons","warnings"}` as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        trace: TraceArgs,
        /// Entry files.
        #[arg(required = true, value_name = "ENTRY")]
        entries: Vec<PathBuf>,
    },
    /// Copy the traced files into a folder.
    Build {
        /// The folder to write (replaced as a whole).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        trace: TraceArgs,
        /// Entry files.
        #[arg(required = true, value_name = "ENTRY")]
        entries: Vec<PathBuf>,
    },
    /// Print the total size of the traced files.
    Size {
        #[command(flatten)]
        trace: TraceArgs,
        /// Entry files.
        #[arg(required = true, value_name = "ENTRY")]
        entries: Vec<PathBuf>,
    },
    /// Print the chains of files that pulled FILE into the trace.
    Why {
        #[command(flatten)]
        trace: TraceArgs,
        /// The file to explain (relative to --base, or absolute).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Entry files.
        #[arg(required = true, value_name = "ENTRY")]
        entries: Vec<PathBuf>,
    },
    /// After `next build`: write the .nft.json files and assemble .next/standalone.
    Trace(NextArgs),
}

#[derive(Args, Debug)]
#[expect(clippy::struct_excessive_bools, reason = "one field per CLI switch")]
struct NextArgs {
    /// The Next.js app (the folder holding `.next`) [default: the working directory].
    #[arg(value_name = "APP_DIR")]
    app_dir: Option<PathBuf>,
    /// Tracing root, overriding `outputFileTracingRoot`.
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Add a file glob (relative to the app) to the traces of the routes matching a route glob.
    #[arg(long, value_name = "ROUTE_GLOB=FILE_GLOB", value_parser = parse_route_glob)]
    include: Vec<(String, String)>,
    /// Remove the files matching a file glob from the traces of the routes matching a route glob.
    #[arg(long, value_name = "ROUTE_GLOB=FILE_GLOB", value_parser = parse_route_glob)]
    exclude: Vec<(String, String)>,
    /// Write the traces only, not .next/standalone.
    #[arg(long)]
    no_standalone: bool,
    /// Also copy public/ and .next/static into the standalone folder.
    #[arg(long)]
    with_static: bool,
    /// Keep absolute build paths out of server.js and required-server-files.json.
    #[arg(long)]
    relocatable: bool,
    /// Copy symlink targets instead of recreating the links.
    #[arg(long)]
    dereference: bool,
    /// Print a JSON summary (traces, files, bytes, warnings) on stdout.
    #[arg(long)]
    json: bool,
    /// Node.js version the server runs on [default: the `node` on PATH, else 22].
    #[arg(long, value_name = "V", value_parser = parse_node_version)]
    node_version: Option<NodeVersion>,
    /// Worker threads [default: all cores]; the output never depends on it.
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    threads: Option<usize>,
    /// Keep each file's analysis in DIR, keyed by content hash and options, and reuse it
    /// [default: APP_DIR/.next/cache/nft-rs, which CI caches with Next's own cache].
    #[arg(long, value_name = "DIR", conflicts_with = "no_cache")]
    cache: Option<PathBuf>,
    /// Keep no analysis cache.
    #[arg(long)]
    no_cache: bool,
    /// Fail (exit 1, nothing written) when a file the server loads is missing or broken.
    #[arg(long)]
    strict: bool,
    /// Fail (exit 1, nothing written) when a route's trace or the standalone folder
    /// totals more than SIZE bytes (suffixes k, M, G).
    #[arg(long, value_name = "SIZE", value_parser = parse_bytes)]
    max_bytes: Option<u64>,
    #[command(flatten)]
    target: TargetArgs,
}

/// The machine native addons are chosen for (`print` and `trace` alike).
#[derive(Args, Debug)]
struct TargetArgs {
    /// Platform native addons are chosen for [default: linux].
    #[arg(long, value_name = "NAME")]
    platform: Option<String>,
    /// CPU architecture native addons are chosen for [default: x64].
    #[arg(long, value_name = "NAME")]
    arch: Option<String>,
    /// C library native addons are chosen for: glibc or musl [default: glibc].
    #[arg(long, value_name = "NAME", value_parser = parse_libc)]
    libc: Option<nft_rs::Libc>,
}

impl TargetArgs {
    /// The defaults (Linux x64 glibc) with what was given.
    fn target(&self) -> nft_rs::Target {
        let mut target = nft_rs::Target::default();
        if let Some(platform) = &self.platform {
            target.platform.clone_from(platform);
        }
        if let Some(arch) = &self.arch {
            target.arch.clone_from(arch);
        }
        if let Some(libc) = self.libc {
            target.libc = libc;
        }
        target
    }
}

fn parse_route_glob(value: &str) -> Result<(String, String), String> {
    split_pair(value, "ROUTE_GLOB=FILE_GLOB")
}

#[derive(Args, Debug)]
#[expect(clippy::struct_excessive_bools, reason = "one field per CLI switch")]
struct TraceArgs {
    /// Trace root; output paths are relative to it [default: the working directory].
    #[arg(long, value_name = "DIR")]
    base: Option<PathBuf>,
    /// What the traced code sees as `process.cwd()` [default: --base].
    #[arg(long, value_name = "DIR")]
    cwd: Option<PathBuf>,
    /// Leave out files matching this glob (relative to --base; repeatable).
    #[arg(long, value_name = "GLOB")]
    ignore: Vec<String>,
    /// Export conditions, replacing the default `node` (repeatable).
    #[arg(long, value_name = "NAME")]
    conditions: Vec<String>,
    /// Resolve packages with `exports` through `exports` only.
    #[arg(long)]
    exports_only: bool,
    /// Trace both the `module-sync` target and its fallback.
    #[arg(long)]
    module_sync_catchall: bool,
    /// Follow literal specifiers only.
    #[arg(long)]
    no_analysis: bool,
    /// Do not follow `require()` inside ES modules.
    #[arg(long)]
    no_mixed_modules: bool,
    /// Map a bare specifier (or a prefix ending in /) to a path (repeatable).
    #[arg(long, value_name = "SPEC=TARGET", value_parser = parse_paths_entry)]
    paths: Vec<(String, String)>,
    /// Emit files N edges from an entry without analysing them.
    #[arg(long, value_name = "N")]
    depth: Option<u32>,
    /// Node.js version to reproduce [default: the `node` on PATH, else 22].
    #[arg(long, value_name = "V", value_parser = parse_node_version)]
    node_version: Option<NodeVersion>,
    #[command(flatten)]
    target: TargetArgs,
    /// At most N files from one directory or pattern reference (a warning names it).
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    max_glob_files: Option<usize>,
    /// Worker threads [default: all cores]; the output never depends on it.
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    threads: Option<usize>,
    /// Keep each file's analysis in DIR, keyed by content hash and options, and reuse it.
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Fail (exit 1) when a file the program loads is missing or broken: an
    /// unresolved require outside `try`, an unreadable or unparsable file, a native
    /// addon with no binary for the target.
    #[arg(long)]
    strict: bool,
    /// With --strict: a package whose absence is tolerated (repeatable).
    #[arg(long, value_name = "NAME")]
    optional: Vec<String>,
    /// Fail (exit 1) when the traced files total more than SIZE bytes (suffixes k, M, G).
    #[arg(long, value_name = "SIZE", value_parser = parse_bytes)]
    max_bytes: Option<u64>,
}

/// `N`, `Nk`, `NM` or `NG` (powers of 1024), for `--max-bytes`.
fn parse_bytes(value: &str) -> Result<u64, String> {
    let (digits, unit) = match value.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => (&value[..i], Some(c)),
        _ => (value, None),
    };
    let scale: u64 = match unit {
        None => 1,
        Some('k' | 'K') => 1 << 10,
        Some('M' | 'm') => 1 << 20,
        Some('G' | 'g') => 1 << 30,
        Some(_) => return Err(format!("expected a size like 500k, 80M or 2G, got '{value}'")),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("expected a size like 500k, 80M or 2G, got '{value}'"))
}

fn parse_paths_entry(value: &str) -> Result<(String, String), String> {
    split_pair(value, "SPEC=TARGET")
}

/// `LEFT=RIGHT` with both sides non-empty; `form` names them in the error.
fn split_pair(value: &str, form: &str) -> Result<(String, String), String> {
    match value.split_once('=') {
        Some((left, right)) if !left.is_empty() && !right.is_empty() => {
            Ok((left.to_owned(), right.to_owned()))
        }
        _ => Err(format!("expected {form}, got '{value}'")),
    }
}

fn parse_node_version(value: &str) -> Result<NodeVersion, String> {
    NodeVersion::parse(value)
}

fn parse_libc(value: &str) -> Result<nft_rs::Libc, String> {
    match value {
        "glibc" | "gnu" => Ok(nft_rs::Libc::Glibc),
        "musl" => Ok(nft_rs::Libc::Musl),
        _ => Err(format!("expected glibc or musl, got '{value}'")),
    }
}

fn parse_threads(value: &str) -> Result<usize, String> {
    match value.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("expected a whole number of at least 1, got '{value}'")),
    }
}

fn node_on_path() -> Option<NodeVersion> {
    let output = std::process::Command::new("node").arg("--version").output().ok()?;
    parse_node_version(std::str::from_utf8(&output.stdout).ok()?).ok()
}

/// A usage error (exit 2), as opposed to a failed run (exit 1).
#[derive(Debug)]
struct UsageError(String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

impl TraceArgs {
    fn options(&self) -> Result<TraceOptions> {
        let cwd = std::env::current_dir().context("cannot read the working directory")?;
        let base = self.base.as_ref().map_or_else(|| cwd.clone(), |b| cwd.join(b));
        if !base.is_dir() {
            return Err(UsageError(format!("--base is not a directory: {}", base.display())).into());
        }
        let mut options = TraceOptions::new(base);
        if let Some(dir) = &self.cwd {
            let dir = cwd.join(dir);
            if !dir.is_dir() {
                return Err(
                    UsageError(format!("--cwd is not a directory: {}", dir.display())).into()
                );
            }
            options.process_cwd = Some(dir);
        }
        options.ignore.clone_from(&self.ignore);
        if !self.conditions.is_empty() {
            options.conditions.clone_from(&self.conditions);
        }
        options.exports_only = self.exports_only;
        options.module_sync_catchall = self.module_sync_catchall;
        if self.no_analysis {
            options.analysis = AnalysisOptions::disabled();
        }
        options.mixed_modules = !self.no_mixed_modules;
        options.paths.clone_from(&self.paths);
        options.depth = self.depth;
        options.node_version =
            self.node_version.or_else(node_on_path).unwrap_or(NodeVersion::major(22));
        options.threads = self.threads;
        options.target = self.target.target();
        if let Some(n) = self.max_glob_files {
            options.max_glob_files = n;
        }
        options.cache_dir = self.cache.as_ref().map(|dir| cwd.join(dir));
        options.strict = self.strict;
        options.optional_packages.clone_from(&self.optional);
        Ok(options)
    }
}

fn run_trace(args: &TraceArgs, entries: &[PathBuf]) -> Result<(Tracer, Trace)> {
    let tracer = Tracer::new(args.options()?)?;
    // Entries are typed relative to the working directory; the library takes
    // relative paths from the base.
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let entries: Vec<PathBuf> = entries.iter().map(|e| cwd.join(e)).collect();
    let trace = match tracer.trace(&entries) {
        Err(nft_rs::Error::Strict { diagnostics }) => {
            // Every problem is listed before the one error line.
            print_strict(&diagnostics);
            return Err(nft_rs::Error::Strict { diagnostics }.into());
        }
        other => other?,
    };
    if let Some(max) = args.max_bytes {
        let base = &tracer.options().base;
        if let Err(err) = nft_rs::check_budget(&trace, base, &nft_rs::OsFs, max) {
            print_warnings(&trace);
            return Err(err.into());
        }
    }
    Ok((tracer, trace))
}

/// Strict mode's list before its error line: every problem, the ones that break
/// the program at run time marked so.
fn print_strict(diagnostics: &[nft_rs::Diagnostic]) {
    let mut stderr = io::stderr().lock();
    for diagnostic in diagnostics {
        let mark = match diagnostic.severity() {
            nft_rs::Severity::Error => "breaks at run time: ",
            _ => "",
        };
        let _ = writeln!(stderr, "nft-rs: warning: {mark}{diagnostic}");
    }
}

fn print_warnings(trace: &Trace) {
    let mut stderr = io::stderr().lock();
    for diagnostic in trace.diagnostics() {
        let _ = writeln!(stderr, "nft-rs: warning: {diagnostic}");
    }
}

fn run_next(args: NextArgs) -> Result<String> {
    let cwd = std::env::current_dir().context("cannot read the working directory")?;
    let app_dir = args.app_dir.as_ref().map_or_else(|| cwd.clone(), |d| cwd.join(d));
    if !app_dir.is_dir() {
        return Err(UsageError(format!("APP_DIR is not a directory: {}", app_dir.display())).into());
    }
    if let Some(root) = &args.root
        && !cwd.join(root).is_dir()
    {
        return Err(UsageError(format!("--root is not a directory: {}", root.display())).into());
    }
    let options = nft_rs::next::NextOptions {
        root: args.root.map(|r| cwd.join(r)),
        includes: args.include,
        excludes: args.exclude,
        standalone: !args.no_standalone,
        with_static: args.with_static,
        relocatable: args.relocatable,
        dereference: args.dereference,
        node_version: args.node_version.or_else(node_on_path).unwrap_or(NodeVersion::major(22)),
        threads: args.threads,
        // Next's deployment docs have every CI keep `.next/cache` between builds, so
        // the analysis cache there makes the second build warm with no setup.
        cache_dir: match (args.cache, args.no_cache) {
            (_, true) => None,
            (Some(dir), false) => Some(cwd.join(dir)),
            (None, false) => Some(app_dir.join(".next/cache/nft-rs")),
        },
        strict: args.strict,
        max_bytes: args.max_bytes,
        target: args.target.target(),
    };
    let summary = match nft_rs::next::trace_app(&app_dir, &options) {
        Err(nft_rs::Error::Strict { diagnostics }) => {
            print_strict(&diagnostics);
            return Err(nft_rs::Error::Strict { diagnostics }.into());
        }
        other => other?,
    };
    if args.json {
        let traces: Vec<serde_json::Value> = summary
            .traces
            .iter()
            .map(|t| serde_json::json!({"path": t.path, "files": t.files}))
            .collect();
        let standalone = summary.standalone.as_ref().map(
            |s| serde_json::json!({"files": s.files, "symlinks": s.symlinks, "bytes": s.bytes}),
        );
        let doc = serde_json::json!({
            "mode": summary.mode.as_str(),
            "root": summary.root,
            "traces": traces,
            "standalone": standalone,
            "warnings": summary.warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        });
        return Ok(format!("{doc}\n"));
    }
    let mut stderr = io::stderr().lock();
    for warning in &summary.warnings {
        let _ = writeln!(stderr, "nft-rs: warning: {warning}");
    }
    let mut out =
        format!("{} build: {} traces written\n", summary.mode.as_str(), summary.traces.len());
    if let Some(s) = &summary.standalone {
        out = format!(
            "{out}.next/standalone: {} files, {} symlinks, {} bytes\n",
            s.files, s.symlinks, s.bytes
        );
    }
    Ok(out)
}

fn run(cli: Cli) -> Result<String> {
    match cli.command {
        Command::Trace(args) => run_next(args),
        Command::Print { json, trace, entries } => {
            let (_, result) = run_trace(&trace, &entries)?;
            if json {
                return Ok(nft_rs::print_json(&result));
            }
            print_warnings(&result);
            let mut out = String::new();
            for path in result.file_list() {
                out.push_str(path);
                out.push('\n');
            }
            Ok(out)
        }
        Command::Build { out, trace, entries } => {
            let (tracer, result) = run_trace(&trace, &entries)?;
            print_warnings(&result);
            let out =
                std::env::current_dir().context("cannot read the working directory")?.join(out);
            let report = nft_rs::build(&result, &tracer.options().base, &out)?;
            let mut stderr = io::stderr().lock();
            for warning in &report.warnings {
                let _ = writeln!(stderr, "nft-rs: warning: {warning}");
            }
            Ok(String::new())
        }
        Command::Size { trace, entries } => {
            let (tracer, result) = run_trace(&trace, &entries)?;
            print_warnings(&result);
            let bytes = nft_rs::trace_size(&result, &tracer.options().base, &nft_rs::OsFs);
            Ok(format!("{bytes} bytes total\n"))
        }
        Command::Why { trace, file, entries } => {
            let (tracer, result) = run_trace(&trace, &entries)?;
            print_warnings(&result);
            let base = &tracer.options().base;
            let cwd = std::env::current_dir()?;
            let target = if file.is_absolute() {
                nft_rs::relative_path(base, &file)
            } else if base.join(&file).exists() || !cwd.join(&file).exists() {
                file.to_string_lossy().replace('\\', "/")
            } else {
                nft_rs::relative_path(base, &cwd.join(&file))
            };
            let chains = why_chains(&result, &target);
            if chains.is_empty() {
                bail!("{target} is not in the trace");
            }
            let mut out = String::new();
            for chain in chains {
                out.push_str(&chain.join(" -> "));
                out.push('\n');
            }
            Ok(out)
        }
    }
}

/// Up to this many chains are printed for `why`.
const MAX_CHAINS: usize = 20;

/// Every chain from an entry to `target` through parents, shortest first, at most
/// [`MAX_CHAINS`], each without repeated files.
fn why_chains(trace: &Trace, target: &str) -> Vec<Vec<String>> {
    let reasons = trace.reasons();
    if !reasons.contains_key(target) {
        return Vec::new();
    }
    let mut done = Vec::new();
    // Breadth-first over partial chains (reversed: target first), so shorter
    // chains come out first; ties in path order, as the parents are sorted.
    let mut frontier: std::collections::VecDeque<Vec<String>> = std::collections::VecDeque::new();
    frontier.push_back(vec![target.to_owned()]);
    let mut expanded = 0usize;
    while let Some(chain) = frontier.pop_front() {
        expanded += 1;
        if done.len() >= MAX_CHAINS || expanded > 100_000 {
            break;
        }
        let last = chain.last().expect("chains are never empty");
        let parents = reasons.get(last).map(nft_rs::Reason::parents).unwrap_or_default();
        if parents.is_empty() {
            let mut finished = chain.clone();
            finished.reverse();
            done.push(finished);
            continue;
        }
        for parent in parents {
            if !chain.contains(parent) {
                let mut next = chain.clone();
                next.push(parent.clone());
                frontier.push_back(next);
            }
        }
    }
    done
}

fn main() -> ExitCode {
    // A panic inside one file's analysis is caught by the library and reported as
    // that file's warning; the default hook would also print it raw.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            use clap::error::ErrorKind;
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = err.print();
                return if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // clap's message spans lines (the error, the missing arguments, usage,
            // a hint): keep what describes the error, on one line.
            let text = err.to_string();
            let message: Vec<&str> = text
                .lines()
                .map(str::trim)
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .filter(|l| !l.is_empty() && !l.starts_with("tip:"))
                .collect();
            let message = message.join(" ");
            let message = message.strip_prefix("error: ").unwrap_or(&message);
            let _ = writeln!(io::stderr(), "nft-rs: error: {message}");
            return ExitCode::from(2);
        }
    };
    match run(cli) {
        Ok(output) => {
            let mut stdout = io::stdout().lock();
            match stdout.write_all(output.as_bytes()).and_then(|()| stdout.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    let _ = writeln!(io::stderr(), "nft-rs: error: writing output: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(err) => {
            let code = if err.is::<UsageError>() { 2 } else { 1 };
            let message = format!("{err:#}").replace('\n', " ");
            let _ = writeln!(io::stderr(), "nft-rs: error: {message}");
            ExitCode::from(code)
        }
    }
}
