// corpus entry: @parcel/watcher (native addon, platform package)
const watcher = require('@parcel/watcher');
console.log(typeof watcher.subscribe, typeof watcher.getEventsSince);
