import { existsSync } from 'fs';
import * as path from 'path';

export function greet(word) {
  const extra = existsSync(path.join(__dirname, '..', 'data', 'extra.txt')) ? '+' : '-';
  return `${word}${extra}`;
}
