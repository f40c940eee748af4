//! Cross-target traces (issue 22): `tests/cross` installs sharp and esbuild with
//! their linux-x64 glibc *and* musl packages side by side; a trace for one libc
//! lists the native binaries of that libc only, checked by what the ELF files
//! themselves say (interpreter and needed libraries). `nft-rs trace` takes the
//! same `--platform/--arch/--libc` into the same code path (`NextOptions::target`).

use std::path::Path;

use crate::packages::installed;
use crate::support::{run, stderr, stdout};

/// What an ELF file says about its C library: its interpreter (`PT_INTERP`) and
/// the libraries it needs (`DT_NEEDED`). Little-endian ELF64 only (x64).
fn elf_libc(path: &Path) -> (Option<String>, Vec<String>) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF", "{} is an ELF file", path.display());
    let u16_at = |at: usize| u16::from_le_bytes(bytes[at..at + 2].try_into().unwrap()) as usize;
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
    let u64_at = |at: usize| {
        usize::try_from(u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap())).unwrap()
    };
    let c_str = |at: usize| {
        let end = bytes[at..].iter().position(|&b| b == 0).unwrap();
        String::from_utf8_lossy(&bytes[at..at + end]).into_owned()
    };
    let mut interpreter = None;
    let (phoff, phentsize, phnum) = (u64_at(0x20), u16_at(0x36), u16_at(0x38));
    for i in 0..phnum {
        let ph = phoff + i * phentsize;
        if u32_at(ph) == 3 {
            interpreter = Some(c_str(u64_at(ph + 8)));
        }
    }
    let mut needed = Vec::new();
    let (shoff, shentsize, shnum) = (u64_at(0x28), u16_at(0x3a), u16_at(0x3c));
    for i in 0..shnum {
        let sh = shoff + i * shentsize;
        if u32_at(sh + 4) != 6 {
            continue; // not SHT_DYNAMIC
        }
        let strtab = shoff + u32_at(sh + 0x28) * shentsize;
        let strings = u64_at(strtab + 0x18);
        let (offset, size) = (u64_at(sh + 0x18), u64_at(sh + 0x20));
        for entry in (offset..offset + size).step_by(16) {
            if u64_at(entry) == 1 {
                needed.push(c_str(strings + u64_at(entry + 8)));
            }
        }
    }
    (interpreter, needed)
}

fn is_addon(file: &str) -> bool {
    Path::new(file).extension().is_some_and(|e| e.eq_ignore_ascii_case("node"))
}

fn native_files(dir: &Path, libc: &str) -> Vec<String> {
    let output = run(dir, &["print", "--libc", libc, "main.js"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
        .lines()
        .filter(|f| is_addon(f) || f.contains(".so") || f.ends_with("/bin/esbuild"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_musl_trace_lists_musl_binaries_only() {
    let Some(dir) = installed("cross") else { return };
    std::fs::write(
        dir.join("main.js"),
        "const sharp = require('sharp');\nconst esbuild = require('esbuild');\n\
         console.log(typeof sharp, esbuild.version);\n",
    )
    .unwrap();
    for (libc, libc_so, other_so) in [
        ("musl", "libc.musl-x86_64.so.1", "libc.so.6"),
        ("glibc", "libc.so.6", "libc.musl-x86_64.so.1"),
    ] {
        let files = native_files(&dir, libc);
        assert!(files.iter().any(|f| is_addon(f)), "{libc}: {files:?}");
        assert!(files.iter().any(|f| f.ends_with("/bin/esbuild")), "{libc}: {files:?}");
        for file in &files {
            let (interpreter, needed) = elf_libc(&dir.join(file));
            assert!(!needed.iter().any(|n| n == other_so), "{libc}: {file} needs {needed:?}");
            if file.ends_with("/bin/esbuild") {
                // Go builds it static: no interpreter, no C library, fits both.
                assert_eq!((interpreter, needed), (None, Vec::<String>::new()), "{file}");
            } else if is_addon(file) {
                assert!(needed.iter().any(|n| n == libc_so), "{libc}: {file} needs {needed:?}");
            }
        }
    }
}
