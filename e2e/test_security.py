"""Prototype pollution from page scripts is blocked in the real app, while libraries that override
an inherited property on their own objects (d3-color inside @xyflow/react) still load."""

POLLUTE = """
'use strict';
const out = {};
const attempt = (name, f) => { try { f(); out[name] = 'allowed'; } catch (e) { out[name] = e.name; } };
attempt('assign', () => { Object.prototype.polluted = 1; });
attempt('viaProto', () => { ({}).__proto__.polluted = 1; });
attempt('define', () => { Object.defineProperty(Object.prototype, 'polluted', { value: 1 }); });
attempt('replaceBuiltin', () => { Object.prototype.toString = () => 'owned'; });
const merge = (t, s) => { for (const k in s) { if (typeof s[k] === 'object' && s[k] !== null) { if (t[k] === undefined) t[k] = {}; merge(t[k], s[k]); } else t[k] = s[k]; } return t; };
attempt('merge', () => merge({}, JSON.parse('{"__proto__": {"isAdmin": true}}')));
out.frozen = Object.isFrozen(Object.prototype);
out.leaked = [({}).polluted, ({}).isAdmin, String({})];
// What d3-color does at import: an object overrides an inherited property for itself.
function Color() {}
Color.prototype = Object.create(Object.prototype);
attempt('override', () => { Color.prototype.constructor = Color; Color.prototype.toString = function () { return 'rgb'; }; });
out.overridden = [new Color().constructor === Color, String(new Color()), ({}).constructor === Object];
return out;
"""


def test_prototype_pollution_is_blocked_and_overrides_still_work(launch):
    app = launch()
    app.visible("tier-banner")
    out = app.driver.execute_script(POLLUTE)
    assert out["frozen"] is True, out
    for attempt in ("assign", "viaProto", "define", "replaceBuiltin"):
        assert out[attempt] == "TypeError", (attempt, out)
    # The merge gadget either throws or writes nothing onto Object.prototype; nothing leaks.
    assert out["leaked"] == [None, None, "[object Object]"], out
    assert out["override"] == "allowed" and out["overridden"] == [True, "rgb", True], out
