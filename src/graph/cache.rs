//! The persistent analysis cache (`--cache DIR`): the facts extracted from a file,
//! keyed by the file's path, its content hash, how it was parsed and every option
//! that changes the analysis, so that a repeated trace over an unchanged tree skips
//! parsing. One small text file per entry, written through a temporary file and a
//! rename. An entry is used only when its stored key equals the expected key and its
//! checksum matches; anything else (corrupt, truncated, foreign, older format) is
//! ignored and rewritten. Failing to write is never an error: the cache is an
//! optimisation, and the output with or without it is the same.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::analyze::ParseError;
use crate::analyze::{
    AnalyzeOptions, Dep, DepKind, FileFacts, ModuleHint, NativeRef, PathPattern, Reference,
};
use crate::error::Position;

const MAGIC: &str = "nft-rs-analysis-cache 5";

pub(crate) struct AnalysisCache {
    dir: PathBuf,
    /// What besides the file decides its facts: the nft-rs version and the options.
    salt: String,
}

impl AnalysisCache {
    pub(crate) fn new(dir: PathBuf, options: &AnalyzeOptions) -> Self {
        let salt = format!(
            "{MAGIC}\nnft-rs {}\n{:?}\nmixed {}\ncwd {}\n",
            env!("CARGO_PKG_VERSION"),
            options.analysis,
            options.mixed_modules,
            options.cwd
        );
        Self { dir, salt }
    }

    /// The entry name of one file's analysis (hashes its content: compute it once).
    pub(crate) fn key(&self, path: &Path, hint: ModuleHint, bytes: &[u8]) -> String {
        let mut hasher = blake3::Hasher::new();
        hasher.update(self.salt.as_bytes());
        hasher.update(path.to_string_lossy().as_bytes());
        hasher.update(&[0, u8::from(hint == ModuleHint::Esm), 0]);
        hasher.update(blake3::hash(bytes).as_bytes());
        hasher.finalize().to_hex().to_string()
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        self.dir.join(&key[..2]).join(&key[2..])
    }

    pub(crate) fn get(&self, key: &str) -> Option<FileFacts> {
        let text = fs::read_to_string(self.entry_path(key)).ok()?;
        decode(&text, key)
    }

    /// Stores an entry, best effort: a cache that cannot be written is only slower.
    pub(crate) fn put(&self, key: &str, facts: &FileFacts) {
        let target = self.entry_path(key);
        let Some(dir) = target.parent() else { return };
        if fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = dir.join(format!(
            ".{}.tmp-{}-{:?}",
            &key[2..],
            std::process::id(),
            std::thread::current().id()
        ));
        if fs::write(&tmp, encode(facts, key)).and_then(|()| fs::rename(&tmp, &target)).is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn encode(facts: &FileFacts, key: &str) -> String {
    let mut out = format!("{MAGIC}\nkey {key}\nesm {}\n", u8::from(facts.is_esm));
    if let Some(error) = &facts.parse_error {
        let _ = writeln!(out, "error {}", quote(&error.message));
        if let Some(Position { line, column }) = error.position {
            let _ = writeln!(out, "at {line} {column}");
        }
    }
    for dep in &facts.deps {
        let kind = match dep.kind {
            DepKind::Require => "require",
            DepKind::Import => "import",
        };
        let tag = if dep.optional { "optdep" } else { "dep" };
        let _ = writeln!(out, "{tag} {kind} {}", quote(&dep.specifier));
    }
    for reference in &facts.references {
        let line = match reference {
            Reference::Asset(p) => format!("asset {}", quote(&p.to_text())),
            Reference::AssetDir(p) => format!("assetdir {}", quote(&p.to_text())),
            Reference::RequireGlob(p) => format!("glob {}", quote(&p.to_text())),
            Reference::Native { how, optional } => {
                let tag = if *optional { "native?" } else { "native" };
                match how {
                    NativeRef::NodeGypBuild { dir } => format!("{tag} gyp {}", quote(dir)),
                    NativeRef::Bindings { file, name } => {
                        format!("{tag} bindings {} {}", quote(file), quote(name))
                    }
                    NativeRef::NodePreGyp { package_json } => {
                        format!("{tag} pregyp {}", quote(package_json))
                    }
                    NativeRef::Nbind { dir } => format!("{tag} nbind {}", quote(dir)),
                }
            }
            Reference::OptionalDependencies { package_json, nested } => {
                format!("optdeps {} {}", u8::from(*nested), quote(package_json))
            }
            Reference::OwnPackageJson => "ownpkg".to_owned(),
            Reference::PackagePattern(p) => format!("pkgpattern {}", quote(p)),
            Reference::ResolvedAsset { specifier, tail } => {
                format!("resolved {} {}", quote(specifier), quote(tail))
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let sum = blake3::hash(out.as_bytes()).to_hex();
    let _ = writeln!(out, "end {sum}");
    out
}

/// The quoted strings of a line's rest, in order.
fn strings(rest: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<String>();
    for item in stream.by_ref() {
        out.push(item.ok()?);
    }
    Some(out)
}

/// The two quoted strings of a line's rest.
fn two(rest: &str) -> Option<(String, String)> {
    let mut items = strings(rest)?;
    let second = items.pop()?;
    let first = items.pop()?;
    items.is_empty().then_some((first, second))
}

fn one(rest: &str) -> Option<String> {
    let mut items = strings(rest)?;
    (items.len() == 1).then(|| items.pop()).flatten()
}

fn decode(text: &str, key: &str) -> Option<FileFacts> {
    let body_end = text.rfind("end ")?;
    let (body, end) = text.split_at(body_end);
    if end.trim_end() != format!("end {}", blake3::hash(body.as_bytes()).to_hex()) {
        return None;
    }
    let mut lines = body.lines();
    if lines.next()? != MAGIC || lines.next()? != format!("key {key}") {
        return None;
    }
    let mut facts = FileFacts::default();
    for line in lines {
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        match tag {
            "esm" => facts.is_esm = rest == "1",
            "error" => facts.parse_error = Some(ParseError::without_position(one(rest)?)),
            "at" => {
                let (line, column) = rest.split_once(' ')?;
                let position = Position { line: line.parse().ok()?, column: column.parse().ok()? };
                facts.parse_error.as_mut()?.position = Some(position);
            }
            "dep" | "optdep" => {
                let (kind, spec) = rest.split_once(' ')?;
                let kind = match kind {
                    "require" => DepKind::Require,
                    "import" => DepKind::Import,
                    _ => return None,
                };
                let optional = tag == "optdep";
                facts.deps.insert(Dep { kind, specifier: one(spec)?, optional });
            }
            "native" | "native?" => {
                let optional = tag == "native?";
                let (how, rest) = rest.split_once(' ')?;
                let how = match how {
                    "gyp" => NativeRef::NodeGypBuild { dir: one(rest)? },
                    "pregyp" => NativeRef::NodePreGyp { package_json: one(rest)? },
                    "nbind" => NativeRef::Nbind { dir: one(rest)? },
                    "bindings" => {
                        let (file, name) = two(rest)?;
                        NativeRef::Bindings { file, name }
                    }
                    _ => return None,
                };
                facts.references.insert(Reference::Native { how, optional });
            }
            "asset" => {
                facts.references.insert(Reference::Asset(PathPattern::new(&one(rest)?)));
            }
            "assetdir" => {
                facts.references.insert(Reference::AssetDir(PathPattern::new(&one(rest)?)));
            }
            "glob" => {
                facts.references.insert(Reference::RequireGlob(PathPattern::new(&one(rest)?)));
            }
            "optdeps" => {
                let (nested, pj) = rest.split_once(' ')?;
                facts.references.insert(Reference::OptionalDependencies {
                    package_json: one(pj)?,
                    nested: nested == "1",
                });
            }
            "ownpkg" => {
                facts.references.insert(Reference::OwnPackageJson);
            }
            "pkgpattern" => {
                facts.references.insert(Reference::PackagePattern(one(rest)?));
            }
            "resolved" => {
                let (specifier, tail) = two(rest)?;
                facts.references.insert(Reference::ResolvedAsset { specifier, tail });
            }
            _ => return None,
        }
    }
    Some(facts)
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};
    use crate::analyze::{Dep, DepKind, FileFacts, NativeRef, PathPattern, Reference};

    fn sample() -> FileFacts {
        let mut facts = FileFacts { is_esm: true, ..FileFacts::default() };
        facts.deps.insert(Dep {
            kind: DepKind::Import,
            specifier: "a \"quoted\"\nname".to_owned(),
            optional: false,
        });
        facts.deps.insert(Dep {
            kind: DepKind::Require,
            specifier: "./b".to_owned(),
            optional: true,
        });
        facts.references.insert(Reference::Asset(PathPattern::new("/x/y z.txt")));
        facts.references.insert(Reference::Native {
            how: NativeRef::Bindings { file: "/p/i.js".to_owned(), name: "addon".to_owned() },
            optional: true,
        });
        facts.references.insert(Reference::Native {
            how: NativeRef::NodeGypBuild { dir: "/p".to_owned() },
            optional: false,
        });
        facts.references.insert(Reference::OptionalDependencies {
            package_json: "/p/package.json".to_owned(),
            nested: true,
        });
        facts.references.insert(Reference::OwnPackageJson);
        facts.parse_error = Some(super::ParseError {
            message: "bad\ttoken".to_owned(),
            position: Some(super::Position { line: 3, column: 14 }),
        });
        facts
    }

    #[test]
    fn entries_round_trip() {
        let facts = sample();
        assert_eq!(decode(&encode(&facts, "k"), "k"), Some(facts));
    }

    #[test]
    fn damaged_or_foreign_entries_are_refused() {
        let text = encode(&sample(), "k");
        assert_eq!(decode(&text, "other"), None);
        assert_eq!(decode(&text.replace("./b", "./c"), "k"), None);
        assert_eq!(decode(&text[..text.len() / 2], "k"), None);
        assert_eq!(decode("", "k"), None);
    }
}
