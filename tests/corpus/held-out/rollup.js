// corpus entry: rollup (native parser in a platform package)
const { rollup } = require('rollup');
(async () => {
  const bundle = await rollup({
    input: 'main',
    plugins: [{ name: 'virtual', resolveId: (id) => id, load: (id) => (id === 'main' ? "import {x} from 'dep'; console.log(x);" : 'export const x = 1; export const y = 2;') }],
  });
  const { output } = await bundle.generate({ format: 'cjs' });
  console.log(output[0].code.trim());
})();
