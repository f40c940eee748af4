'use strict';
// Preloaded into Next's child processes (`NODE_OPTIONS=--require`, set by the
// adapter's modifyConfig in the main build process) so that a worker that
// traces without loading next.config (the parallel collect-build-traces
// worker) gets the redirect too. Loads nothing native until Next traces.
if (process.env.NFT_RS_ADAPTER_REDIRECT !== '0') require('./redirect.js').installRedirect({ lazy: true });
