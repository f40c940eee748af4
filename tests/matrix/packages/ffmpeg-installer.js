// @ffmpeg-installer/ffmpeg finds the binary of its platform package
// (@ffmpeg-installer/linux-x64) at run time; the copy must contain it.
const { execFileSync } = require('child_process');
const ffmpeg = require('@ffmpeg-installer/ffmpeg');

const version = execFileSync(ffmpeg.path, ['-version'], { encoding: 'utf8' }).split('\n')[0];
console.log(version.startsWith('ffmpeg version'), ffmpeg.version);
