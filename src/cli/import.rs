//! `gridbook import FILE`: a roster (CSV in UTF-8 or GBK, or XLSX) checked row by row and
//! written all or nothing by the server, only inside the caller's scope; `--template` writes
//! an empty roster to fill in.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::bail;
use serde::Serialize;

use crate::io::roster;
use crate::io::sheet::FileFormat;
use crate::io::table::Table;
use crate::io::{Problem, Problems};
use crate::store::import::{ImportOptions, ImportSummary, TRANSACTION_LIMIT};
use crate::store::OpenOptions;

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The roster: CSV (UTF-8, UTF-8 with BOM, GBK) or XLSX.
    #[arg(required_unless_present = "template", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Check the file and say what would be created and updated; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The community for rows that do not name one in a 社区 column.
    #[arg(long, value_name = "NAME")]
    pub community: Option<String>,
    /// Create the community the file names when the store has none of that name.
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

pub fn run(dir: &Path, args: &ImportArgs) -> anyhow::Result<()> {
    if let (Some(format), Some(out)) = (args.template, &args.output) {
        crate::io::template::template().write(out, format)?;
        println!("wrote an empty roster template to {}", out.display());
        return Ok(());
    }
    let Some(file) = &args.file else {
        bail!("name the roster to import, or use --template xlsx|csv -o FILE");
    };
    let (roster, format) = match Table::read(file) {
        Ok((table, format)) => (roster::read(&table, Some(format)), format.describe()),
        Err(e) => {
            let mut r = roster::Roster::default();
            r.problems.error(1, None, e.to_string());
            (r, "unreadable".to_string())
        }
    };
    // A large roster writes far more pages than the TUI's small cache holds (in-process).
    let backend = crate::client::open_with(
        dir,
        OpenOptions {
            cache_bytes: IMPORT_CACHE,
            ..OpenOptions::default()
        },
    )?;
    let bar = progress_bar(roster.households.len() as u64);
    let show = |stage: &str, done: u64, total: u64| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
            b.set_message(stage.to_string());
        }
    };
    let opts = ImportOptions {
        community: args.community.clone(),
        create_community: args.create_community,
        dry_run: args.dry_run,
        transaction_limit: args.transaction_limit,
    };
    let outcome = backend.import_roster(&roster, &opts, &show);
    if let (Some(b), Err(_)) = (&bar, &outcome) {
        b.finish_and_clear();
    }
    let outcome = outcome?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let s = &outcome.summary;
    let p = &outcome.problems;
    if args.json {
        let out = ImportJson {
            file: file.display().to_string(),
            format,
            households: roster.households.len(),
            people: roster.people,
            dry_run: args.dry_run,
            summary: s,
            errors: p.errors.iter().map(Problem::to_string).collect(),
            warnings: p.warnings.iter().map(Problem::to_string).collect(),
        };
        println!("{}", serde_json::to_string(&out)?);
    } else {
        print_report(file, &format, &roster, s, p, args.dry_run);
    }
    if !p.errors.is_empty() {
        if !args.json {
            for e in &p.errors {
                eprintln!("{e}");
            }
        }
        let n = p.errors.len();
        bail!(
            "nothing was imported: the roster has {n} error{}, listed above with their rows; fix {} and import again",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        );
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
    roster: &roster::Roster,
    s: &ImportSummary,
    p: &Problems,
    dry_run: bool,
) {
    if p.errors.is_empty() {
        let verb = if dry_run {
            "would import"
        } else if s.written {
            "imported"
        } else {
            "nothing new in"
        };
        println!(
            "{verb} {} ({format}): {} households, {} people",
            file.display(),
            roster.households.len(),
            roster.people
        );
        let lines = [
            ("households created", s.households_created),
            ("households updated", s.households_updated),
            ("households unchanged", s.households_unchanged),
            ("residents created", s.residents_created),
            ("residents updated", s.residents_updated),
            ("residents unchanged", s.residents_unchanged),
            ("buildings created", s.buildings_created),
            ("buildings updated", s.buildings_updated),
        ];
        for (what, n) in lines {
            if n > 0 {
                println!("  {what:<22}{n:>8}");
            }
        }
        for (what, names) in [
            ("streets created", &s.streets_created),
            ("communities created", &s.communities_created),
            ("grids created", &s.grids_created),
        ] {
            if !names.is_empty() {
                let mut shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
                if names.len() > 5 {
                    shown.push("…");
                }
                println!("  {what:<22}{:>8}  {}", names.len(), shown.join(", "));
            }
        }
    }
    if !p.warnings.is_empty() {
        println!("warnings ({}):", p.warnings.len());
        for w in &p.warnings {
            println!("  {w}");
        }
    }
}
