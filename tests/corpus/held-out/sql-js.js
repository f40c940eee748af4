// corpus entry: sql.js (SQLite compiled to WASM, loads its .wasm at run time)
const initSqlJs = require('sql.js');
initSqlJs().then((SQL) => {
  const db = new SQL.Database();
  db.run('create table t (a); insert into t values (7);');
  console.log(JSON.stringify(db.exec('select a * 6 from t')[0].values));
});
