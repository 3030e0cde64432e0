//! `gridbook rules show|set`: how often households are due a visit, per care tag and by default.

use crate::cli::out::outln;

use std::path::Path;

use serde::Serialize;

use crate::i18n::Lang;
use crate::model::rules::VisitRules;
use crate::model::CareTag;
use crate::tr;

use super::followups::pad;

#[derive(Debug, clap::Subcommand)]
pub enum RulesCommand {
    /// Show the visit interval of each care tag and of everyone else.
    Show {
        /// Print one JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Set the visit interval of a care tag, or of households with none (`default`).
    Set {
        /// A care tag (elderly_alone, empty_nest, disabled, left_behind_child, low_income,
        /// destitute, veteran, serious_illness, or its Chinese name such as 独居老人), or `default`.
        #[arg(value_parser = parse_target)]
        tag: Target,
        /// Days between visits, 1 to 3650.
        #[arg(value_parser = clap::value_parser!(u16).range(1..=3650))]
        days: u16,
    },
}

/// What `rules set` changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Tag(CareTag),
    Default,
}

/// The snake_case English name of a care tag, as the command line and JSON spell it.
pub fn tag_name(t: CareTag) -> &'static str {
    match t {
        CareTag::ElderlyAlone => "elderly_alone",
        CareTag::EmptyNest => "empty_nest",
        CareTag::Disabled => "disabled",
        CareTag::LeftBehindChild => "left_behind_child",
        CareTag::LowIncome => "low_income",
        CareTag::Destitute => "destitute",
        CareTag::Veteran => "veteran",
        CareTag::SeriousIllness => "serious_illness",
    }
}

/// Reads a care tag by its English or Chinese name, or `default`.
pub fn parse_target(text: &str) -> Result<Target, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("default") || t == "默认" {
        return Ok(Target::Default);
    }
    let folded = t.to_ascii_lowercase().replace('-', "_");
    CareTag::ALL
        .into_iter()
        .find(|c| tag_name(*c) == folded || Lang::Zh.care_tag(*c) == t)
        .map(Target::Tag)
        .ok_or_else(|| {
            let names: Vec<&str> = CareTag::ALL.into_iter().map(tag_name).collect();
            format!(
                "no care tag is called {t}; use default or one of {} (or the Chinese name)",
                names.join(", ")
            )
        })
}

#[derive(Serialize)]
struct RulesJson {
    default: u16,
    per_tag: std::collections::BTreeMap<&'static str, u16>,
}

pub fn run(dir: &Path, cmd: &RulesCommand, lang: Lang) -> anyhow::Result<()> {
    let backend = crate::client::open(dir)?;
    match cmd {
        RulesCommand::Show { json } => {
            let rules = backend.visit_rules()?;
            if *json {
                let out = RulesJson {
                    default: rules.default_days,
                    per_tag: CareTag::ALL
                        .into_iter()
                        .map(|t| (tag_name(t), days_for(&rules, t)))
                        .collect(),
                };
                crate::cli::out::json(&out)?;
                return Ok(());
            }
            let rows = CareTag::ALL
                .into_iter()
                .map(|t| (tag_name(t), Lang::Zh.care_tag(t), days_for(&rules, t)))
                .chain([("default", "其他", rules.default_days)]);
            for (en, zh, days) in rows {
                match lang {
                    Lang::Zh => outln!("{} 每 {days:>4} 天", pad(zh, 8)),
                    Lang::En => outln!("{en:<18} {} every {days:>4} days", pad(zh, 8)),
                }
            }
        }
        RulesCommand::Set { tag, days } => {
            let mut rules = backend.visit_rules()?;
            match tag {
                Target::Default => rules.default_days = *days,
                Target::Tag(t) => match rules.per_tag.iter_mut().find(|(k, _)| k == t) {
                    Some(entry) => entry.1 = *days,
                    None => rules.per_tag.push((*t, *days)),
                },
            }
            backend.set_visit_rules(&rules)?;
            match tag {
                Target::Default => outln!(
                    "{}",
                    tr!(
                        lang,
                        "没有关注标签的住户现在每 {days} 天应走访一次",
                        "households with no care tag are now due a visit every {days} days"
                    )
                ),
                Target::Tag(t) => {
                    let (en, zh) = (tag_name(*t), Lang::Zh.care_tag(*t));
                    outln!(
                        "{}",
                        tr!(
                            lang,
                            "{zh}住户现在每 {days} 天应走访一次",
                            "{en} ({zh}) households are now due a visit every {days} days"
                        )
                    )
                }
            }
        }
    }
    Ok(())
}

/// The interval a tag has, or the default when the rules do not name it.
fn days_for(rules: &VisitRules, t: CareTag) -> u16 {
    rules
        .per_tag
        .iter()
        .find(|(k, _)| *k == t)
        .map_or(rules.default_days, |(_, d)| *d)
}
