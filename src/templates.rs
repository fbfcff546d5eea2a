//! The starting points `init` writes: a commented config and a small roster that `assign`
//! accepts at once (the files live in `templates/` at the crate root).

/// A kind of programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// Groups that each mirror the cohort's mix (balance), with a facilitator pool.
    Equilibrium,
    /// 1:1 peer pairs re-paired every cycle, never the same peer twice.
    Pairs,
    /// Small groups where fit matters: similar size, a shared meeting slot, diversity.
    Business,
}

impl Template {
    /// The files of the template: `(file name, contents)`.
    pub fn files(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Template::Equilibrium => &[
                (
                    "peergroups.toml",
                    include_str!("../templates/equilibrium/peergroups.toml"),
                ),
                (
                    "members.csv",
                    include_str!("../templates/equilibrium/members.csv"),
                ),
                (
                    "facilitators.csv",
                    include_str!("../templates/equilibrium/facilitators.csv"),
                ),
            ],
            Template::Pairs => &[
                (
                    "peergroups.toml",
                    include_str!("../templates/pairs/peergroups.toml"),
                ),
                (
                    "members.csv",
                    include_str!("../templates/pairs/members.csv"),
                ),
            ],
            Template::Business => &[
                (
                    "peergroups.toml",
                    include_str!("../templates/business/peergroups.toml"),
                ),
                (
                    "members.csv",
                    include_str!("../templates/business/members.csv"),
                ),
            ],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn every_template_config_parses() {
        for t in Template::value_variants() {
            let (name, text) = t.files()[0];
            assert_eq!(name, "peergroups.toml");
            crate::config::parse_config(std::path::Path::new("x/peergroups.toml"), text)
                .unwrap_or_else(|e| panic!("{t:?}: {e:#}"));
        }
    }
}
