// corpus entry: chalk@5.4.1
import chalk from 'chalk';
console.log(typeof chalk.red, chalk.level >= 0);
