// corpus entry: @libsql/client (SQLite driver, native platform package)
const { createClient } = require('@libsql/client');
(async () => {
  const db = createClient({ url: ':memory:' });
  await db.execute('create table t (a integer)');
  await db.execute({ sql: 'insert into t values (?)', args: [42] });
  const rs = await db.execute('select a from t');
  console.log(rs.rows[0].a);
  db.close();
})();
