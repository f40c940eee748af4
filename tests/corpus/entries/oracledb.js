// corpus entry: oracledb (driver; thin mode, thick-mode binaries shipped in the package)
const oracledb = require('oracledb');
console.log(oracledb.thin, typeof oracledb.getConnection, oracledb.OUT_FORMAT_OBJECT);
