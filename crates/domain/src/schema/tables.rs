//! The tables of the routing data layer (spec: routing-data-layer.md, DESIGN.md deviations).

use super::*;

pub static TABLES: &[Table] = &[];
