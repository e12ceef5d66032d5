// The one Node API the tests use (a fresh JavaScript realm for the prototype-hardening test);
// the UI itself never runs in Node, so @types/node is not a dependency.
declare module "node:vm" {
  export function runInNewContext(code: string): unknown;
}
