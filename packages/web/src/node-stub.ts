// What the console's bundle gets for the Node built-ins that @strata/core's server-side modules
// import (node:crypto, node:fs, ...). The page never calls them; if it ever did, it fails loudly.
const unavailable = (): never => {
  throw new Error('not available in the browser');
};

export const createHash = unavailable;
export const randomBytes = unavailable;
export const randomFillSync = unavailable;
export const randomUUID = unavailable;
export const createCipheriv = unavailable;
export const createDecipheriv = unavailable;
export const timingSafeEqual = unavailable;
export const readFileSync = unavailable;
export const statSync = unavailable;
export const homedir = unavailable;
export const join = unavailable;
export const dirname = unavailable;
export const fileURLToPath = unavailable;
export default {};
export const readFile = unavailable;
export const writeFile = unavailable;
export const mkdir = unavailable;
export const rename = unavailable;
