// Default imports of CommonJS builtins: compiled through interop helpers
// (__importDefault, _interopRequireDefault, __toESM, _interop_require_default).
import path from 'path';
import fs from 'fs';
import * as fsNs from 'fs';

const messages = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'messages.json'), 'utf8'));
const page = fsNs.readFileSync(path.join(__dirname, 'templates', 'page.html'), 'utf8');
console.log(messages.hello, page.trim().length);
