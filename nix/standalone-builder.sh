# shellcheck shell=bash
# Builder of nix/standalone.nix: the hook's trace and install steps on a copy of the app.
set -euo pipefail

# The substitutions makeSetupHook makes in nix/hook.nix.
sed -e "s|@nftRs@|$nftRs|g" -e "s|@node@|$node|g" "$hookSource" > "$NIX_BUILD_TOP/hook.sh"
# shellcheck source=/dev/null
source "$NIX_BUILD_TOP/hook.sh"

# The tracing root: the app folder less its relativeAppDir (a workspace root).
rel=$(nftRsNextAppDir="$appDir" nftRsNextRelativeAppDir)
root=$appDir
if [ -n "$rel" ]; then
    IFS=/ read -r -a parts <<< "$rel"
    for _ in "${parts[@]}"; do root=$(dirname "$root"); done
fi

# nft-rs writes only into the app's .next: the rest is hard-linked when it can be.
src="$NIX_BUILD_TOP/src"
cp -al "$root" "$src" 2>/dev/null || { rm -rf "$src"; cp -a "$root" "$src"; }
app="$src${rel:+/$rel}"
rm -rf "$app/.next"
mkdir "$app/.next"
(cd "$appDir/.next" && tar --exclude=./standalone --exclude=./cache -cf - .) | (cd "$app/.next" && tar -xf -)

cd "$app"
nftRsNextAppDir=.
nftRsNextName=$name
nftRsNextTrace
nftRsNextInstall
# Nor the app's own folder outside the store.
nftRsNextCheck "$out" "$root"
