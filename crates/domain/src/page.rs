//! One page of a list (routing entries, audit rows, message keys, a key's audit): every list
//! answers the same shape, so the UI pages them all with one component.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Rows matching the filter, on every page.
    pub total: i64,
    /// Rows skipped before this page.
    pub offset: i64,
    /// The page size asked for (after the use case's bounds).
    pub limit: i64,
}

impl<T> Page<T> {
    /// The same page with each item turned into another (a store's row into the answer's item).
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            offset: self.offset,
            limit: self.limit,
        }
    }
}
