//! A force-directed layout (Fruchterman and Reingold, 1991) for the
//! report's network picture, computed by dyad so that the picture is in the
//! page as plain SVG.
//!
//! Deterministic: each node starts at a point drawn from a hash of its id
//! (FNV-1a and splitmix64, the same on every platform and Rust version),
//! and the forces use only addition, multiplication, division and square
//! roots, which IEEE 754 rounds the same everywhere. The same graph gives
//! the same picture. The cost is quadratic in the nodes, which the report
//! caps (a few hundred nodes: some tens of milliseconds).

/// Places the nodes whose ids are `ids`, joined by `edges` (indexes into
/// `ids`, and a strength from 1 up), and returns each node's position in
/// the unit square `[0, 1] x [0, 1]`, stretched to fill it.
pub fn layout(ids: &[&str], edges: &[(usize, usize, f64)], iterations: usize) -> Vec<(f64, f64)> {
    let n = ids.len();
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(0.5, 0.5)];
    }
    let mut pos: Vec<(f64, f64)> = ids.iter().map(|id| start(id)).collect();
    // The ideal distance between nodes of a unit square shared by n.
    let k = (1.0 / n as f64).sqrt();
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        // Every pair repels ...
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(1e-8);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        // ... the ends of an edge attract, more for a heavier edge ...
        for &(s, t, w) in edges {
            let (dx, dy) = (pos[s].0 - pos[t].0, pos[s].1 - pos[t].1);
            let d = (dx * dx + dy * dy).sqrt();
            let f = d * w / k;
            disp[s].0 -= dx * f;
            disp[s].1 -= dy * f;
            disp[t].0 += dx * f;
            disp[t].1 += dy * f;
        }
        // ... and a pull to the centre keeps the pieces of a graph that
        // is not connected from drifting apart.
        for (p, d) in pos.iter().zip(disp.iter_mut()) {
            d.0 -= (p.0 - 0.5) * GRAVITY / k;
            d.1 -= (p.1 - 0.5) * GRAVITY / k;
        }
        // Each node moves along its force, at most as far as the
        // temperature, which cools to almost nothing.
        let temperature = 0.1 * (1.0 - it as f64 / iterations as f64) + 0.002;
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d.0 * d.0 + d.1 * d.1).sqrt();
            if len > 0.0 {
                let step = len.min(temperature) / len;
                p.0 += d.0 * step;
                p.1 += d.1 * step;
            }
        }
    }
    stretch(&mut pos);
    pos
}

/// The strength of the pull to the centre.
const GRAVITY: f64 = 0.4;

/// A node's starting point, from its id.
fn start(id: &str) -> (f64, f64) {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let a = splitmix(&mut h);
    let b = splitmix(&mut h);
    let unit = |v: u64| (v >> 11) as f64 / (1u64 << 53) as f64;
    (unit(a), unit(b))
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Scales the positions to fill the unit square.
fn stretch(pos: &mut [(f64, f64)]) {
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in pos.iter() {
        x0 = x0.min(p.0);
        x1 = x1.max(p.0);
        y0 = y0.min(p.1);
        y1 = y1.max(p.1);
    }
    let (w, h) = ((x1 - x0).max(1e-9), (y1 - y0).max(1e-9));
    for p in pos.iter_mut() {
        p.0 = (p.0 - x0) / w;
        p.1 = (p.1 - y0) / h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_graph_gives_the_same_positions() {
        let ids = ["a", "b", "c", "d"];
        let edges = [(0, 1, 1.0), (1, 2, 2.0)];
        let first = layout(&ids, &edges, 100);
        assert_eq!(first, layout(&ids, &edges, 100));
        assert!(first
            .iter()
            .all(|p| (0.0..=1.0).contains(&p.0) && (0.0..=1.0).contains(&p.1)));
    }

    #[test]
    fn joined_nodes_end_closer_than_strangers() {
        let ids = ["a", "b", "c", "d", "e", "f"];
        let edges = [(0, 1, 1.0), (2, 3, 1.0), (4, 5, 1.0)];
        let p = layout(&ids, &edges, 200);
        let d = |i: usize, j: usize| ((p[i].0 - p[j].0).powi(2) + (p[i].1 - p[j].1).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 2) && d(0, 1) < d(0, 4), "{p:?}");
    }

    #[test]
    fn no_node_and_one_node() {
        assert!(layout(&[], &[], 10).is_empty());
        assert_eq!(layout(&["x"], &[], 10), [(0.5, 0.5)]);
    }
}
