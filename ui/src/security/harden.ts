/**
 * Prototype-pollution protection that libraries can live with.
 *
 * Tauri's `freezePrototype` freezes `Object.prototype` before any page script runs. That breaks
 * code that *assigns* a property which `Object.prototype` already has on an object inheriting from
 * it — d3-color (inside @xyflow/react) does `prototype.constructor = Color` — because an inherited
 * non-writable property makes assignment fail (the "override mistake"), and in a module (strict
 * code) that throws at import.
 *
 * Instead, each data property of `Object.prototype` becomes an accessor before the prototype is
 * frozen: reading gives the original value; assigning on any other object defines that object's own
 * property (what assignment would do without the freeze); assigning on `Object.prototype` itself
 * throws. Nothing can be added to, removed from or changed on `Object.prototype` afterwards, so
 * `obj.__proto__.polluted = …` or a merge of `{"__proto__": {…}}` cannot reach every object.
 * The page's own first module runs this (see `main.tsx`); the CSP only admits the app's scripts.
 */
export function hardenPrototypes(realm: typeof globalThis = globalThis): void {
  const O = realm.Object;
  const proto = O.prototype;
  if (O.isFrozen(proto)) return;
  for (const key of Reflect.ownKeys(proto)) {
    const desc = O.getOwnPropertyDescriptor(proto, key);
    if (!desc || !("value" in desc) || !desc.configurable) continue;
    const value: unknown = desc.value;
    O.defineProperty(proto, key, {
      get() {
        return value;
      },
      set(this: object, next: unknown) {
        if (this === proto) throw new TypeError(`Object.prototype is frozen: cannot assign ${String(key)}`);
        O.defineProperty(this, key, { value: next, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable,
      configurable: false,
    });
  }
  O.freeze(proto);
}
