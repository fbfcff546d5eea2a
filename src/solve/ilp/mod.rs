//! The integer program: the only module that knows good_lp and HiGHS. It models every hard
//! rule and the whole score, so its objective equals [`crate::model::score::score`].

use crate::model::problem::Problem;
use crate::model::terms::Term;
use good_lp::solvers::highs::highs as highs_solver;
use good_lp::{
    constraint, variable, Constraint, Expression, ProblemVariables, SolverModel, Variable,
};
use highs::HighsModelStatus;

pub mod adjust;
mod keep;
mod pairs;
pub mod partition;
mod pins;
mod roles;
mod sizes;

/// How a score term enters the integer program: its variables, constraints and share of
/// the objective, in the file of the term's name under `solve/ilp/`. A pair term needs no
/// encoding of its own: [`pairs`] linearises every pair term's cost at once, and its hard
/// rule through [`Encode::forbids_under`].
pub(crate) trait Encode {
    /// Adds the term's variables, constraints and objective part, for every group.
    fn encode(&self, _ilp: &mut GroupingIlp, _p: &Problem, _relax: &Relax) {}

    /// Whether the term's hard rule keeps `i` and `j` apart, with the rule families in
    /// `relax` switched off or changed.
    fn forbids_under(&self, _relax: &Relax, _i: usize, _j: usize) -> bool {
        false
    }

    /// The term's hard rule as a family that explaining infeasibility may switch off: its
    /// name in messages and the relaxation, when the term has one that applies.
    fn rule_family(&self) -> Option<(&'static str, Relax)> {
        None
    }

    /// Roughly how many rows the term adds per group, to judge the program's size.
    fn rows_per_group(&self, _p: &Problem) -> usize {
        0
    }

    /// A lower bound on the term's component tighter than its own
    /// ([`SoftTerm::lower_bound`]), found by a small integer program, when there is one.
    /// `sizes` are the group sizes, when the size rules fix them.
    fn tighter_bound(&self, _p: &Problem, _sizes: &[usize], _opts: &IlpOptions) -> Option<f64> {
        None
    }
}

/// Declares the term encodings (one module per term) and the dispatch over [`Term`].
macro_rules! encode_terms {
    ($($variant:ident in $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        impl Encode for Term {
            fn encode(&self, ilp: &mut GroupingIlp, p: &Problem, relax: &Relax) {
                match self { $(Term::$variant(t) => t.encode(ilp, p, relax),)* }
            }
            fn rule_family(&self) -> Option<(&'static str, Relax)> {
                match self { $(Term::$variant(t) => t.rule_family(),)* }
            }
            fn rows_per_group(&self, p: &Problem) -> usize {
                match self { $(Term::$variant(t) => t.rows_per_group(p),)* }
            }
            fn forbids_under(&self, relax: &Relax, i: usize, j: usize) -> bool {
                match self { $(Term::$variant(t) => t.forbids_under(relax, i, j),)* }
            }
            fn tighter_bound(&self, p: &Problem, sizes: &[usize], opts: &IlpOptions) -> Option<f64> {
                match self { $(Term::$variant(t) => t.tighter_bound(p, sizes, opts),)* }
            }
        }
    };
}

crate::with_terms!(encode_terms);

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
    let pairs = if p.prices_every_pair() {
        n * n.saturating_sub(1) / 2
    } else {
        p.listed_pairs().len()
    };
    let terms: usize = p.terms.iter().map(|t| t.rows_per_group(p)).sum();
    n + n * g + g * (4 + pairs + terms)
}

/// The integer program under construction: variables, constraints and objective together.
pub(crate) struct GroupingIlp {
    vars: ProblemVariables,
    /// Creation order of variables = their column in HiGHS.
    columns: usize,
    x: Vec<Vec<Variable>>,
    /// Per group, the size choice of [`GroupingIlp::size_choice`] (empty until made).
    sizes: Vec<Vec<(usize, Variable)>>,
    constraints: Vec<Constraint>,
    objective: Expression,
}

impl GroupingIlp {
    fn new(p: &Problem) -> Self {
        let mut ilp = GroupingIlp {
            vars: ProblemVariables::new(),
            columns: 0,
            x: Vec::new(),
            sizes: Vec::new(),
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

    /// Every score term and the hard rules that come with them.
    fn add_terms(&mut self, p: &Problem, relax: &Relax) {
        for t in &p.terms {
            t.encode(self, p, relax);
        }
        self.add_pairs(p, relax);
    }

    /// For group `g`, binaries `(size, z)` choosing the group's total size (one of them is
    /// 1), shared by every term that prices by size; made on first use. When the size is
    /// fixed, or no balance column is weighted, one constant `(size, 1)`.
    fn size_choice(&mut self, p: &Problem, relax: &Relax, g: usize) -> Vec<(usize, Variable)> {
        if self.sizes.len() <= g {
            self.sizes.resize(p.groups.count, Vec::new());
        }
        if self.sizes[g].is_empty() {
            let (m_lo, m_hi) = Self::total_bounds(p, relax);
            let needs_size = p.balance().any(|b| b.weight > 0.0) && m_lo < m_hi;
            self.sizes[g] = if needs_size {
                let z: Vec<(usize, Variable)> = (m_lo..=m_hi)
                    .map(|s| (s, self.var(variable().binary())))
                    .collect();
                let one: Expression = z.iter().map(|&(_, v)| v).sum();
                self.add(constraint!(one == 1));
                let weighted: Expression = z.iter().map(|&(s, v)| s as f64 * v).sum();
                let total = self.size_of(0..p.n(), g);
                self.add(constraint!(weighted == total));
                z
            } else {
                vec![(m_lo, self.var(variable().min(1).max(1)))]
            };
        }
        self.sizes[g].clone()
    }

    fn size_of(&self, members: impl Iterator<Item = usize>, g: usize) -> Expression {
        members.map(|i| self.x[i][g]).sum()
    }

    /// Each member in exactly one group, and the hard rules that are not a term's: sizes,
    /// roles, keep sets and pins (one file each).
    fn add_assignment(&mut self, p: &Problem, relax: &Relax) {
        for i in 0..p.n() {
            let row: Expression = self.x[i].iter().copied().sum();
            self.add(constraint!(row == 1));
        }
        if !relax.pins {
            self.add_pins(p);
        }
        self.add_keep(p, relax);
        if !relax.sizes {
            self.add_sizes(p);
        } else {
            self.add_any_size(p);
        }
        if !relax.roles {
            self.add_roles(p);
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
    ilp.add_terms(p, relax);
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
