//! `gridbook import FILE`: a roster (CSV in UTF-8 or GBK, or XLSX) checked row by row and
//! written all or nothing by the server, only inside the caller's scope; `--template` writes
//! an empty roster to fill in.

use crate::cli::out::{errln, outln};

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::bail;
use serde::Serialize;

use crate::i18n::{localize, Lang};
use crate::io::roster;
use crate::io::sheet::FileFormat;
use crate::io::table::ReadError;
use crate::io::{Problem, Problems};
use crate::store::import::{ImportOptions, ImportSummary, TRANSACTION_LIMIT};
use crate::store::OpenOptions;
use crate::tr;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The roster: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX.
    #[arg(required_unless_present = "template", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Check the file and say what would be created and updated; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The community for rows that do not name one in a 社区 column (else the title row's).
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
    /// The street of a new community, when the rows have no 街道 column (else the title row's).
    #[arg(long, value_name = "NAME")]
    pub street: Option<String>,
    /// Create the community the file names when the store has other communities but none of
    /// that name (into an empty store, it is created anyway).
    #[arg(long)]
    pub create_community: bool,
    /// Write an empty roster template (column names and one example row) instead.
    #[arg(
        long,
        value_enum,
        value_name = "xlsx|csv",
        requires = "output",
        conflicts_with = "file"
    )]
    pub template: Option<FileFormat>,
    /// Where the template goes.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Print what was done, the errors and the warnings as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// Records above which the journaled bulk path is used instead of one transaction.
    #[arg(long, hide = true, default_value_t = TRANSACTION_LIMIT)]
    pub transaction_limit: usize,
}

#[derive(Serialize)]
struct ImportJson<'a> {
    file: String,
    format: String,
    households: usize,
    people: usize,
    dry_run: bool,
    summary: &'a ImportSummary,
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// Bytes of sled page cache for an import.
const IMPORT_CACHE: u64 = 512 << 20;

/// Households above which a progress bar is worth showing.
const PROGRESS_FROM: u64 = 5_000;
/// Bytes of a roster file above which it likely has that many households.
const PROGRESS_BYTES: u64 = 1 << 20;

pub fn run(dir: &Path, args: &ImportArgs, lang: Lang) -> anyhow::Result<()> {
    if let (Some(format), Some(out)) = (args.template, &args.output) {
        crate::io::template::template().write(out, format)?;
        let out = out.display();
        outln!(
            "{}",
            tr!(
                lang,
                "已把空白花名册模板写入 {out}",
                "wrote an empty roster template to {out}"
            )
        );
        return Ok(());
    }
    let Some(file) = &args.file else {
        bail!(tr!(
            lang,
            "请给出要导入的花名册，或用 --template xlsx|csv -o 文件 生成模板",
            "name the roster to import, or use --template xlsx|csv -o FILE"
        ));
    };
    // No file to read is no roster at all, not a problem on its first row.
    let file_bytes = crate::io::table::open(file)?
        .metadata()
        .map_or(0, |m| m.len());
    // A large roster writes far more pages than the TUI's small cache holds (in-process).
    let backend = crate::client::open_with(
        dir,
        OpenOptions {
            cache_bytes: IMPORT_CACHE,
            ..OpenOptions::default()
        },
    )?;
    let bar = progress_bar(if file_bytes >= PROGRESS_BYTES {
        PROGRESS_FROM
    } else {
        0
    });
    let show = |stage: &str, done: u64, total: u64| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
            b.set_message(localize(stage, lang));
        }
    };
    let opts = ImportOptions {
        community: args.community.clone(),
        street: args.street.clone(),
        create_community: args.create_community,
        dry_run: args.dry_run,
        transaction_limit: args.transaction_limit,
    };
    // The roster is read as it is sent: what is kept of it is its head and its counts.
    let mut read: Option<(roster::Roster, usize)> = None;
    let mut failed: Option<ReadError> = None;
    let outcome = backend.import_roster(
        &mut |sink| match roster::stream(file, sink) {
            Ok((r, households)) => {
                let head = roster::Roster {
                    problems: Problems::default(),
                    ..r.clone()
                };
                read = Some((head, households));
                r
            }
            Err(e) => {
                let mut r = roster::Roster::default();
                r.problems.error(1, None, e.to_string());
                failed = Some(e);
                r
            }
        },
        &opts,
        &show,
    );
    if let (Some(b), Err(_)) = (&bar, &outcome) {
        b.finish_and_clear();
    }
    if let Some(e) = failed {
        return Err(e.into());
    }
    let outcome = outcome?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let (roster, households) = read.unwrap_or_default();
    let format = roster
        .format
        .map_or_else(|| "unreadable".to_string(), |f| f.describe());
    let s = &outcome.summary;
    let p = &outcome.problems;
    if args.json {
        let out = ImportJson {
            file: file.display().to_string(),
            format,
            households,
            people: roster.people,
            dry_run: args.dry_run,
            summary: s,
            errors: p.errors.iter().map(Problem::to_string).collect(),
            warnings: p.warnings.iter().map(Problem::to_string).collect(),
        };
        crate::cli::out::json(&out)?;
    } else {
        print_report(
            file,
            &format,
            (households, roster.people),
            s,
            p,
            args.dry_run,
            lang,
        );
    }
    if !p.errors.is_empty() {
        if !args.json {
            for e in &p.errors {
                errln!("{}", problem(e, lang));
            }
        }
        let n = p.errors.len();
        bail!(match lang {
            Lang::Zh => format!(
                "没有导入任何数据：花名册有 {n} 处错误，见上，每处都注明了行号；改正后再导入"
            ),
            Lang::En => format!(
                "nothing was imported: the roster has {n} error{}, listed above with their rows; fix {} and import again",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ),
        });
    }
    Ok(())
}

fn progress_bar(households: u64) -> Option<indicatif::ProgressBar> {
    if households < PROGRESS_FROM || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(households);
    let style = indicatif::ProgressStyle::with_template("{msg:>9} [{bar:40}] {pos}/{len} {eta}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    Some(bar)
}

fn print_report(
    file: &Path,
    format: &str,
    (households, people): (usize, usize),
    s: &ImportSummary,
    p: &Problems,
    dry_run: bool,
    lang: Lang,
) {
    if p.errors.is_empty() {
        let file = file.display();
        let format = localize(format, lang);
        let line = match (lang, dry_run, s.written) {
            (Lang::Zh, true, _) => {
                format!("将从 {file}（{format}）导入：{households} 户，{people} 人")
            }
            (Lang::Zh, false, true) => {
                format!("已从 {file}（{format}）导入：{households} 户，{people} 人")
            }
            (Lang::Zh, false, false) => {
                format!("{file}（{format}）中没有新内容：{households} 户，{people} 人")
            }
            (Lang::En, dry_run, written) => {
                let verb = if dry_run {
                    "would import"
                } else if written {
                    "imported"
                } else {
                    "nothing new in"
                };
                let households = crate::i18n::count(households, "household", "households");
                let people = crate::i18n::count(people, "person", "people");
                format!("{verb} {file} ({format}): {households}, {people}")
            }
        };
        outln!("{line}");
        if let Some(created) = created(s, dry_run, lang) {
            outln!("{created}");
        }
        let lines = [
            ("新建住户", "households created", s.households_created),
            ("更新住户", "households updated", s.households_updated),
            ("未变住户", "households unchanged", s.households_unchanged),
            ("新建居民", "residents created", s.residents_created),
            ("更新居民", "residents updated", s.residents_updated),
            ("未变居民", "residents unchanged", s.residents_unchanged),
            ("新建楼栋", "buildings created", s.buildings_created),
            ("更新楼栋", "buildings updated", s.buildings_updated),
        ];
        for (zh, en, n) in lines {
            if n > 0 {
                outln!("  {}{n:>8}", label(zh, en, lang));
            }
        }
        for (zh, en, names) in [
            ("新建街道", "streets created", &s.streets_created),
            ("新建社区", "communities created", &s.communities_created),
            ("新建网格", "grids created", &s.grids_created),
        ] {
            if !names.is_empty() {
                let mut shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
                if names.len() > 5 {
                    shown.push("…");
                }
                outln!(
                    "  {}{:>8}  {}",
                    label(zh, en, lang),
                    names.len(),
                    shown.join(lang.pick("、", ", "))
                );
            }
        }
    }
    if !p.warnings.is_empty() {
        let n = p.warnings.len();
        outln!("{}", tr!(lang, "提醒（{n} 条）：", "warnings ({n}):"));
        for w in &p.warnings {
            outln!("  {}", problem(w, lang));
        }
    }
}

/// What the import creates of the street's structure, as one sentence: "created the street
/// 环市街道, the community 石冲社区, 4 grids and 23 buildings"; None when it creates none.
fn created(s: &ImportSummary, dry_run: bool, lang: Lang) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let named = |names: &[String], zh: &str, one: &str, many: &str| -> Option<String> {
        match (names, lang) {
            ([], _) => None,
            ([name], Lang::Zh) => Some(format!("{zh} {name}")),
            ([name], Lang::En) => Some(format!("the {one} {name}")),
            (names, Lang::Zh) => Some(format!("{} 个{zh}（{}）", names.len(), names.join("、"))),
            (names, Lang::En) => Some(format!("{} {many} ({})", names.len(), names.join(", "))),
        }
    };
    parts.extend(named(&s.streets_created, "街道", "street", "streets"));
    parts.extend(named(
        &s.communities_created,
        "社区",
        "community",
        "communities",
    ));
    let g = s.grids_created.len();
    if g > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{g} 个网格"),
            Lang::En => crate::i18n::count(g, "grid", "grids"),
        });
    }
    let b = s.buildings_created;
    if b > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{b} 栋楼"),
            Lang::En => crate::i18n::count(b, "building", "buildings"),
        });
    }
    if parts.is_empty() {
        return None;
    }
    Some(match (lang, dry_run) {
        (Lang::Zh, true) => format!("将新建{}", parts.join("、")),
        (Lang::Zh, false) => format!("已新建{}", parts.join("、")),
        (Lang::En, true) => format!("would create {}", lang.listing(&parts)),
        (Lang::En, false) => format!("created {}", lang.listing(&parts)),
    })
}

/// A row of the summary, its label padded to 22 columns.
fn label(zh: &str, en: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => super::followups::pad(zh, 22),
        Lang::En => format!("{en:<22}"),
    }
}

/// A problem of the roster with its row (and column), in `lang`.
fn problem(p: &Problem, lang: Lang) -> String {
    match lang {
        Lang::En => p.to_string(),
        Lang::Zh => {
            let (row, message) = (p.row, localize(&p.message, lang));
            match (&p.column, row) {
                (_, 0) => message,
                (Some(c), row) => format!("第 {row} 行，{c}：{message}"),
                (None, row) => format!("第 {row} 行：{message}"),
            }
        }
    }
}
