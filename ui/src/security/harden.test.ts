import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { hardenPrototypes } from "./harden";

/** The error another realm threw is not an instance of this realm's TypeError: compare names. */
const typeError = { name: "TypeError" };

/** Runs `body` in a fresh JavaScript realm (strict mode, like modules) after hardening it. */
function inHardenedRealm(body: string): unknown {
  return runInNewContext(`"use strict"; (${hardenPrototypes.toString()})(globalThis); (() => { ${body} })()`);
}

describe("prototype hardening", () => {
  it("blocks prototype pollution from page scripts", () => {
    expect(inHardenedRealm("return Object.isFrozen(Object.prototype)")).toBe(true);
    expect(() => inHardenedRealm("Object.prototype.polluted = 1")).toThrow(expect.objectContaining(typeError));
    expect(() => inHardenedRealm("({}).__proto__.polluted = 1")).toThrow(expect.objectContaining(typeError));
    expect(() => inHardenedRealm("Object.defineProperty(Object.prototype, 'polluted', { value: 1 })")).toThrow(expect.objectContaining(typeError));
    // The classic gadget: a naive deep merge of attacker JSON.
    const merged = inHardenedRealm(`
      const merge = (t, s) => { for (const k in s) { if (typeof s[k] === "object" && s[k] !== null) { t[k] ??= {}; merge(t[k], s[k]); } else t[k] = s[k]; } return t; };
      try { merge({}, JSON.parse('{"__proto__": {"isAdmin": true}}')); } catch (e) { /* refused */ }
      return { isAdmin: ({}).isAdmin, own: Object.keys(Object.prototype) };
    `);
    expect(merged).toEqual({ isAdmin: undefined, own: [] });
    // Built-ins cannot be replaced on the prototype either.
    expect(() => inHardenedRealm("Object.prototype.toString = () => 'x'")).toThrow(expect.objectContaining(typeError));
    expect(inHardenedRealm("return ({}).toString()")).toBe("[object Object]");
  });

  it("still lets an object override an inherited property (what d3-color does at import)", () => {
    const r = inHardenedRealm(`
      function Color() {}
      const prototype = Object.create(Object.prototype);
      Color.prototype = prototype;
      prototype.constructor = Color;          // d3-color's define()
      prototype.toString = function () { return "rgb"; };
      const c = new Color();
      return [c.constructor === Color, String(c), Object.getOwnPropertyDescriptor(prototype, "constructor").writable, ({}).constructor === Object];
    `);
    expect(r).toEqual([true, "rgb", true, true]);
  });

  it("without it the same import fails once Object.prototype is frozen (Tauri's freezePrototype)", () => {
    expect(() =>
      runInNewContext(`"use strict"; Object.freeze(Object.prototype); const p = {}; p.constructor = function Color() {};`),
    ).toThrow(expect.objectContaining(typeError));
  });
});
