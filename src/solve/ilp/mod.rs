//! The integer program: the only module that knows good_lp and HiGHS. It models every hard
//! rule and the whole score, so its objective equals [`crate::model::score::score`].

use crate::model::problem::{Problem, SimilarData};
use good_lp::solvers::highs::highs as highs_solver;
use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, SolverModel, Variable,
};
use highs::HighsModelStatus;

pub mod adjust;
pub mod balance;
pub mod partition;

/// Rule families that may be switched off, to explain infeasibility.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Relax {
    /// Group size bounds, even sizes and the group count.
    pub sizes: bool,
    /// Role limits.
    pub roles: bool,
    /// Balance caps.
    pub balance_caps: bool,
    /// Numeric spread caps.
    pub spreads: bool,
    /// Common set elements.
    pub common: bool,
    /// Use this `forbid_within` instead of the configured one.
    pub forbid_within: Option<u32>,
    /// Apart sets.
    pub apart: bool,
    /// Together sets.
    pub together: bool,
    /// Pins.
    pub pins: bool,
}

/// What HiGHS returned.
#[derive(Debug, Clone, PartialEq)]
pub struct IlpOutcome {
    /// The best assignment found (`group_of[i]`), if any.
    pub group_of: Option<Vec<usize>>,
    /// Proven optimal (or, with `objective = false`, proven feasible).
    pub proven: bool,
    /// Proven infeasible.
    pub infeasible: bool,
    /// Best bound on the score.
    pub bound: Option<f64>,
    /// Stopped by the time limit (rather than by proof or the node limit).
    pub timed_out: bool,
}

/// A rough count of rows and columns, to decide whether the whole problem is worth handing to HiGHS.
pub fn estimated_rows(p: &Problem) -> usize {
    let g = p.groups.count;
    let n = p.n();
    let pairs = if p.diversity.as_ref().is_some_and(|d| d.weight > 0.0) {
        n * n.saturating_sub(1) / 2
    } else {
        p.repeats.age.len()
    };
    n + n * g
        + g * (4
            + pairs
            + p.balance.iter().map(|b| b.values.len() * 3).sum::<usize>()
            + 2 * n * p.similar.len())
}

/// The integer program under construction: variables, constraints and objective together.
struct GroupingIlp {
    vars: ProblemVariables,
    /// Creation order of variables = their column in HiGHS.
    columns: usize,
    x: Vec<Vec<Variable>>,
    constraints: Vec<Constraint>,
    objective: Expression,
}

impl GroupingIlp {
    fn new(p: &Problem) -> Self {
        let mut ilp = GroupingIlp {
            vars: ProblemVariables::new(),
            columns: 0,
            x: Vec::new(),
            constraints: Vec::new(),
            objective: Expression::from(0.0),
        };
        ilp.x = (0..p.n())
            .map(|_| {
                (0..p.groups.count)
                    .map(|_| ilp.var(variable().binary()))
                    .collect()
            })
            .collect();
        ilp
    }

    fn var(&mut self, def: good_lp::variable::VariableDefinition) -> Variable {
        self.columns += 1;
        self.vars.add(def)
    }

    fn add(&mut self, c: Constraint) {
        self.constraints.push(c);
    }

    fn size_of(&self, members: impl Iterator<Item = usize>, g: usize) -> Expression {
        members.map(|i| self.x[i][g]).sum()
    }

    fn add_assignment(&mut self, p: &Problem, relax: &Relax) {
        let gcount = p.groups.count;
        for i in 0..p.n() {
            let row: Expression = self.x[i].iter().copied().sum();
            self.add(constraint!(row == 1));
        }
        let uses_pins = !relax.pins;
        if uses_pins {
            for i in 0..p.n() {
                if let Some(k) = p.pins[i] {
                    let x = self.x[i][k];
                    self.add(constraint!(x == 1));
                }
            }
        }
        if !relax.together {
            for set in &p.together {
                for w in set.windows(2) {
                    for g in 0..gcount {
                        let (a, b) = (self.x[w[0]][g], self.x[w[1]][g]);
                        self.add(constraint!(a == b));
                    }
                }
            }
        }
        if !relax.apart {
            for set in &p.apart {
                for g in 0..gcount {
                    let e = self.size_of(set.iter().copied(), g);
                    self.add(constraint!(e <= 1));
                }
            }
        }
    }

    /// Symmetry: groups without pins are interchangeable; order them by their first member.
    fn add_symmetry(&mut self, p: &Problem, relax: &Relax) {
        let gcount = p.groups.count;
        let uses_pins = !relax.pins;
        let pinned_labels: Vec<bool> = (0..gcount).map(|k| p.pins.contains(&Some(k))).collect();
        let free: Vec<usize> = (0..gcount)
            .filter(|&k| !(uses_pins && pinned_labels[k]))
            .collect();
        let mut rank = 0;
        for i in 0..p.n() {
            if uses_pins && p.pins[i].is_some() {
                continue;
            }
            for (j, &g) in free.iter().enumerate() {
                if j > rank {
                    let x = self.x[i][g];
                    self.add(constraint!(x == 0));
                }
            }
            rank += 1;
        }
    }

    /// Bounds of the total size (all members) of a group.
    fn total_bounds(p: &Problem, relax: &Relax) -> (usize, usize) {
        let (lo, hi) = if relax.sizes {
            (1, p.n_counting)
        } else {
            (p.groups.size_lo, p.groups.size_hi)
        };
        let mut extra_lo = 0;
        let mut extra_hi = 0;
        for (r, role) in p
            .roles
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.counts_toward_size)
        {
            let have = p.members.iter().filter(|m| m.role_index == Some(r)).count();
            if !relax.roles {
                extra_lo += role.min_per_group.min(have);
            }
            extra_hi += if relax.roles {
                have
            } else {
                role.max_per_group.unwrap_or(have).min(have)
            };
        }
        (lo + extra_lo, (hi + extra_hi).min(p.n()))
    }

    fn add_sizes_and_roles(&mut self, p: &Problem, relax: &Relax) {
        let counting: Vec<usize> = (0..p.n()).filter(|&i| p.members[i].counts).collect();
        let (lo, hi) = if relax.sizes {
            (1, p.n_counting)
        } else {
            (p.groups.size_lo, p.groups.size_hi)
        };
        for g in 0..p.groups.count {
            let s = self.size_of(counting.iter().copied(), g);
            self.add(constraint!(s.clone() >= lo as f64));
            self.add(constraint!(s <= hi as f64));
            if relax.roles {
                continue;
            }
            for (r, role) in p.roles.iter().enumerate() {
                let who = (0..p.n()).filter(|&i| p.members[i].role_index == Some(r));
                let c = self.size_of(who, g);
                if role.min_per_group > 0 {
                    self.add(constraint!(c.clone() >= role.min_per_group as f64));
                }
                if let Some(m) = role.max_per_group {
                    self.add(constraint!(c <= m as f64));
                }
            }
        }
    }

    fn add_balance(&mut self, p: &Problem, relax: &Relax) {
        let n = p.n();
        let (m_lo, m_hi) = Self::total_bounds(p, relax);
        for g in 0..p.groups.count {
            let needs_size = p.balance.iter().any(|b| b.weight > 0.0) && m_lo < m_hi;
            let z: Vec<(usize, Variable)> = if needs_size {
                let z: Vec<(usize, Variable)> = (m_lo..=m_hi)
                    .map(|s| (s, self.var(variable().binary())))
                    .collect();
                let one: Expression = z.iter().map(|&(_, v)| v).sum();
                self.add(constraint!(one == 1));
                let weighted: Expression = z.iter().map(|&(s, v)| s as f64 * v).sum();
                let total = self.size_of(0..n, g);
                self.add(constraint!(weighted == total));
                z
            } else {
                vec![(m_lo, self.var(variable().min(1).max(1)))]
            };
            for b in &p.balance {
                for (v, &nv) in b.cohort.iter().enumerate() {
                    let who = (0..n).filter(|&i| b.value_of[i] as usize == v);
                    let c = self.size_of(who, g);
                    if let (Some(cap), false) = (b.max_per_group, relax.balance_caps) {
                        self.add(constraint!(c.clone() <= cap as f64));
                    }
                    if b.weight <= 0.0 {
                        continue;
                    }
                    let dev = self.var(variable().min(0));
                    self.objective += b.weight * dev;
                    let big = m_hi as f64;
                    for &(s, zs) in &z {
                        let num = nv * s;
                        let big_n = p.population;
                        let (floor, ceil) = ((num / big_n) as f64, num.div_ceil(big_n) as f64);
                        let slack = big * (1.0 - zs);
                        self.add(constraint!(dev >= c.clone() - ceil - slack.clone()));
                        self.add(constraint!(dev >= floor - c.clone() - slack));
                    }
                }
            }
        }
    }

    fn add_similar(&mut self, p: &Problem, relax: &Relax) {
        let n = p.n();
        let (_, m_hi) = Self::total_bounds(p, relax);
        for sim in &p.similar {
            for g in 0..p.groups.count {
                match &sim.data {
                    SimilarData::Numeric { values, max_spread } => {
                        let cap = max_spread.filter(|_| !relax.spreads);
                        if sim.weight <= 0.0 && cap.is_none() {
                            continue;
                        }
                        let vmin = values.iter().copied().fold(f64::INFINITY, f64::min);
                        let vmax = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        let hi = self.var(variable().min(vmin).max(vmax));
                        let lo = self.var(variable().min(vmin).max(vmax));
                        for (i, &v) in values.iter().enumerate() {
                            let x = self.x[i][g];
                            self.add(constraint!(hi >= vmin + (v - vmin) * x));
                            self.add(constraint!(lo <= vmax - (vmax - v) * x));
                        }
                        self.add(constraint!(hi >= lo));
                        if let Some(cap) = cap {
                            self.add(constraint!(hi - lo <= cap));
                        }
                        self.objective += sim.weight * (hi - lo);
                    }
                    SimilarData::Categorical { value_of, values } => {
                        let sets: Vec<Vec<u32>> = value_of.iter().map(|&v| vec![v]).collect();
                        self.add_share(g, &sets, values.len(), sim.weight, false, m_hi, n);
                    }
                    SimilarData::Set {
                        sets,
                        elements,
                        require_common,
                    } => {
                        let hard = *require_common && !relax.common;
                        self.add_share(g, sets, elements.len(), sim.weight, hard, m_hi, n);
                    }
                }
            }
        }
    }

    /// `share` = members holding the group's chosen element; cost = weight × (size − share).
    #[allow(clippy::too_many_arguments)]
    fn add_share(
        &mut self,
        g: usize,
        sets: &[Vec<u32>],
        elements: usize,
        weight: f64,
        hard: bool,
        big: usize,
        n: usize,
    ) {
        if weight <= 0.0 && !hard {
            return;
        }
        let share = self.var(variable().min(0).max(big as f64));
        let choose: Vec<Variable> = (0..elements)
            .map(|_| self.var(variable().binary()))
            .collect();
        let one: Expression = choose.iter().copied().sum();
        self.add(constraint!(one == 1));
        for (e, &y) in choose.iter().enumerate() {
            let holders = self.size_of((0..n).filter(|&i| sets[i].contains(&(e as u32))), g);
            self.add(constraint!(share <= holders + big as f64 * (1.0 - y)));
        }
        let size = self.size_of(0..n, g);
        self.add(constraint!(share <= size.clone()));
        if hard {
            self.add(constraint!(share >= size.clone()));
        }
        self.objective += weight * (size - share);
    }

    fn add_pairs(&mut self, p: &Problem, relax: &Relax) {
        let n = p.n();
        let gcount = p.groups.count;
        let forbid = relax.forbid_within.unwrap_or(p.repeats.forbid_within);
        let forbidden =
            |i: usize, j: usize| forbid > 0 && p.repeats.age(i, j).is_some_and(|a| a <= forbid);
        let dense = p.diversity.as_ref().is_some_and(|d| d.weight > 0.0);
        let mut pairs: Vec<(usize, usize)> = if dense {
            (0..n)
                .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
                .collect()
        } else {
            p.repeats
                .age
                .keys()
                .map(|&(i, j)| (i as usize, j as usize))
                .collect()
        };
        pairs.sort_unstable();
        for (i, j) in pairs {
            if forbidden(i, j) {
                for g in 0..gcount {
                    let (a, b) = (self.x[i][g], self.x[j][g]);
                    self.add(constraint!(a + b <= 1));
                }
                continue;
            }
            let (div, rep) = p.pair_cost(i, j);
            let cost = div + rep;
            if cost == 0.0 {
                continue;
            }
            let together = self.var(variable().min(0).max(1));
            self.objective += cost * together;
            for g in 0..gcount {
                let (a, b) = (self.x[i][g], self.x[j][g]);
                if cost > 0.0 {
                    self.add(constraint!(together >= a + b - 1));
                } else {
                    self.add(constraint!(together <= 1 - a + b));
                }
            }
        }
    }
}

/// Options of one HiGHS run.
#[derive(Debug, Clone)]
pub struct IlpOptions {
    /// Minimise the score (false: any feasible assignment will do).
    pub objective: bool,
    /// Seconds HiGHS may use.
    pub time_limit: f64,
    /// HiGHS random seed.
    pub seed: u64,
    /// Branch-and-bound nodes HiGHS may explore: the deterministic work limit.
    pub max_nodes: u64,
}

/// Builds and solves the integer program, warm-started from `start` when given.
pub fn solve(p: &Problem, relax: &Relax, start: Option<&[usize]>, opts: &IlpOptions) -> IlpOutcome {
    let mut ilp = GroupingIlp::new(p);
    ilp.add_assignment(p, relax);
    ilp.add_symmetry(p, relax);
    ilp.add_sizes_and_roles(p, relax);
    ilp.add_balance(p, relax);
    ilp.add_similar(p, relax);
    ilp.add_pairs(p, relax);
    let start = start.map(|start| ilp.start_columns(start));
    let objective = opts.objective.then(|| ilp.objective.clone());
    ilp.run(p, objective, start, opts)
}

impl GroupingIlp {
    /// The columns of a start assignment. The x variables were created first, member-major,
    /// so x[i][g] is column i·G + g. Other columns are left undefined (infinite): HiGHS
    /// completes them from the x values.
    fn start_columns(&self, start: &[usize]) -> Vec<f64> {
        let g = self.x.first().map_or(0, Vec::len);
        let mut full = vec![f64::INFINITY; self.columns];
        for (i, &k) in start.iter().enumerate() {
            for h in 0..g {
                full[i * g + h] = f64::from(u8::from(k == h));
            }
        }
        full
    }

    /// Solves the model with `objective` (none: any feasible point) and reads the
    /// assignment back.
    fn run(
        self,
        p: &Problem,
        objective: Option<Expression>,
        start: Option<Vec<f64>>,
        opts: &IlpOptions,
    ) -> IlpOutcome {
        let g = p.groups.count;
        let run = run_highs(self.vars, objective, self.constraints, start, opts);
        let group_of = run.columns.as_ref().map(|cols| {
            (0..p.n())
                .map(|i| {
                    (0..g)
                        .max_by(|&a, &b| cols[i * g + a].total_cmp(&cols[i * g + b]))
                        .unwrap_or(0)
                })
                .collect()
        });
        run.outcome(group_of)
    }
}

impl IlpOutcome {
    /// Proven infeasible without running HiGHS.
    pub fn infeasible() -> Self {
        IlpOutcome {
            group_of: None,
            proven: false,
            infeasible: true,
            bound: None,
            timed_out: false,
        }
    }
}

impl HighsRun {
    /// The outcome, with the assignment decoded from the columns.
    pub(crate) fn outcome(self, group_of: Option<Vec<usize>>) -> IlpOutcome {
        IlpOutcome {
            group_of,
            proven: self.proven,
            infeasible: self.infeasible,
            bound: self.bound,
            timed_out: self.timed_out,
        }
    }
}

/// What one HiGHS run returned, in terms of columns.
pub(crate) struct HighsRun {
    /// Values of all columns of the best solution found, if any.
    pub columns: Option<Vec<f64>>,
    /// Row duals of that solution (meaningful for linear programs only).
    pub row_duals: Option<Vec<f64>>,
    /// Proven optimal (or, without an objective, proven feasible).
    pub proven: bool,
    /// Proven infeasible.
    pub infeasible: bool,
    /// Best bound on the objective (only with an objective).
    pub bound: Option<f64>,
    /// Stopped by the time limit.
    pub timed_out: bool,
}

/// Runs HiGHS single-threaded on a model, with a start solution (infinite entries are
/// completed by HiGHS) and the time limit. `objective = None` asks for any feasible point.
pub(crate) fn run_highs(
    vars: ProblemVariables,
    objective: Option<Expression>,
    constraints: Vec<Constraint>,
    start: Option<Vec<f64>>,
    opts: &IlpOptions,
) -> HighsRun {
    let failed = HighsRun {
        columns: None,
        row_duals: None,
        proven: false,
        infeasible: false,
        bound: None,
        timed_out: false,
    };
    let has_objective = objective.is_some();
    let mut model = vars
        .minimise(objective.unwrap_or_else(|| Expression::from(0.0)))
        .using(highs_solver);
    for c in constraints {
        model.add_constraint(c);
    }
    let Ok(mut model) = model.try_into_inner() else {
        return failed;
    };
    model.set_option("threads", 1);
    model.set_option("parallel", "off");
    model.set_option("mip_rel_gap", 0.0);
    model.set_option("mip_abs_gap", 1e-6);
    model.set_option("random_seed", (opts.seed % i32::MAX as u64) as i32);
    model.set_option("time_limit", opts.time_limit.max(0.01));
    model.set_option("mip_max_nodes", opts.max_nodes.min(i32::MAX as u64) as i32);
    if let Some(start) = start {
        model.set_solution(Some(&start), None, None, None);
    }
    let Ok(solved) = model.try_solve() else {
        return failed;
    };
    let status = solved.status();
    let infeasible = matches!(
        status,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible
    );
    // 2 = kSolutionStatusFeasible. The info is read raw: HiGHS reports -1 when it has no
    // solution information at all (e.g. a model it solved in presolve without columns).
    let has_solution = solved.int_info_value(c"primal_solution_status").ok() == Some(2);
    let solution = has_solution.then(|| solved.get_solution());
    let columns = solution.as_ref().map(|s| s.columns().to_vec());
    let row_duals = solution.as_ref().map(|s| s.dual_rows().to_vec());
    let bound = solved
        .double_info_value(c"mip_dual_bound")
        .ok()
        .filter(|b| b.is_finite());
    HighsRun {
        columns,
        row_duals,
        proven: status == HighsModelStatus::Optimal && has_solution,
        infeasible,
        bound: if has_objective { bound } else { None },
        timed_out: status == HighsModelStatus::ReachedTimeLimit,
    }
}
