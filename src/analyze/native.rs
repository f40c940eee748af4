//! Native addon loaders: `bindings('name')`, `node-gyp-build(dir)`,
//! node-pre-gyp's `binary.find(package_json)`, `nbind.init(dir)` and
//! `process.dlopen(module, filename)`. The analysis records where to look; the
//! graph (`graph/native.rs`) finds the `.node` files for the target platform.

use swc_ecma_ast::CallExpr;

use super::NativeRef;
use super::expr::eval_args;
use super::scanner::Scanner;
use crate::eval::ops::absolute_path;
use crate::eval::{NativeLoader, Value};

pub(super) fn call(s: &mut Scanner<'_>, callee: NativeLoader, c: &mut CallExpr) {
    let args = eval_args(s, &mut c.args);
    let first = args.first().and_then(|a| a.value.clone());
    match callee {
        NativeLoader::Bindings => {
            let name = match &first {
                Some(Value::Str(name)) => Some(name.to_string()),
                Some(obj @ Value::Object { .. }) => {
                    obj.member("bindings").and_then(|v| v.as_str().map(str::to_owned))
                }
                None => Some("bindings.node".to_owned()),
                _ => None,
            };
            if let Some(name) = name {
                let has_ext = std::path::Path::new(&name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("node"));
                let name = if has_ext { name } else { format!("{name}.node") };
                let how = NativeRef::Bindings { file: s.file().to_owned(), name };
                s.add_native(how);
            }
        }
        NativeLoader::NodeGypBuild => {
            if let Some(dir) = first.as_ref().and_then(absolute_path) {
                s.add_native(NativeRef::NodeGypBuild { dir });
            }
        }
        NativeLoader::NodePreGypFind => {
            if let Some(package_json) = first.as_ref().and_then(absolute_path) {
                s.add_native(NativeRef::NodePreGyp { package_json });
            }
        }
        NativeLoader::NbindInit => {
            let dir = first.as_ref().and_then(absolute_path).unwrap_or_else(|| s.dir().to_owned());
            s.add_native(NativeRef::Nbind { dir });
        }
        NativeLoader::ProcessDlopen => {
            if let Some(Some(path)) = args.get(1).map(|a| a.value.clone()) {
                s.emit_value(&path);
            }
        }
        NativeLoader::NodePreGyp | NativeLoader::Nbind => {}
    }
    for arg in args {
        s.settle(arg);
    }
}
