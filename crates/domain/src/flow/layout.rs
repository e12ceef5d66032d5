//! Auto-layout: a layered drawing of a flow (or of some of its segments), left to right or top to
//! bottom, for the designer's "lay out" gesture. Pure and fast: linear passes plus a few sorts,
//! milliseconds for thousands of segments (the benchmark prints the numbers).
//!
//! Steps (the classic layered approach, kept simple):
//! 1. **Cycles**: a depth-first walk from the entry segments (then from any segment not reached)
//!    marks the transitions that lead back to a segment still on the walk (retry loops); they
//!    are left out of layering, every other transition points forward.
//! 2. **Layers**: longest path from the entries; a segment nothing leads to (other than an entry)
//!    is pulled next to the first segment it leads to.
//! 3. **Order within layers**: a few barycenter sweeps (down, then up): each segment moves to the
//!    mean rank of its neighbours in the layers already ordered, which removes most crossings.
//! 4. **Coordinates**: layers at a fixed distance; within a layer each segment is placed as close
//!    as possible to the mean position of its neighbours while keeping the order and the minimum
//!    gap (an exact least-squares placement, pool-adjacent-violators), in a few passes.

use super::Flow;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Which way transitions point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Direction {
    #[default]
    LeftToRight,
    TopToBottom,
}

/// Sizes the drawing keeps free (canvas units).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LayoutOptions {
    pub direction: Direction,
    /// Node box (the largest node the canvas draws).
    pub node_width: f64,
    pub node_height: f64,
    /// Free space between two layers.
    pub layer_gap: f64,
    /// Free space between two segments of one layer.
    pub node_gap: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            direction: Direction::LeftToRight,
            node_width: 240.0,
            node_height: 96.0,
            layer_gap: 80.0,
            node_gap: 32.0,
        }
    }
}

/// Where a segment goes (its node's top-left corner).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Position {
    pub segment: String,
    pub x: f64,
    pub y: f64,
}

/// The result of a layout: a position per laid-out segment, in name order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Layout {
    pub positions: Vec<Position>,
    /// Number of layers.
    pub layers: usize,
    /// Transitions that point backwards (loops), out of all transitions between laid-out segments.
    pub back_edges: usize,
    pub edges: usize,
}

const SWEEPS: usize = 4;
const PLACEMENT_PASSES: usize = 4;

/// Lays out `flow`'s segments, or only those named in `selection` (transitions to other segments
/// are ignored). `entries` are the segments calls start at (layer 0). With a selection, the result
/// keeps the selection's top-left corner where it was; otherwise it starts at (0, 0).
pub fn layout(
    flow: &Flow,
    entries: &[String],
    selection: Option<&[String]>,
    opts: &LayoutOptions,
) -> Layout {
    let picked: Option<BTreeSet<&str>> = selection.map(|s| s.iter().map(String::as_str).collect());
    // Nodes in name order (the flow keeps segments sorted), so equal input gives equal output.
    let nodes: Vec<&super::Segment> = flow
        .segments
        .iter()
        .filter(|s| picked.as_ref().is_none_or(|p| p.contains(s.name.as_str())))
        .collect();
    let n = nodes.len();
    let index: HashMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, s)| (s.name.as_str(), i))
        .collect();
    // Successors without duplicates or self-loops, in transition order.
    let succ: Vec<Vec<usize>> = nodes
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut out: Vec<usize> = Vec::new();
            for t in &s.transitions {
                if let Some(&j) = index.get(t.next.as_str()) {
                    if j != i && !out.contains(&j) {
                        out.push(j);
                    }
                }
            }
            out
        })
        .collect();
    let edges: usize = succ.iter().map(Vec::len).sum();

    let roots = roots(&nodes, &index, &succ, entries);
    let forward = break_cycles(n, &succ, &roots);
    let back_edges = edges - forward.iter().map(Vec::len).sum::<usize>();
    let entry_set: BTreeSet<usize> = entries
        .iter()
        .filter_map(|e| index.get(e.as_str()).copied())
        .collect();
    let layer = assign_layers(n, &forward, &entry_set);
    let layers = layer.iter().max().map_or(0, |m| m + 1);

    // All neighbours (both directions, loops included) pull on order and position.
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (u, vs) in succ.iter().enumerate() {
        for &v in vs {
            pred[v].push(u);
        }
    }
    let mut rows: Vec<Vec<usize>> = vec![Vec::new(); layers];
    for (i, &l) in layer.iter().enumerate() {
        rows[l].push(i);
    }
    order_layers(&mut rows, &layer, &pred, &succ);
    let across = place(&rows, &layer, &pred, &succ, opts);

    let (along_step, _) = steps(opts);
    let mut positions: Vec<Position> = (0..n)
        .map(|i| {
            let a = layer[i] as f64 * along_step;
            let (x, y) = match opts.direction {
                Direction::LeftToRight => (a, across[i]),
                Direction::TopToBottom => (across[i], a),
            };
            Position {
                segment: nodes[i].name.clone(),
                x,
                y,
            }
        })
        .collect();
    // Anchor: the selection's current top-left corner, or the origin.
    let anchor = selection
        .and_then(|_| {
            nodes
                .iter()
                .filter_map(|s| s.ui.as_ref())
                .fold(None, |m: Option<(f64, f64)>, u| {
                    Some(m.map_or((u.x, u.y), |(x, y)| (x.min(u.x), y.min(u.y))))
                })
        })
        .unwrap_or((0.0, 0.0));
    let min_x = positions.iter().map(|p| p.x).fold(f64::INFINITY, f64::min);
    let min_y = positions.iter().map(|p| p.y).fold(f64::INFINITY, f64::min);
    for p in &mut positions {
        p.x = (p.x - min_x + anchor.0).round();
        p.y = (p.y - min_y + anchor.1).round();
    }
    Layout {
        positions,
        layers,
        back_edges,
        edges,
    }
}

/// (distance between layers, distance between neighbours within a layer).
fn steps(opts: &LayoutOptions) -> (f64, f64) {
    let (w, h) = (opts.node_width.max(1.0), opts.node_height.max(1.0));
    match opts.direction {
        Direction::LeftToRight => (w + opts.layer_gap.max(0.0), h + opts.node_gap.max(0.0)),
        Direction::TopToBottom => (h + opts.layer_gap.max(0.0), w + opts.node_gap.max(0.0)),
    }
}

/// Walk order: the entries, then segments nothing leads to, then the rest (all in name order).
fn roots(
    nodes: &[&super::Segment],
    index: &HashMap<&str, usize>,
    succ: &[Vec<usize>],
    entries: &[String],
) -> Vec<usize> {
    let n = nodes.len();
    let mut has_pred = vec![false; n];
    for vs in succ {
        for &v in vs {
            has_pred[v] = true;
        }
    }
    let mut out: Vec<usize> = entries
        .iter()
        .filter_map(|e| index.get(e.as_str()).copied())
        .collect();
    out.extend((0..n).filter(|&i| !has_pred[i]));
    out.extend(0..n);
    out
}

/// Depth-first from `roots` (iteratively: flows can be deep); returns the forward successors,
/// without the transitions that lead back to a segment still on the walk.
fn break_cycles(n: usize, succ: &[Vec<usize>], roots: &[usize]) -> Vec<Vec<usize>> {
    const NEW: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; n];
    let mut forward: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for &r in roots {
        if state[r] != NEW {
            continue;
        }
        state[r] = ON_PATH;
        stack.push((r, 0));
        while let Some(&mut (u, ref mut next)) = stack.last_mut() {
            if let Some(&v) = succ[u].get(*next) {
                *next += 1;
                match state[v] {
                    ON_PATH => {} // a loop back: not used for layering
                    NEW => {
                        forward[u].push(v);
                        state[v] = ON_PATH;
                        stack.push((v, 0));
                    }
                    _ => forward[u].push(v),
                }
            } else {
                state[u] = DONE;
                stack.pop();
            }
        }
    }
    forward
}

/// Longest path from the sources over the forward transitions; sources that are not entries are
/// then pulled up to one layer before their nearest successor.
fn assign_layers(n: usize, forward: &[Vec<usize>], entries: &BTreeSet<usize>) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    for vs in forward {
        for &v in vs {
            indegree[v] += 1;
        }
    }
    let sources: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut queue: std::collections::VecDeque<usize> = sources.iter().copied().collect();
    let mut layer = vec![0usize; n];
    let mut topo = Vec::with_capacity(n);
    while let Some(u) = queue.pop_front() {
        topo.push(u);
        for &v in &forward[u] {
            layer[v] = layer[v].max(layer[u] + 1);
            indegree[v] -= 1;
            if indegree[v] == 0 {
                queue.push_back(v);
            }
        }
    }
    for s in sources {
        if entries.contains(&s) {
            continue;
        }
        if let Some(m) = forward[s].iter().map(|&v| layer[v]).min() {
            layer[s] = m.saturating_sub(1);
        }
    }
    layer
}

/// Barycenter sweeps: each layer is sorted by the mean relative rank of its neighbours in the
/// other layers (predecessors going down, successors going up); segments without such neighbours
/// keep their place.
fn order_layers(
    rows: &mut [Vec<usize>],
    layer: &[usize],
    pred: &[Vec<usize>],
    succ: &[Vec<usize>],
) {
    let n = layer.len();
    let mut rank = vec![0.0f64; n];
    let set_ranks = |rows: &[Vec<usize>], rank: &mut Vec<f64>| {
        for row in rows {
            let len = row.len().max(1) as f64;
            for (k, &i) in row.iter().enumerate() {
                rank[i] = (k as f64 + 0.5) / len;
            }
        }
    };
    set_ranks(rows, &mut rank);
    for sweep in 0..SWEEPS {
        let down = sweep % 2 == 0;
        let order: Vec<usize> = if down {
            (0..rows.len()).collect()
        } else {
            (0..rows.len()).rev().collect()
        };
        for l in order {
            let row = &mut rows[l];
            let len = row.len().max(1) as f64;
            let mut keyed: Vec<(f64, usize)> = row
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let neighbours = if down { &pred[i] } else { &succ[i] };
                    let (sum, count) = neighbours
                        .iter()
                        .filter(|&&j| if down { layer[j] < l } else { layer[j] > l })
                        .fold((0.0, 0usize), |(s, c), &j| (s + rank[j], c + 1));
                    let key = if count == 0 {
                        (k as f64 + 0.5) / len
                    } else {
                        sum / count as f64
                    };
                    (key, i)
                })
                .collect();
            // Stable: ties keep their current order.
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            *row = keyed.into_iter().map(|(_, i)| i).collect();
            for (k, &i) in row.iter().enumerate() {
                rank[i] = (k as f64 + 0.5) / len;
            }
        }
    }
}

/// Positions across the layers (y when left to right), keeping each layer's order and gaps.
fn place(
    rows: &[Vec<usize>],
    layer: &[usize],
    pred: &[Vec<usize>],
    succ: &[Vec<usize>],
    opts: &LayoutOptions,
) -> Vec<f64> {
    let (_, sep) = steps(opts);
    let mut pos = vec![0.0f64; layer.len()];
    for row in rows {
        let half = (row.len() as f64 - 1.0) * sep / 2.0;
        for (k, &i) in row.iter().enumerate() {
            pos[i] = k as f64 * sep - half;
        }
    }
    for pass in 0..PLACEMENT_PASSES {
        let down = pass % 2 == 0;
        let order: Vec<usize> = if down {
            (1..rows.len()).collect()
        } else {
            (0..rows.len().saturating_sub(1)).rev().collect()
        };
        for l in order {
            let row = &rows[l];
            let desired: Vec<f64> = row
                .iter()
                .map(|&i| {
                    let neighbours = if down { &pred[i] } else { &succ[i] };
                    let (sum, count) = neighbours
                        .iter()
                        .filter(|&&j| layer[j] != l)
                        .fold((0.0, 0usize), |(s, c), &j| (s + pos[j], c + 1));
                    if count == 0 {
                        pos[i]
                    } else {
                        sum / count as f64
                    }
                })
                .collect();
            for (k, y) in spaced(&desired, sep).into_iter().enumerate() {
                pos[row[k]] = y;
            }
        }
    }
    pos
}

/// The positions closest (least squares) to `desired` that keep their order with at least `sep`
/// between neighbours: with z_i = y_i − i·sep the constraint is "z non-decreasing", an isotonic
/// regression solved by pooling adjacent violators.
fn spaced(desired: &[f64], sep: f64) -> Vec<f64> {
    // Blocks of (mean, weight).
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(desired.len());
    for (i, d) in desired.iter().enumerate() {
        blocks.push((d - i as f64 * sep, 1));
        while blocks.len() > 1 {
            let (m2, w2) = blocks[blocks.len() - 1];
            let (m1, w1) = blocks[blocks.len() - 2];
            if m1 <= m2 {
                break;
            }
            blocks.pop();
            let w = w1 + w2;
            let last = blocks.len() - 1;
            blocks[last] = ((m1 * w1 as f64 + m2 * w2 as f64) / w as f64, w);
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (m, w) in blocks {
        for _ in 0..w {
            out.push(m + out.len() as f64 * sep);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Segment, Transition};
    use super::*;

    /// A flow from (source, result, next) triples; every named segment exists.
    fn flow(edges: &[(&str, &str, &str)], extra: &[&str]) -> Flow {
        let mut f = Flow::new("r");
        for (a, _, b) in edges {
            for n in [a, b] {
                if f.segment(n).is_none() {
                    f.insert(Segment::new(*n, "menu"));
                }
            }
        }
        for n in extra {
            f.insert(Segment::new(*n, "menu"));
        }
        for (a, r, b) in edges {
            f.segment_mut(a).unwrap().transitions.push(Transition {
                result: (*r).into(),
                context_key: None,
                next: (*b).into(),
            });
        }
        f.normalize();
        f
    }

    /// A deterministic IVR-like flow: each segment leads to 1–3 of the next few, every 7th loops
    /// back to an earlier menu, the last ones hang up.
    fn ivr_like(n: usize) -> Flow {
        let name = |i: usize| format!("s{i:05}");
        let mut f = Flow::new("r");
        for i in 0..n {
            f.insert(Segment::new(name(i), "menu"));
        }
        let mut seed = 12345u64;
        let mut rnd = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % m.max(1)
        };
        for i in 0..n {
            let mut ts = Vec::new();
            for r in 0..(1 + rnd(3)) {
                let j = i + 1 + rnd(6);
                if j < n {
                    ts.push(Transition {
                        result: format!("r{r}"),
                        context_key: None,
                        next: name(j),
                    });
                }
            }
            if i % 7 == 3 && i > 10 {
                ts.push(Transition {
                    result: "retry".into(),
                    context_key: None,
                    next: name(i - 1 - rnd(10)),
                });
            }
            f.segment_mut(&name(i)).unwrap().transitions = ts;
        }
        f.normalize();
        f
    }

    fn at<'a>(l: &'a Layout, name: &str) -> &'a Position {
        l.positions.iter().find(|p| p.segment == name).unwrap()
    }

    fn assert_no_overlaps(l: &Layout, o: &LayoutOptions) {
        let mut boxes: Vec<(f64, f64)> = l.positions.iter().map(|p| (p.x, p.y)).collect();
        boxes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                if b.0 >= a.0 + o.node_width {
                    break;
                }
                assert!(
                    (b.1 - a.1).abs() >= o.node_height,
                    "nodes at {a:?} and {b:?} overlap"
                );
            }
        }
    }

    fn forward_share(f: &Flow, l: &Layout, dir: Direction) -> f64 {
        let (mut fwd, mut all) = (0, 0);
        for s in &f.segments {
            for t in &s.transitions {
                if t.next == s.name {
                    continue;
                }
                let (a, b) = (at(l, &s.name), at(l, &t.next));
                all += 1;
                let forward = match dir {
                    Direction::LeftToRight => b.x > a.x,
                    Direction::TopToBottom => b.y > a.y,
                };
                fwd += usize::from(forward);
            }
        }
        fwd as f64 / all.max(1) as f64
    }

    #[test]
    fn a_chain_with_a_loop_is_laid_out_in_layers_from_the_entry() {
        let f = flow(
            &[
                ("start", "done", "menu"),
                ("menu", "1", "sales"),
                ("menu", "2", "support"),
                ("sales", "done", "bye"),
                ("support", "done", "bye"),
                ("support", "retry", "menu"),
            ],
            &[],
        );
        let o = LayoutOptions::default();
        let l = layout(&f, &["start".into()], None, &o);
        assert_eq!(l.layers, 4);
        assert_eq!((l.edges, l.back_edges), (6, 1));
        let x = |n: &str| at(&l, n).x;
        assert_eq!(x("start"), 0.0);
        assert!(x("start") < x("menu") && x("menu") < x("sales") && x("sales") < x("bye"));
        assert_eq!(x("sales"), x("support"));
        // The two branches straddle the menu, the menu sits between them.
        let y = |n: &str| at(&l, n).y;
        assert!((y("sales") - y("support")).abs() >= o.node_height);
        assert!(
            y("menu") >= y("sales").min(y("support")) && y("menu") <= y("sales").max(y("support"))
        );
        assert_no_overlaps(&l, &o);
        // Top to bottom: the same layers on y.
        let o2 = LayoutOptions {
            direction: Direction::TopToBottom,
            ..o
        };
        let l2 = layout(&f, &["start".into()], None, &o2);
        assert!(at(&l2, "start").y < at(&l2, "menu").y);
        assert_eq!(at(&l2, "sales").y, at(&l2, "support").y);
        assert_no_overlaps(&l2, &o2);
    }

    #[test]
    fn layouts_of_big_flows_have_no_overlaps_and_edges_point_forward() {
        let f = ivr_like(600);
        for dir in [Direction::LeftToRight, Direction::TopToBottom] {
            let o = LayoutOptions {
                direction: dir,
                ..LayoutOptions::default()
            };
            let l = layout(&f, &["s00000".into()], None, &o);
            assert_eq!(l.positions.len(), 600);
            assert_no_overlaps(&l, &o);
            let share = forward_share(&f, &l, dir);
            assert!(
                share > 0.85,
                "{dir:?}: only {share:.2} of the edges point forward"
            );
            assert!(
                l.back_edges * 10 < l.edges,
                "{} of {}",
                l.back_edges,
                l.edges
            );
            // Deterministic.
            assert_eq!(layout(&f, &["s00000".into()], None, &o), l);
        }
    }

    #[test]
    fn ordering_removes_crossings_of_two_parallel_chains() {
        // a1→b2, a2→b1 as given by names would cross; the sweeps untangle them.
        let f = flow(
            &[
                ("a", "1", "x2"),
                ("a", "2", "x1"),
                ("x1", "1", "y1"),
                ("x2", "1", "y2"),
                ("y1", "1", "z2"),
                ("y2", "1", "z1"),
            ],
            &[],
        );
        let l = layout(&f, &["a".into()], None, &LayoutOptions::default());
        let y = |n: &str| at(&l, n).y;
        assert_eq!(y("x1") < y("x2"), y("y1") < y("y2"));
        assert_eq!(y("y1") < y("y2"), y("z2") < y("z1"));
    }

    #[test]
    fn a_selection_is_laid_out_in_place_and_alone() {
        let mut f = flow(
            &[("a", "1", "b"), ("b", "1", "c"), ("c", "1", "d")],
            &["lonely"],
        );
        for (n, x, y) in [("b", 500.0, 300.0), ("c", 900.0, 900.0), ("a", 0.0, 0.0)] {
            f.segment_mut(n).unwrap().ui = Some(super::super::UiState {
                x,
                y,
                collapsed: false,
                style: None,
            });
        }
        let sel = vec!["b".to_string(), "c".to_string(), "lonely".to_string()];
        let l = layout(&f, &[], Some(&sel), &LayoutOptions::default());
        assert_eq!(l.positions.len(), 3);
        assert!(l
            .positions
            .iter()
            .all(|p| p.segment != "a" && p.segment != "d"));
        // Anchored at the selection's top-left corner (500, 300).
        let min_x = l
            .positions
            .iter()
            .map(|p| p.x)
            .fold(f64::INFINITY, f64::min);
        let min_y = l
            .positions
            .iter()
            .map(|p| p.y)
            .fold(f64::INFINITY, f64::min);
        assert_eq!((min_x, min_y), (500.0, 300.0));
        assert!(at(&l, "b").x < at(&l, "c").x);
    }

    #[test]
    fn spacing_keeps_order_and_gap_and_is_exact_when_possible() {
        assert_eq!(spaced(&[0.0, 100.0, 300.0], 50.0), [0.0, 100.0, 300.0]);
        assert_eq!(spaced(&[10.0, 10.0], 50.0), [-15.0, 35.0]);
        let out = spaced(&[5.0, 0.0, -5.0, 200.0], 10.0);
        for w in out.windows(2) {
            assert!(w[1] - w[0] >= 10.0 - 1e-9, "{out:?}");
        }
        assert!(spaced(&[], 10.0).is_empty());
        // Empty flows and selections lay out to nothing.
        let l = layout(&Flow::new("r"), &[], None, &LayoutOptions::default());
        assert_eq!((l.positions.len(), l.layers), (0, 0));
    }
}
