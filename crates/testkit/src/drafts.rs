//! SQL only tests send to drafts: what a database holds when its drafts were written before their
//! revision was kept (`V20261203234500__draft_revision`), or when a draft's rows were changed
//! behind the application's back. Kept out of the product's query registry.

use ivr_store::value::Value;
use ivr_store::{queries, Db};
use uuid::Uuid;

queries! {
    /// Tests only: forgets a draft's kept revision (a draft opened before it was kept).
    TESTKIT_FORGET_DRAFT_REVISION {
        mssql: "DELETE FROM ivr.seg_ChangeSetRevision WHERE ChangeSetId = @P1",
        sqlite: ["DELETE FROM seg_ChangeSetRevision WHERE ChangeSetId = ?1"],
    }
    /// Tests only: sets a draft's kept revision sum (one that no longer matches its rows).
    TESTKIT_SET_DRAFT_REVISION {
        mssql: "UPDATE ivr.seg_ChangeSetRevision SET RevisionSum = @P2 WHERE ChangeSetId = @P1",
        sqlite: ["UPDATE seg_ChangeSetRevision SET RevisionSum = ?2 WHERE ChangeSetId = ?1"],
    }
}

/// Deletes the kept revision of draft `id`; returns the rows deleted.
pub async fn forget_draft_revision(db: &Db, id: Uuid) -> u64 {
    db.execute(&TESTKIT_FORGET_DRAFT_REVISION, &[Value::Uuid(id)])
        .await
        .expect("forget a draft's revision")
}

/// Overwrites the kept revision sum of draft `id`; returns the rows changed.
pub async fn set_draft_revision(db: &Db, id: Uuid, sum: &str) -> u64 {
    db.execute(&TESTKIT_SET_DRAFT_REVISION, &[Value::Uuid(id), sum.into()])
        .await
        .expect("set a draft's revision")
}
