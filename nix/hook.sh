# shellcheck shell=bash
# nft-rs's Next.js setup hook (`nftRsNextHook`). Added to the nativeBuildInputs of a
# derivation that runs `next build` (nixpkgs' buildNpmPackage, or lib.buildNextStandalone),
# it
# - after the build phase, runs `nft-rs trace --relocatable --with-static` in the app
#   (the traces and a `.next/standalone` that holds no build path and can be read-only);
# - installs that standalone folder as $out/share/<name> and a wrapper $out/bin/<name>
#   that starts its server.js with Node (PORT, HOSTNAME, NFT_RS_CACHE_DIR, … from the
#   environment), replacing npm's install phase;
# - fails the build when $out holds an absolute or dangling symlink or names the build
#   directory.
#
# Variables (all optional): nftRsNextAppDir (default: .), nftRsNextName (default: $pname),
# nftRsTraceFlags (extra `nft-rs trace` options, e.g. "--dereference"),
# dontNftRsNextTrace, dontNftRsNextInstall, dontNftRsNextCheck.
# @nftRs@ and @node@ are substituted by makeSetupHook (nix/hook.nix).

nftRsNextTrace() {
    local appDir=${nftRsNextAppDir:-.}
    echo "nft-rs: tracing the Next.js build in $appDir"
    # shellcheck disable=SC2086
    @nftRs@ trace "$appDir" --relocatable --with-static ${nftRsTraceFlags-}
}

# The app's folder inside the standalone tree (non-empty in a monorepo).
nftRsNextRelativeAppDir() {
    local appDir=${nftRsNextAppDir:-.}
    @node@ -e 'process.stdout.write(String(require(require("path").resolve(process.argv[1], ".next/required-server-files.json")).relativeAppDir || ""))' "$appDir"
}

nftRsNextInstall() {
    local appDir=${nftRsNextAppDir:-.}
    local name=${nftRsNextName:-${pname:-$name}}
    local share="$out/share/$name"
    local relApp
    relApp=$(nftRsNextRelativeAppDir)
    if [ ! -f "$appDir/.next/standalone/${relApp:+$relApp/}server.js" ]; then
        echo "nft-rs: $appDir/.next/standalone has no server.js: did nftRsNextTrace run?" >&2
        return 1
    fi
    mkdir -p "$out/share" "$out/bin"
    cp -a "$appDir/.next/standalone" "$share"
    local server="$share/${relApp:+$relApp/}server.js"
    {
        echo "#!${BASH:-/bin/sh}"
        echo "# Starts the Next.js app $name (nft-rs standalone). Reads PORT, HOSTNAME,"
        echo "# KEEP_ALIVE_TIMEOUT and NFT_RS_CACHE_DIR (where ISR pages and optimised images go)."
        echo "exec @node@ $server \"\$@\""
    } > "$out/bin/$name"
    chmod 0555 "$out/bin/$name"
    if [ -z "${dontNftRsNextCheck-}" ]; then
        # The build's folders; NIX_BUILD_TOP (/build in the sandbox) only when it is
        # not a parent of the app's, which says more.
        local top=${NIX_BUILD_TOP-}
        if [ -n "$top" ] && [ "${PWD#"$top"/}" != "$PWD" ]; then top=""; fi
        nftRsNextCheck "$out" "$PWD" "$top" "$(nftRsNextBuiltRoot)"
    fi
}

# The build directory Next.js recorded (outputFileTracingRoot), which must not leak.
nftRsNextBuiltRoot() {
    local appDir=${nftRsNextAppDir:-.}
    @node@ -e 'process.stdout.write(String(require(require("path").resolve(process.argv[1], ".next/required-server-files.json")).config.outputFileTracingRoot || ""))' "$appDir"
}

# nftRsNextCheck OUT [FORBIDDEN_STRING...]: no absolute or dangling link in OUT, and no
# file naming any of the given directories.
nftRsNextCheck() {
    local out=$1
    shift
    local bad=0 link target
    while IFS= read -r -d '' link; do
        target=$(readlink "$link")
        if [ "${target#/}" != "$target" ]; then
            echo "nft-rs: absolute symlink $link -> $target" >&2
            bad=1
        elif [ ! -e "$link" ]; then
            echo "nft-rs: dangling symlink $link -> $target" >&2
            bad=1
        fi
    done < <(find "$out" -type l -print0)
    local dir hits pattern
    for dir in "$@"; do
        # "/" or "" would match everything; /nix/store paths are allowed references.
        if [ ${#dir} -le 1 ] || [ "${dir#/nix/store}" != "$dir" ]; then continue; fi
        # The directory as a whole path: not preceded or followed by a path character
        # (".../dist/build/x" is no mention of a build directory /build).
        pattern=$(printf '%s' "$dir" | sed 's/[][\\.*^$+?(){}|]/\\&/g')
        hits=$(grep -rlE -- "(^|[^[:alnum:]._/-])$pattern(/|[^[:alnum:]._-]|\$)" "$out" | head -5 || true)
        if [ -n "$hits" ]; then
            echo "nft-rs: the build directory $dir is named in:" >&2
            echo "$hits" >&2
            bad=1
        fi
    done
    return $bad
}

nftRsNextInstallPhase() {
    runHook preInstall
    nftRsNextInstall
    runHook postInstall
}

if [ -z "${dontNftRsNextTrace-}" ]; then
    postBuildHooks+=(nftRsNextTrace)
fi
# Take the install phase over unless the derivation wrote its own (npm's install hook,
# sourced before or after this one, would install the whole node_modules otherwise).
if [ -z "${dontNftRsNextInstall-}" ]; then
    if [ -z "${installPhase-}" ] || [ "${installPhase-}" = npmInstallPhase ]; then
        installPhase=nftRsNextInstallPhase
    fi
    dontNpmInstall=1
fi
