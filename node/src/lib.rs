//! The Node.js binding of nft-rs: the native half of the npm package `nft-rs`.
//!
//! JavaScript (`npm/nft-rs/index.js`) normalises `@vercel/nft`'s options into a
//! [`NativeOptions`], creates a [`NativeTracer`] (kept on the caller's `cache`
//! object between calls), and turns the [`NativeTrace`] a trace resolves to into
//! `@vercel/nft`'s `Set`s and `Map`. Traces run on the libuv pool (and the
//! tracer's own worker threads), never on the JavaScript thread; hooks are called
//! back through `bridge`.

mod bridge;
mod reasons;

use std::path::PathBuf;
use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, Buffer, Function};
use napi::{Env, Status, Task};
use napi_derive::napi;
use nft_rs::{AnalysisOptions, Hooks, Libc, NodeVersion, Target, TraceOptions, Tracer};

use bridge::{Answer, Bridge, HookSet, JsFs, JsResolve};

// Only this library's own allocations: what crosses to JavaScript is copied.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The options of a trace, already normalised by JavaScript.
#[napi(object)]
#[derive(Debug, Clone)]
#[expect(clippy::struct_excessive_bools, reason = "mirrors @vercel/nft's options")]
pub struct NativeOptions {
    /// Absolute trace root.
    pub base: String,
    /// What the traced code sees as `process.cwd()`.
    pub process_cwd: Option<String>,
    /// Export conditions.
    pub conditions: Vec<String>,
    /// Resolve packages with `exports` through `exports` only.
    pub exports_only: bool,
    /// Trace `module-sync` targets and their fallback.
    pub module_sync_catchall: bool,
    /// Ignore globs (relative to `base`, or absolute).
    pub ignore: Vec<String>,
    /// Analysis on at all.
    pub analysis: bool,
    /// Turn partly known paths into globs.
    pub emit_globs: bool,
    /// `__dirname`-style expressions as file references.
    pub compute_file_references: bool,
    /// Evaluate known bindings.
    pub evaluate_pure_expressions: bool,
    /// Follow `require()` inside ES modules.
    pub mixed_modules: bool,
    /// `paths` map entries, `[specifier, target]`.
    pub paths: Vec<Vec<String>>,
    /// Depth limit; absent for none.
    pub depth: Option<u32>,
    /// The Node.js version (`process.versions.node`).
    pub node_version: String,
    /// `process.platform`.
    pub platform: String,
    /// `process.arch`.
    pub arch: String,
    /// Whether the C library is musl.
    pub musl: bool,
    /// Worker threads; absent for all cores.
    pub threads: Option<u32>,
}

fn invalid(message: impl std::fmt::Display) -> napi::Error {
    napi::Error::new(Status::InvalidArg, message.to_string())
}

fn trace_options(o: NativeOptions) -> napi::Result<TraceOptions> {
    let mut options = TraceOptions::new(PathBuf::from(o.base));
    options.process_cwd = o.process_cwd.map(PathBuf::from);
    options.conditions = o.conditions;
    options.exports_only = o.exports_only;
    options.module_sync_catchall = o.module_sync_catchall;
    options.ignore = o.ignore;
    options.analysis = if o.analysis {
        AnalysisOptions {
            enabled: true,
            emit_globs: o.emit_globs,
            compute_file_references: o.compute_file_references,
            evaluate_pure_expressions: o.evaluate_pure_expressions,
        }
    } else {
        AnalysisOptions::disabled()
    };
    options.mixed_modules = o.mixed_modules;
    options.paths = o
        .paths
        .into_iter()
        .map(|pair| match <[String; 2]>::try_from(pair) {
            Ok([spec, target]) => Ok((spec, target)),
            Err(_) => Err(invalid("paths: each entry must be [specifier, target]")),
        })
        .collect::<napi::Result<_>>()?;
    options.depth = o.depth;
    options.node_version = NodeVersion::parse(&o.node_version).map_err(invalid)?;
    options.target = Target {
        platform: o.platform,
        arch: o.arch,
        libc: if o.musl { Libc::Musl } else { Libc::Glibc },
    };
    options.threads = o.threads.map(|n| n as usize);
    Ok(options)
}

/// Which JavaScript hooks a tracer calls back.
#[napi(object)]
#[derive(Debug, Clone, Copy, Default)]
#[expect(clippy::struct_excessive_bools, reason = "one flag per optional hook")]
pub struct NativeHooks {
    /// `readFile` given.
    pub read_file: bool,
    /// `stat` given.
    pub stat: bool,
    /// `readlink` given.
    pub readlink: bool,
    /// `resolve` given.
    pub resolve: bool,
    /// `ignore` is a function.
    pub ignore: bool,
}

/// A reusable tracer: its caches (analyses, resolutions, stats) live as long as
/// the JavaScript object, so a `cache` object that keeps it makes later traces
/// of the same tree cheap.
#[napi]
pub struct NativeTracer {
    state: Arc<Lazy>,
}

/// A tracer built on first use, off the JavaScript thread: building one checks
/// `base` through the `stat` hook, which the JavaScript thread must be free to
/// answer.
struct Lazy {
    recipe: std::sync::Mutex<Option<Recipe>>,
    tracer: std::sync::OnceLock<Result<Tracer, String>>,
}

type Recipe = (TraceOptions, Option<(Arc<JsFs>, Hooks)>);

impl Lazy {
    fn get(&self) -> napi::Result<&Tracer> {
        let built = self.tracer.get_or_init(|| {
            let recipe =
                self.recipe.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take();
            let Some((options, hooked)) = recipe else {
                return Err("the tracer could not be built".to_owned());
            };
            let tracer = match hooked {
                Some((fs, hooks)) => Tracer::with_hooks(options, fs, hooks),
                None => Tracer::new(options),
            };
            tracer.map_err(|e| e.to_string())
        });
        built.as_ref().map_err(|e| napi::Error::new(Status::InvalidArg, e.clone()))
    }
}

/// Creates a tracer. `dispatch(kind, id, path, extra)` serves the hooks named in
/// `hooks`; it is required when any is set.
#[napi]
pub fn create_tracer(
    options: NativeOptions,
    hooks: Option<NativeHooks>,
    dispatch: Option<Function<'_, (u32, u32, String, String), ()>>,
) -> napi::Result<NativeTracer> {
    let options = trace_options(options)?;
    let wanted = hooks.unwrap_or_default();
    let any = wanted.read_file || wanted.stat || wanted.readlink || wanted.resolve || wanted.ignore;
    let hooked = match dispatch {
        Some(dispatch) if any => {
            let tsfn = dispatch.build_threadsafe_function().weak::<true>().build()?;
            let set = HookSet {
                read_file: wanted.read_file,
                stat: wanted.stat,
                readlink: wanted.readlink,
                resolve: wanted.resolve,
                ignore: wanted.ignore,
            };
            let bridge = Arc::new(Bridge::new(tsfn, set));
            let mut hooks = Hooks::default();
            if set.resolve {
                hooks.resolve = Some(Arc::new(JsResolve(Arc::clone(&bridge))));
            }
            if set.ignore {
                hooks.ignore = Some(Arc::new(bridge::ignore_fn(Arc::clone(&bridge))));
            }
            Some((Arc::new(JsFs::new(bridge, options.base.clone())), hooks))
        }
        _ if any => return Err(invalid("hooks were named without a dispatch function")),
        _ => None,
    };
    let recipe = std::sync::Mutex::new(Some((options, hooked)));
    Ok(NativeTracer { state: Arc::new(Lazy { recipe, tracer: std::sync::OnceLock::new() }) })
}

#[napi]
impl NativeTracer {
    /// Traces `files` (absolute paths) off the JavaScript thread.
    #[napi(ts_return_type = "Promise<NativeTrace>")]
    #[must_use]
    pub fn trace(&self, files: Vec<String>) -> AsyncTask<TraceTask> {
        AsyncTask::new(TraceTask { tracer: Arc::clone(&self.state), files })
    }

    /// Resolves `specifier` from the file `parent` with nft-rs's own rules (not
    /// the `resolve` hook), off the JavaScript thread: `@vercel/nft`'s exported
    /// `resolve`, which a `resolve` hook may fall back to.
    #[napi(ts_return_type = "Promise<string[]>")]
    #[must_use]
    pub fn resolve(&self, specifier: String, parent: String, cjs: bool) -> AsyncTask<ResolveTask> {
        AsyncTask::new(ResolveTask { tracer: Arc::clone(&self.state), specifier, parent, cjs })
    }
}

/// The work of [`NativeTracer::resolve`].
pub struct ResolveTask {
    tracer: Arc<Lazy>,
    specifier: String,
    parent: String,
    cjs: bool,
}

impl Task for ResolveTask {
    type Output = Vec<String>;
    type JsValue = Vec<String>;

    fn compute(&mut self) -> napi::Result<Vec<String>> {
        let tracer = self.tracer.get()?;
        tracer
            .resolve(std::path::Path::new(&self.parent), &self.specifier, self.cjs)
            .map_err(|message| napi::Error::new(Status::GenericFailure, message))
    }

    fn resolve(&mut self, _env: Env, output: Vec<String>) -> napi::Result<Vec<String>> {
        Ok(output)
    }
}

/// Why one path is in a trace.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct NativeReason {
    /// Base-relative path.
    pub path: String,
    /// `initial`, `resolve`, `dependency`, `asset`, `sharedlib`.
    pub types: Vec<String>,
    /// Reached but left out.
    pub ignored: bool,
    /// Base-relative paths of the files that pulled it in.
    pub parents: Vec<String>,
}

/// One warning of a trace.
#[napi(object)]
#[derive(Debug, Clone)]
pub struct NativeWarning {
    /// The file it is about, base-relative.
    pub file: String,
    /// The kind, e.g. `Unresolved`.
    pub kind: String,
    /// The message.
    pub message: String,
}

/// A finished trace, as plain arrays (JavaScript builds the `Set`s and `Map`).
#[napi(object)]
#[derive(Debug, Clone)]
pub struct NativeTrace {
    /// Traced files, sorted.
    pub file_list: Vec<String>,
    /// Traced ES modules, sorted.
    pub esm_file_list: Vec<String>,
    /// Every reached path, ignored ones included.
    pub reasons: Vec<NativeReason>,
    /// Non-fatal problems.
    pub warnings: Vec<NativeWarning>,
}

/// The work of [`NativeTracer::trace`].
pub struct TraceTask {
    tracer: Arc<Lazy>,
    files: Vec<String>,
}

impl Task for TraceTask {
    type Output = NativeTrace;
    type JsValue = NativeTrace;

    fn compute(&mut self) -> napi::Result<NativeTrace> {
        let trace = self
            .tracer
            .get()?
            .trace(&self.files)
            .map_err(|e| napi::Error::new(Status::GenericFailure, e.to_string()))?;
        let reasons = reasons::nft_reasons(&trace);
        let warnings = trace
            .diagnostics()
            .iter()
            .map(|d| NativeWarning {
                file: d.file().to_owned(),
                kind: format!("{:?}", d.kind()),
                message: d.message().to_owned(),
            })
            .collect();
        Ok(NativeTrace {
            file_list: trace.file_list().into_iter().map(str::to_owned).collect(),
            esm_file_list: trace.esm_file_list().into_iter().map(str::to_owned).collect(),
            reasons,
            warnings,
        })
    }

    fn resolve(&mut self, _env: Env, output: NativeTrace) -> napi::Result<NativeTrace> {
        Ok(output)
    }
}

/// Answers a `readFile` question: the contents, or `null` for a missing file.
#[napi]
pub fn hook_done_bytes(id: u32, value: Option<Buffer>) {
    bridge::deliver(id, Answer::Bytes(value.map(|b| b.to_vec())));
}

/// Answers a `stat` question: kind (1 file, 2 directory, 3 symlink, 0 other) and
/// size, or a `null` kind for a missing path.
#[napi]
pub fn hook_done_stat(id: u32, kind: Option<u32>, size: f64) {
    bridge::deliver(id, Answer::Stat(kind.map(|k| (k, size))));
}

/// Answers a `readlink` question: the target, or `null` for no link.
#[napi]
pub fn hook_done_text(id: u32, value: Option<String>) {
    bridge::deliver(id, Answer::Text(value));
}

/// Answers a `resolve` question: the files, or `null` and an error message.
#[napi]
pub fn hook_done_list(id: u32, value: Option<Vec<String>>, error: Option<String>) {
    let answer = value.ok_or_else(|| error.unwrap_or_else(|| "not found".to_owned()));
    bridge::deliver(id, Answer::List(answer));
}

/// Answers an `ignore` question.
#[napi]
pub fn hook_done_bool(id: u32, value: bool) {
    bridge::deliver(id, Answer::Bool(value));
}

/// Reports that a hook threw or rejected.
#[napi]
pub fn hook_done_error(id: u32, message: String) {
    bridge::deliver(id, Answer::Thrown(message));
}

/// The version of nft-rs this binding was built from.
#[napi]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
