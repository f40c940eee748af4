# nftRsNextHook: the setup hook (./hook.sh) with the nft-rs and Node.js it runs.
{ makeSetupHook, nft-rs, nodejs }:

makeSetupHook {
  name = "nft-rs-next-hook";
  propagatedBuildInputs = [ nft-rs ];
  substitutions = {
    nftRs = "${nft-rs}/bin/nft-rs";
    node = "${nodejs}/bin/node";
  };
  meta.description = "Runs `nft-rs trace --relocatable --with-static` after `next build` and installs the standalone app";
} ./hook.sh
