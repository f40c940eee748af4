// corpus entry: classic-level (LevelDB native addon, prebuilds)
const { ClassicLevel } = require('classic-level');
const fs = require('fs'), os = require('os'), path = require('path');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-level-'));
(async () => {
  const db = new ClassicLevel(dir);
  await db.put('k', 'v');
  console.log(await db.get('k'));
  await db.close();
  fs.rmSync(dir, { recursive: true, force: true });
})();
