import { describe, expect, it } from "vitest";
import { driftSentence, pendingObjectSentence } from "./drift";

describe("driftSentence", () => {
  it("says what is missing, extra or different, and where", () => {
    expect(driftSentence({ kind: "missing", object: "index", table: "cfg_Dic_Voice", name: "UX_Voice_Code", expected: "UNIQUE (Code)", actual: null })).toBe(
      "Index UX_Voice_Code on table cfg_Dic_Voice is missing from the database; the schema model expects UNIQUE (Code).",
    );
    expect(driftSentence({ kind: "extra", object: "table", table: "tmp_Old", name: "tmp_Old", expected: null, actual: null })).toBe(
      "Table tmp_Old is in the database but not in the schema model.",
    );
    expect(driftSentence({ kind: "different", object: "column", table: "rt_RoutingTable", name: "SourceId", expected: "VARCHAR(64) NOT NULL", actual: "VARCHAR(32) NOT NULL" })).toBe(
      "Column SourceId on table rt_RoutingTable differs: the schema model expects VARCHAR(64) NOT NULL, the database has VARCHAR(32) NOT NULL.",
    );
  });
});

describe("pendingObjectSentence", () => {
  it("says the object is due, not missing", () => {
    expect(pendingObjectSentence({ kind: "missing", object: "index", table: "msg_MessageKey", name: "IX_MessageKey_Name", expected: "(MessageKey)", actual: null })).toBe(
      "Index IX_MessageKey_Name on table msg_MessageKey will be created when the pending migrations are deployed",
    );
  });
});
