//! The command line: arguments, the data directory, and dispatch to one file per subcommand.
// Every line printed goes through `out`, which escapes control characters.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod address;
pub mod agenda;
pub mod audit;
pub mod backup;
pub mod campaign;
pub mod check;
pub mod demo;
pub mod export;
pub mod followups;
pub mod import;
pub mod keymap;
pub mod ledger;
pub mod member;
pub mod out;
pub mod registrant;
pub mod report;
pub mod roster;
pub mod rules;
pub mod search;
pub mod serve;
pub mod staff;
pub mod stats;
pub mod structure;
pub mod sync;
pub mod usage;
pub mod visit;
pub mod wish;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "gridbook",
    version,
    about = "网格台账 — the community grid ledger"
)]
pub struct Cli {
    /// The data directory of the store (default: the user's data directory).
    #[arg(long, global = true, env = "GRIDBOOK_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// The directory holding the server's socket (default: the data directory).
    #[arg(long, global = true, env = "GRIDBOOK_RUN", value_name = "DIR")]
    pub run: Option<PathBuf>,
    /// Open the demo street, creating it on first use.
    #[arg(long)]
    pub demo: bool,
    /// Interface language: zh or en (default: from LANG).
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    /// Keymap: default, vim, emacs, or a keymap file.
    #[arg(long, global = true, value_name = "NAME|FILE")]
    pub keymap: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a demo street in an empty data directory.
    Demo(demo::DemoArgs),
    /// Count what the store holds.
    Stats(stats::StatsArgs),
    /// Verify that every record decodes and every index agrees with its records.
    Check,
    /// Run the server that owns the store (clients start one by themselves when needed).
    Serve(serve::ServeArgs),
    /// Find residents and households by name, pinyin, initials, phone or ID tail, or address.
    Search(search::SearchArgs),
    /// Copy the whole store, consistently, into one new sealed file of your own.
    Backup { file: PathBuf },
    /// Restore a backup into an empty data directory (give it with --data).
    Restore(backup::RestoreArgs),
    /// Verify the audit trail.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Add, list or remove staff and what they may see.
    #[command(subcommand)]
    Staff(staff::StaffCommand),
    /// Check or show keymaps.
    #[command(subcommand)]
    Keymap(keymap::KeymapCommand),
    /// Log a home visit.
    #[command(subcommand)]
    Visit(visit::VisitCommand),
    /// Follow-ups and visits due and overdue, overdue first.
    Followups(followups::FollowupsArgs),
    /// Show or set how often households are due a visit.
    #[command(subcommand)]
    Rules(rules::RulesCommand),
    /// Import a roster (CSV in UTF-8 or GBK, or XLSX), all or nothing.
    Import(import::ImportArgs),
    /// Export households, residents, visits, disputes, follow-ups or captains as CSV or XLSX.
    Export(export::ExportArgs),
    /// Write a month's ledger (台账) as XLSX or CSV: visits, disputes, daily log, wishes, party.
    Ledger(ledger::LedgerArgs),
    /// Coverage, care-group visits, overdue follow-ups and disputes per month.
    Report(report::ReportArgs),
    /// Sync this laptop with the community server over SSH, both ways.
    Sync(sync::SyncArgs),
    /// Add a street.
    #[command(subcommand)]
    Street(structure::StreetCommand),
    /// Add or rename a community.
    #[command(subcommand)]
    Community(structure::CommunityCommand),
    /// Add or rename a grid.
    #[command(subcommand)]
    Grid(structure::GridCommand),
    /// Add, renumber or move a building.
    #[command(subcommand)]
    Building(structure::BuildingCommand),
    /// Show, add or change a household.
    #[command(subcommand)]
    Household(roster::HouseholdCommand),
    /// Add, change, move a resident, or record that one left.
    #[command(subcommand)]
    Resident(roster::ResidentCommand),
    /// Building captains: add, retire, their doors and phone.
    #[command(subcommand)]
    Captain(roster::CaptainCommand),
    /// Party members on the grid: profiles, party groups, 中心户 and coverage.
    #[command(subcommand)]
    Member(member::MemberCommand),
    /// Small wishes (微心愿): raise, list, dispatch or claim, fulfil, review, close.
    #[command(subcommand)]
    Wish(wish::WishCommand),
    /// Agenda items (议题): raise, list, decide, move on, note; the open decisions.
    #[command(subcommand)]
    Agenda(agenda::AgendaCommand),
    /// Meetings (议事会, 联席会议) and the agenda items they discussed.
    #[command(subcommand)]
    Meeting(agenda::MeetingCommand),
    /// In-service members and co-building units (双报到): register, list, leave.
    #[command(subcommand)]
    Registrant(registrant::RegistrantCommand),
    /// Service posts (岗位): publish, list, close, claim, end a claim.
    #[command(subcommand)]
    Post(registrant::PostCommand),
    /// Services by registrants: log one, the feedback card, the grid figures.
    #[command(subcommand)]
    Service(registrant::ServiceCommand),
    /// Campaigns in 战时 (排查): start, status, check a door, end, and staff sent down.
    #[command(subcommand)]
    Campaign(campaign::CampaignCommand),
}

/// Where the store lives: --data, $GRIDBOOK_DATA, or the user's data directory
/// (`demo/` under it for --demo).
pub fn data_dir(cli: &Cli) -> anyhow::Result<PathBuf> {
    if let Some(d) = &cli.data {
        return Ok(d.clone());
    }
    let dirs = directories::ProjectDirs::from("", "", "gridbook").ok_or_else(|| {
        anyhow::anyhow!("no home directory was found for the data; give one with --data DIR")
    })?;
    let base = dirs.data_dir().to_path_buf();
    Ok(if cli.demo {
        base.join("demo")
    } else {
        base.join("default")
    })
}

/// Runs the command line and returns the exit status: 0 success, 2 usage, 1 anything else.
pub fn main() -> i32 {
    let args: Vec<_> = std::env::args_os().collect();
    let cli = match usage::parse(args.clone(), usage::language(&args)) {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    // The language of any error, before the settings are read: --lang, else LANG.
    let mut lang = Lang::choose(cli.lang.as_deref()).unwrap_or_else(|_| Lang::from_env());
    let result = crate::tui::config::Config::load().and_then(|config| {
        lang = Lang::choose(cli.lang.as_deref().or(config.lang.as_deref()))?;
        run(cli, config, lang)
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            out::errln!("gridbook: {}", crate::i18n::error_sentence(&e, lang));
            1
        }
    }
}

fn run(cli: Cli, config: crate::tui::config::Config, lang: Lang) -> anyhow::Result<()> {
    let keymap_choice = cli.keymap.clone().or(config.keymap.clone());
    if let Some(Command::Keymap(cmd)) = &cli.command {
        return keymap::run(cmd, keymap_choice.as_deref(), lang);
    }
    let dir = data_dir(&cli)?;
    if let Some(run) = &cli.run {
        crate::server::access::set_run_dir(run.clone());
    }
    // A command whose output goes into a pipe closed early (`gridbook followups | head`)
    // ends quietly, as other tools do. The server, the screen and sync keep SIGPIPE ignored:
    // their sockets and pipes report a peer gone as an error they handle.
    if !matches!(
        cli.command,
        None | Some(Command::Serve(_)) | Some(Command::Sync(_))
    ) {
        // SAFETY: setting a signal's disposition to its default before any thread uses it.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    match &cli.command {
        Some(Command::Keymap(_)) => Ok(()),
        Some(Command::Demo(args)) => demo::run(&dir, args, lang),
        Some(Command::Stats(args)) => stats::run(&dir, args, lang),
        Some(Command::Check) => check::run(&dir, lang),
        Some(Command::Serve(args)) => serve::run(&dir, args),
        Some(Command::Audit(cmd)) => audit::run(&dir, cmd, lang),
        Some(Command::Backup { file }) => backup::backup(&dir, file, lang),
        Some(Command::Restore(args)) => backup::restore(&dir, args, lang),
        Some(Command::Search(args)) => search::run(&dir, args, lang),
        Some(Command::Staff(cmd)) => staff::run(&dir, cmd, lang),
        Some(Command::Visit(cmd)) => visit::run(&dir, cmd, lang),
        Some(Command::Followups(args)) => followups::run(&dir, args, lang),
        Some(Command::Rules(cmd)) => rules::run(&dir, cmd, lang),
        Some(Command::Import(args)) => import::run(&dir, args, lang),
        Some(Command::Export(args)) => export::run(&dir, args, lang),
        Some(Command::Ledger(args)) => ledger::run(&dir, args, lang),
        Some(Command::Report(args)) => report::run(&dir, args, lang),
        Some(Command::Sync(args)) => sync::run(&dir, args, lang),
        Some(Command::Street(cmd)) => structure::street(&dir, cmd, lang),
        Some(Command::Community(cmd)) => structure::community_cmd(&dir, cmd, lang),
        Some(Command::Grid(cmd)) => structure::grid_cmd(&dir, cmd, lang),
        Some(Command::Building(cmd)) => structure::building_cmd(&dir, cmd, lang),
        Some(Command::Household(cmd)) => roster::household_run(&dir, cmd, lang),
        Some(Command::Resident(cmd)) => roster::resident_run(&dir, cmd, lang),
        Some(Command::Captain(cmd)) => roster::captain_run(&dir, cmd, lang),
        Some(Command::Member(cmd)) => member::run(&dir, cmd, lang),
        Some(Command::Wish(cmd)) => wish::run(&dir, cmd, lang),
        Some(Command::Agenda(cmd)) => agenda::run(&dir, cmd, lang),
        Some(Command::Meeting(cmd)) => agenda::meeting_run(&dir, cmd, lang),
        Some(Command::Registrant(cmd)) => registrant::registrant_run(&dir, cmd, lang),
        Some(Command::Post(cmd)) => registrant::post_run(&dir, cmd, lang),
        Some(Command::Service(cmd)) => registrant::service_run(&dir, cmd, lang),
        Some(Command::Campaign(cmd)) => campaign::run(&dir, cmd, lang),
        None => {
            if cli.demo {
                demo::ensure(&dir, lang)?;
            }
            let (keymap, problems) = crate::tui::keymap::Keymap::load(
                keymap_choice.as_deref(),
                crate::tui::config::user_keymap().as_deref(),
            );
            let backend = crate::client::open(&dir)?;
            let settings = crate::tui::Settings {
                lang,
                keymap,
                keymap_problems: problems,
                ascii_borders: config.ascii_borders,
                ledger_dir: config.ledger_dir(),
            };
            crate::tui::run(backend, settings, &dir)
        }
    }
}
