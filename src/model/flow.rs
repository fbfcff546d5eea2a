//! A small minimum-cost flow with lexicographic costs (successive shortest paths with
//! Bellman–Ford), for placing facilitators. Costs are compared level by level, so an
//! earlier level always outweighs every later one, without big-M constants.

/// Number of cost levels.
pub const LEVELS: usize = 7;

/// A cost: level 0 matters most.
pub type Cost = [i64; LEVELS];

fn add(a: Cost, b: Cost) -> Cost {
    std::array::from_fn(|k| a[k] + b[k])
}

fn neg(a: Cost) -> Cost {
    a.map(|x| -x)
}

#[derive(Debug, Clone)]
struct Arc {
    to: usize,
    cap: i64,
    cost: Cost,
}

/// A directed graph with capacities and costs.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    arcs: Vec<Arc>,
    out: Vec<Vec<usize>>,
}

impl Flow {
    /// A graph with `nodes` nodes and no arcs.
    pub fn new(nodes: usize) -> Self {
        Flow {
            arcs: Vec::new(),
            out: vec![Vec::new(); nodes],
        }
    }

    /// Adds an arc; returns its id (for [`Flow::flow_on`]).
    pub fn arc(&mut self, from: usize, to: usize, cap: i64, cost: Cost) -> usize {
        let id = self.arcs.len();
        self.arcs.push(Arc { to, cap, cost });
        self.arcs.push(Arc {
            to: from,
            cap: 0,
            cost: neg(cost),
        });
        self.out[from].push(id);
        self.out[to].push(id + 1);
        id
    }

    /// Flow on an arc added by [`Flow::arc`].
    pub fn flow_on(&self, id: usize) -> i64 {
        self.arcs[id + 1].cap
    }

    /// Sends as much flow as possible from `s` to `t` (at most `limit`), one cheapest
    /// augmenting path at a time: the result is a cheapest flow of its value. Returns the value.
    pub fn run(&mut self, s: usize, t: usize, limit: i64) -> i64 {
        let mut sent = 0;
        while sent < limit {
            let Some(path) = self.cheapest_path(s, t) else {
                break;
            };
            let push = path
                .iter()
                .map(|&a| self.arcs[a].cap)
                .min()
                .unwrap_or(0)
                .min(limit - sent);
            for &a in &path {
                self.arcs[a].cap -= push;
                self.arcs[a ^ 1].cap += push;
            }
            sent += push;
        }
        sent
    }

    /// Arcs of a cheapest path from `s` to `t` in the residual graph (Bellman–Ford; the
    /// residual graph of a cheapest flow has no negative cycle).
    fn cheapest_path(&self, s: usize, t: usize) -> Option<Vec<usize>> {
        let n = self.out.len();
        let mut dist: Vec<Option<Cost>> = vec![None; n];
        let mut via: Vec<Option<usize>> = vec![None; n];
        dist[s] = Some([0; LEVELS]);
        for _ in 0..n {
            let mut changed = false;
            for u in 0..n {
                let Some(du) = dist[u] else { continue };
                for &a in &self.out[u] {
                    let arc = &self.arcs[a];
                    if arc.cap <= 0 {
                        continue;
                    }
                    let d = add(du, arc.cost);
                    if dist[arc.to].is_none_or(|old| d < old) {
                        dist[arc.to] = Some(d);
                        via[arc.to] = Some(a);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        dist[t]?;
        let mut path = Vec::new();
        let mut v = t;
        while v != s {
            let a = via[v]?;
            path.push(a);
            v = self.arcs[a ^ 1].to;
        }
        path.reverse();
        Some(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefers_cheaper_levels_first() {
        // s=0, a=1, b=2, t=3. Two units must go; a is cheap on level 1, b on level 0.
        let mut f = Flow::new(4);
        let sa = f.arc(0, 1, 2, [0; LEVELS]);
        let sb = f.arc(0, 2, 2, [0; LEVELS]);
        f.arc(1, 3, 2, [1, 0, 0, 0, 0, 0, 0]);
        f.arc(2, 3, 2, [0, 5, 0, 0, 0, 0, 0]);
        assert_eq!(f.run(0, 3, 3), 3);
        assert_eq!((f.flow_on(sa), f.flow_on(sb)), (1, 2));
    }

    #[test]
    fn reroutes_along_reverse_arcs() {
        // Classic: the greedy first path must be undone to send two units.
        // s=0 → x=1 → y=2 → t=3 and s → y, x → t.
        let mut f = Flow::new(4);
        f.arc(0, 1, 1, [0; LEVELS]);
        f.arc(0, 2, 1, [0, 0, 0, 3, 0, 0, 0]);
        let xy = f.arc(1, 2, 1, [0; LEVELS]);
        f.arc(1, 3, 1, [0, 0, 0, 5, 0, 0, 0]);
        f.arc(2, 3, 1, [0; LEVELS]);
        assert_eq!(f.run(0, 3, 10), 2);
        assert_eq!(f.flow_on(xy), 0);
    }
}
