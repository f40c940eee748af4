exports.greet = (name) => `hello ${name} from a webpack bundle`;
