# lib.buildNextStandalone: a Next.js app as a store path, via buildNpmPackage and
# nftRsNextHook. `npm run build` (i.e. `next build`) runs as usual; the hook traces the
# build and installs $out/share/<pname> (the relocatable standalone folder, with
# public/ and .next/static) and $out/bin/<pname>.
#
# Arguments: src, npmDepsHash (as for buildNpmPackage), pname (default: package.json's
# name), version (default: package.json's version or "0"), appDir (the app inside src,
# for a workspace: e.g. "apps/web"; default "."), traceFlags (extra `nft-rs trace`
# options), and anything else buildNpmPackage takes.
{ lib, buildNpmPackage, nodejs, nftRsNextHook }:

{ src
, npmDepsHash
, appDir ? "."
, traceFlags ? [ ]
, nativeBuildInputs ? [ ]
, env ? { }
, meta ? { }
, ...
}@args:

let
  packageJson = lib.importJSON (src + "/${appDir}/package.json");
  # "@acme/shop" -> "acme-shop"
  pname = args.pname or (lib.strings.sanitizeDerivationName
    (lib.replaceStrings [ "@" "/" ] [ "" "-" ] (packageJson.name or "next-app")));
  version = args.version or (packageJson.version or "0");
  extra = removeAttrs args [ "appDir" "traceFlags" "pname" "version" "nativeBuildInputs" "env" "meta" ];
in
buildNpmPackage (extra // {
  inherit pname version nodejs;
  nativeBuildInputs = nativeBuildInputs ++ [ nftRsNextHook ];
  nftRsNextAppDir = appDir;
  nftRsNextName = pname;
  nftRsTraceFlags = lib.escapeShellArgs traceFlags;
  env = {
    NEXT_TELEMETRY_DISABLED = "1";
  } // env;
  meta = {
    mainProgram = pname;
    platforms = nodejs.meta.platforms or lib.platforms.unix;
  } // meta;
})
