// corpus entry: smol-toml
import { parse, stringify } from 'smol-toml';
console.log(JSON.stringify(parse('a = 1\n[b]\nc = "d"')), stringify({ e: [1, 2] }));
