//! `gridbook sync`: a laptop's sync with the community server over SSH (both ways, only what
//! is missing), and the server's side of it (`gridbook sync --stdio`).
//!
//! The laptop runs `ssh HOST gridbook sync --stdio` (or `--ssh CMD` instead of ssh) and the
//! two processes talk over its stdin and stdout in length-prefixed, deflated bincode frames.
//! On the server, `--stdio` is a client of the server like any other, so the SSH user's
//! scope and the audit trail apply. Each batch is applied in one transaction and made
//! durable before it is acknowledged; a sync cut short is simply run again.

use crate::cli::out::outln;

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::{anyhow, bail, Context};
use serde::{Deserialize, Serialize};

use crate::client::{Backend, SyncCall, SyncReply};
use crate::i18n::Lang;
use crate::store::sync::{Applied, Hello, PullRequest, SyncBatch, SyncStatus, VersionVector};

/// Bumped whenever the frames below change; both sides must agree.
const PROTOCOL: u32 = 2;
/// Records in one batch: one transaction on the receiving side, well under the frame limit.
const BATCH: usize = 1_000;
/// A frame is refused beyond this (compressed or not).
const FRAME_LIMIT: usize = 16 << 20;

#[derive(Debug, clap::Args)]
pub struct SyncArgs {
    /// The community server, as ssh knows it: HOST or USER@HOST.
    #[arg(value_name = "[USER@]HOST")]
    pub target: Option<String>,
    /// The data directory on the server (default: the server user's own).
    #[arg(long, value_name = "DIR")]
    pub remote_data: Option<PathBuf>,
    /// The command that reaches the server instead of `ssh` (it is given HOST and the
    /// remote command, as ssh is).
    #[arg(long, value_name = "CMD")]
    pub ssh: Option<String>,
    /// The gridbook program on the server.
    #[arg(long, value_name = "PATH", default_value = "gridbook")]
    pub remote_gridbook: String,
    /// Serve a sync over stdin and stdout (what the server side runs; not for people).
    #[arg(long)]
    pub stdio: bool,
    /// Remove this laptop's copy of everything the server already holds.
    #[arg(long)]
    pub forget: bool,
    /// Show the last sync, what waits to go up, and the conflicts to review.
    #[arg(long)]
    pub status: bool,
    /// Print one JSON object instead of sentences.
    #[arg(long)]
    pub json: bool,
}

/// From the laptop to the server.
#[derive(Debug, Serialize, Deserialize)]
enum Up {
    Hello {
        protocol: u32,
        want_origin: bool,
    },
    Pull(PullRequest),
    Push(SyncBatch),
    /// How far does the server hold this laptop's audit trail?
    TrailAt {
        origin: u16,
    },
    /// The next entries of this laptop's audit trail.
    Trail {
        origin: u16,
        entries: Vec<Vec<u8>>,
    },
    Bye,
}

/// From the server to the laptop.
#[derive(Debug, Serialize, Deserialize)]
enum Down {
    Hello {
        protocol: u32,
        hello: Hello,
    },
    Batch(SyncBatch),
    Applied(Applied),
    /// The server holds the laptop's audit trail up to this entry.
    TrailAt(u64),
    /// One sentence for the user; the sync stops.
    Error(String),
}

/// What a sync did, as `gridbook sync --json` prints it.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub server_user: String,
    pub sent_changes: u64,
    pub sent_records: u64,
    pub received_changes: u64,
    pub received_records: u64,
    pub changed_here: u64,
    pub changed_there: u64,
    /// Conflicts and possible duplicates noticed on this laptop (its list to review).
    pub conflicts: u64,
    pub duplicates: u64,
    /// The same, noticed on the server as this laptop's changes arrived.
    pub conflicts_there: u64,
    pub duplicates_there: u64,
    pub bytes_sent: u64,
    pub bytes_received: u64,
    pub first_copy: bool,
    /// Entries of this laptop's audit trail the server now also holds.
    pub audit_sent: u64,
}

fn write_msg<T: Serialize>(w: &mut impl Write, msg: &T) -> anyhow::Result<()> {
    use flate2::write::DeflateEncoder;
    let body = crate::store::codec::encode_frame(msg)?;
    let mut z = DeflateEncoder::new(
        Vec::with_capacity(body.len() / 3),
        flate2::Compression::fast(),
    );
    z.write_all(&body)?;
    let packed = z.finish()?;
    w.write_all(&(packed.len() as u32).to_be_bytes())?;
    w.write_all(&packed)?;
    w.flush()?;
    Ok(())
}

/// Reads one frame; None when the other side closed the stream cleanly.
fn read_msg<T: serde::de::DeserializeOwned>(r: &mut impl Read) -> anyhow::Result<Option<T>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let len = u32::from_be_bytes(len) as usize;
    if len > FRAME_LIMIT {
        bail!("the other side sent a frame of {len} bytes, more than a sync frame may be");
    }
    let mut packed = vec![0u8; len];
    r.read_exact(&mut packed)?;
    let mut body = Vec::new();
    flate2::read::DeflateDecoder::new(&packed[..])
        .take(FRAME_LIMIT as u64 + 1)
        .read_to_end(&mut body)?;
    if body.len() > FRAME_LIMIT {
        bail!("the other side sent a frame that unpacks beyond the limit");
    }
    Ok(Some(crate::store::codec::decode_frame(&body)?))
}

/// Counts the bytes that pass.
struct Counted<T> {
    inner: T,
    n: Arc<AtomicU64>,
}

impl<T: Read> Read for Counted<T> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.n.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl<T: Write> Write for Counted<T> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.n.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub fn run(dir: &Path, args: &SyncArgs, lang: Lang) -> anyhow::Result<()> {
    if args.stdio {
        return serve_stdio(dir);
    }
    if args.forget {
        return forget(dir, lang, args.json);
    }
    if args.status {
        return status(dir, lang, args.json);
    }
    let Some(target) = &args.target else {
        bail!(match lang {
            Lang::Zh => "请写出要同步的服务器，例如 gridbook sync li@community-server",
            Lang::En =>
                "name the server to sync with, for example: gridbook sync li@community-server",
        });
    };
    let local = crate::client::open(dir)?;
    match sync_with(local.as_ref(), target, args) {
        Ok(summary) => {
            print_summary(&summary, target, lang, args.json)?;
            Ok(())
        }
        Err(e) => {
            let sentence = e.to_string();
            Err(anyhow!(match lang {
                Lang::Zh => format!("同步没有完成：{sentence}；已保存的记录都还在，稍后再运行一次 gridbook sync 即可接着同步"),
                Lang::En => format!("the sync did not finish: {sentence}; nothing saved was lost, run gridbook sync again to carry on"),
            }))
        }
    }
}

fn expect_reply(r: SyncReply) -> anyhow::Error {
    anyhow!("the local store gave an unexpected answer ({r:?})")
}

fn moment(b: &dyn Backend) -> anyhow::Result<VersionVector> {
    match b.sync(SyncCall::Moment)? {
        SyncReply::Moment(v) => Ok(v),
        other => Err(expect_reply(other)),
    }
}

/// The laptop's side over ssh: runs the server's side and drives the sync through it.
pub fn sync_with(local: &dyn Backend, target: &str, args: &SyncArgs) -> anyhow::Result<Summary> {
    let mut child = remote_command(target, args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not run {}", args.ssh.as_deref().unwrap_or("ssh")))?;
    let to = child.stdin.take().expect("piped stdin");
    let from = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let stderr = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err_pipe.read_to_string(&mut s);
        s
    });
    let result = drive(local, target, from, to);
    let exit = child.wait();
    let err_text = stderr.join().unwrap_or_default();
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            // Prefer what the far side said (ssh refusing, gridbook missing there).
            let said = err_text
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().trim_start_matches("gridbook: ").to_string());
            let Some(said) = said.filter(|_| e.downcast_ref::<Refused>().is_none()) else {
                return Err(e);
            };
            // The status line keeps the sentence the user was shown.
            let _ = local.sync(SyncCall::Record {
                peer: target.to_string(),
                outcome: Err(said.clone()),
            });
            return Err(anyhow!("{said}"));
        }
    };
    if let Ok(code) = exit {
        if !code.success() {
            bail!("the server's side ended with {code} after the sync");
        }
    }
    Ok(summary)
}

/// Drives one sync with the server's side reached through `from` and `to`: hello, pull
/// everything missing, push everything missing, record how it went. Counts the bytes.
pub fn drive(
    local: &dyn Backend,
    peer: &str,
    from: impl Read,
    to: impl Write,
) -> anyhow::Result<Summary> {
    let status = match local.sync(SyncCall::Status)? {
        SyncReply::Status(s) => s,
        other => return Err(expect_reply(other)),
    };
    let first = match local.sync(SyncCall::HasCopy)? {
        SyncReply::Yes(b) => !b,
        other => return Err(expect_reply(other)),
    };
    let sent = Arc::new(AtomicU64::new(0));
    let received = Arc::new(AtomicU64::new(0));
    let mut w = BufWriter::new(Counted {
        inner: to,
        n: sent.clone(),
    });
    let mut r = BufReader::new(Counted {
        inner: from,
        n: received.clone(),
    });
    let result = converse(local, peer, &status, first, &mut w, &mut r);
    drop(w);
    drop(r);
    let mut summary = match result {
        Ok(s) => s,
        Err(e) => {
            // A failure is recorded as such, so the status line never shows a false success.
            let _ = local.sync(SyncCall::Record {
                peer: peer.to_string(),
                outcome: Err(e.to_string()),
            });
            return Err(e);
        }
    };
    summary.bytes_sent = sent.load(Ordering::Relaxed);
    summary.bytes_received = received.load(Ordering::Relaxed);
    Ok(summary)
}

/// An error the server's side stated in words.
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn recv(r: &mut impl Read) -> anyhow::Result<Down> {
    match read_msg::<Down>(r)? {
        Some(Down::Error(s)) => Err(Refused(s).into()),
        Some(d) => Ok(d),
        None => bail!("the connection to the server closed in the middle of the sync"),
    }
}

fn converse(
    local: &dyn Backend,
    peer: &str,
    status: &SyncStatus,
    first: bool,
    w: &mut impl Write,
    r: &mut impl Read,
) -> anyhow::Result<Summary> {
    let mut summary = Summary {
        first_copy: first,
        ..Summary::default()
    };
    write_msg(
        w,
        &Up::Hello {
            protocol: PROTOCOL,
            want_origin: status.origin == 0,
        },
    )?;
    let hello = match recv(r)? {
        Down::Hello { protocol, .. } if protocol != PROTOCOL => bail!(
            "the server runs a gridbook that speaks sync protocol {protocol}, this one speaks {PROTOCOL}; install the same version on both"
        ),
        Down::Hello { hello, .. } => hello,
        other => bail!("the server answered the greeting with {other:?}"),
    };
    summary.server_user = hello.user.clone();
    if status.origin == 0 {
        let Some(origin) = hello.assigned else {
            bail!("the server gave this laptop no replica number");
        };
        local.sync(SyncCall::Adopt(origin))?;
    }
    let origin = match status.origin {
        0 => hello.assigned.unwrap_or(0),
        o => o,
    };
    // Down: everything the laptop lacks, in batches, each applied and durable before the next.
    // A first copy cut off goes on from its last batch, at the moment it began; whatever
    // changed on the server since then follows as ordinary changes.
    if first {
        let (upto, after) = match local.sync(SyncCall::CopyCursor)? {
            SyncReply::Copy(Some((upto, cursor))) => (upto, Some(cursor)),
            SyncReply::Copy(None) => (hello.upto.clone(), None),
            other => return Err(expect_reply(other)),
        };
        let have = moment(local)?;
        pull_all(local, w, r, &have, &upto, true, after, &mut summary)?;
    }
    let have = moment(local)?;
    pull_all(local, w, r, &have, &hello.upto, false, None, &mut summary)?;
    // Up: everything the server lacks.
    let mine = moment(local)?;
    let mut after = None;
    loop {
        let batch = match local.sync(SyncCall::Pull(PullRequest {
            have: hello.upto.clone(),
            upto: mine.clone(),
            first: false,
            after: after.take(),
            max_records: BATCH,
        }))? {
            SyncReply::Batch(b) => b,
            other => return Err(expect_reply(other)),
        };
        let next = batch.next.clone();
        if !batch.entries.is_empty() || !batch.records.is_empty() {
            summary.sent_changes += batch.entries.len() as u64;
            summary.sent_records += batch.records.len() as u64;
            write_msg(w, &Up::Push(batch))?;
            match recv(r)? {
                Down::Applied(a) => {
                    summary.changed_there += a.changed;
                    summary.conflicts_there += a.conflicts;
                    summary.duplicates_there += a.duplicates;
                }
                other => bail!("the server answered a push with {other:?}"),
            }
        }
        match next {
            Some(c) => after = Some(c),
            None => break,
        }
    }
    // The laptop's audit trail goes up too: the server keeps every replica's, chain checked.
    write_msg(w, &Up::TrailAt { origin })?;
    let mut have = match recv(r)? {
        Down::TrailAt(n) => n,
        other => bail!("the server answered with {other:?} when asked for the audit trail"),
    };
    loop {
        let entries = match local.sync(SyncCall::TrailAfter {
            seq: have,
            limit: BATCH,
        })? {
            SyncReply::Trail(e) => e,
            other => return Err(expect_reply(other)),
        };
        if entries.is_empty() {
            break;
        }
        let n = entries.len() as u64;
        write_msg(w, &Up::Trail { origin, entries })?;
        have = match recv(r)? {
            Down::TrailAt(n) => n,
            other => bail!("the server answered the audit trail with {other:?}"),
        };
        summary.audit_sent += n;
    }
    local.sync(SyncCall::TrailSent(have))?;
    write_msg(w, &Up::Bye)?;
    // What the server holds now: its moment and everything this laptop had.
    let mut both = hello.upto.clone();
    for (o, s) in mine {
        let e = both.entry(o).or_insert(0);
        *e = (*e).max(s);
    }
    local.sync(SyncCall::Record {
        peer: peer.to_string(),
        outcome: Ok(both),
    })?;
    Ok(summary)
}

/// Pulls batches until the server has no more, applying each (a first copy also remembers
/// where it got to, so a cut-off copy goes on from there).
#[allow(clippy::too_many_arguments)]
fn pull_all(
    local: &dyn Backend,
    w: &mut impl Write,
    r: &mut impl Read,
    have: &VersionVector,
    upto: &VersionVector,
    first: bool,
    mut after: Option<crate::store::sync::Cursor>,
    summary: &mut Summary,
) -> anyhow::Result<()> {
    loop {
        write_msg(
            w,
            &Up::Pull(PullRequest {
                have: have.clone(),
                upto: upto.clone(),
                first,
                after: after.take(),
                max_records: BATCH,
            }),
        )?;
        let batch = match recv(r)? {
            Down::Batch(b) => b,
            other => bail!("the server answered a pull with {other:?}"),
        };
        let next = batch.next.clone();
        summary.received_changes += batch.entries.len() as u64;
        summary.received_records += batch.records.len() as u64;
        if !batch.entries.is_empty() || !batch.records.is_empty() {
            match local.sync(SyncCall::Push(batch))? {
                SyncReply::Applied(a) => {
                    summary.changed_here += a.changed;
                    summary.conflicts += a.conflicts;
                    summary.duplicates += a.duplicates;
                }
                other => return Err(expect_reply(other)),
            }
        }
        if first {
            let at = next.clone().map(|c| (upto.clone(), c));
            local.sync(SyncCall::SaveCopyCursor(at))?;
        }
        match next {
            Some(c) => after = Some(c),
            None => return Ok(()),
        }
    }
}

fn remote_command(target: &str, args: &SyncArgs) -> Command {
    let program = args.ssh.clone().unwrap_or_else(|| "ssh".to_string());
    let mut words = program.split_whitespace();
    let mut cmd = Command::new(words.next().unwrap_or("ssh"));
    cmd.args(words);
    cmd.arg(target);
    let mut remote = vec![args.remote_gridbook.clone()];
    if let Some(d) = &args.remote_data {
        remote.push("--data".into());
        remote.push(d.display().to_string());
    }
    remote.extend(["sync".into(), "--stdio".into()]);
    // ssh joins the words into one shell line on the far side: quote each.
    cmd.args(remote.iter().map(|w| shell_quote(w)));
    cmd
}

fn shell_quote(w: &str) -> String {
    if !w.is_empty()
        && w.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=@:".contains(c))
    {
        w.to_string()
    } else {
        format!("'{}'", w.replace('\'', r"'\''"))
    }
}

/// The server's side: answers the laptop over stdin and stdout as the SSH user.
fn serve_stdio(dir: &Path) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let (r, w) = (stdin.lock(), stdout.lock());
    match crate::client::open(dir) {
        Ok(backend) => serve(backend.as_ref(), r, w),
        Err(e) => {
            // Say it to the laptop in words, then end.
            let (mut r, mut w) = (BufReader::new(r), BufWriter::new(w));
            let _ = read_msg::<Up>(&mut r);
            write_msg(&mut w, &Down::Error(e.to_string()))?;
            Err(e.into())
        }
    }
}

/// Answers one laptop's sync through `backend` until it says goodbye or goes away.
pub fn serve(backend: &dyn Backend, from: impl Read, to: impl Write) -> anyhow::Result<()> {
    let mut r = BufReader::new(from);
    let mut w = BufWriter::new(to);
    while let Some(msg) = read_msg::<Up>(&mut r)? {
        let reply = match msg {
            Up::Hello {
                protocol,
                want_origin,
            } => {
                if protocol != PROTOCOL {
                    Down::Hello {
                        protocol: PROTOCOL,
                        hello: Hello {
                            origin: 0,
                            upto: VersionVector::new(),
                            assigned: None,
                            user: String::new(),
                        },
                    }
                } else {
                    answer(backend, SyncCall::Hello { want_origin }, |r| match r {
                        SyncReply::Hello(hello) => Ok(Down::Hello {
                            protocol: PROTOCOL,
                            hello,
                        }),
                        other => Err(other),
                    })
                }
            }
            Up::Pull(req) => answer(backend, SyncCall::Pull(req), |r| match r {
                SyncReply::Batch(b) => Ok(Down::Batch(b)),
                other => Err(other),
            }),
            Up::Push(batch) => answer(backend, SyncCall::Push(batch), |r| match r {
                SyncReply::Applied(a) => Ok(Down::Applied(a)),
                other => Err(other),
            }),
            Up::TrailAt { origin } => answer(backend, SyncCall::TrailAt(origin), seq),
            Up::Trail { origin, entries } => {
                answer(backend, SyncCall::Trail { origin, entries }, seq)
            }
            Up::Bye => break,
        };
        let failed = matches!(reply, Down::Error(_));
        write_msg(&mut w, &reply)?;
        if failed {
            bail!("the sync was refused");
        }
    }
    Ok(())
}

/// The server's answer to one request: the reply as a frame, or the error in words.
fn answer(
    backend: &dyn Backend,
    call: SyncCall,
    frame: impl FnOnce(SyncReply) -> Result<Down, SyncReply>,
) -> Down {
    match backend.sync(call).map(frame) {
        Ok(Ok(down)) => down,
        Ok(Err(other)) => Down::Error(format!("unexpected {other:?}")),
        Err(e) => Down::Error(e.to_string()),
    }
}

fn seq(r: SyncReply) -> Result<Down, SyncReply> {
    match r {
        SyncReply::Seq(n) => Ok(Down::TrailAt(n)),
        other => Err(other),
    }
}

fn forget(dir: &Path, lang: Lang, json: bool) -> anyhow::Result<()> {
    let local = crate::client::open(dir)?;
    let status = match local.sync(SyncCall::Status)? {
        SyncReply::Status(s) => s,
        other => return Err(expect_reply(other)),
    };
    let (dropped, kept) = match local.sync(SyncCall::Forget)? {
        SyncReply::Forgot { dropped, kept } => (dropped, kept),
        other => return Err(expect_reply(other)),
    };
    if json {
        crate::cli::out::json(
            &serde_json::json!({"dropped": dropped, "kept": kept, "waiting": status.waiting}),
        )?;
        return Ok(());
    }
    match lang {
        Lang::Zh => outln!(
            "已删除本机上 {dropped} 条已同步到服务器的记录；保留 {kept} 条尚未同步的记录，下次同步时上传。"
        ),
        Lang::En => outln!(
            "removed {dropped} records the server already holds from this laptop; kept {kept} records that are not synced yet, for the next sync"
        ),
    }
    Ok(())
}

fn status(dir: &Path, lang: Lang, json: bool) -> anyhow::Result<()> {
    let local = crate::client::open(dir)?;
    let s = match local.sync(SyncCall::Status)? {
        SyncReply::Status(s) => s,
        other => return Err(expect_reply(other)),
    };
    if json {
        crate::cli::out::json(&s)?;
        return Ok(());
    }
    for line in status_lines(&s, lang) {
        outln!("{line}");
    }
    Ok(())
}

pub use crate::tui::sync_text::status_lines;

fn print_summary(s: &Summary, target: &str, lang: Lang, json: bool) -> anyhow::Result<()> {
    if json {
        crate::cli::out::json(s)?;
        return Ok(());
    }
    let kb = |b: u64| format!("{:.1} KB", b as f64 / 1024.0);
    match lang {
        Lang::Zh => {
            outln!(
                "已与 {target} 同步{}：上传 {} 条变更（{} 条记录，{}），下载 {} 条变更（{} 条记录，{}）。",
                if s.first_copy { "（首次下载）" } else { "" },
                s.sent_changes,
                s.sent_records,
                kb(s.bytes_sent),
                s.received_changes,
                s.received_records,
                kb(s.bytes_received)
            );
            if s.conflicts > 0 {
                outln!(
                    "有 {} 处两边都改过的字段，已保留较新的值，另一值放进冲突列表待核对。",
                    s.conflicts
                );
            }
            if s.duplicates > 0 {
                outln!(
                    "有 {} 人可能重复登记（身份证号相同），请在冲突列表里核对。",
                    s.duplicates
                );
            }
        }
        Lang::En => {
            use crate::i18n::count;
            outln!(
                "synced with {target}{}: sent {} ({}, {}), received {} ({}, {})",
                if s.first_copy { " (first copy)" } else { "" },
                count(s.sent_changes, "change", "changes"),
                count(s.sent_records, "record", "records"),
                kb(s.bytes_sent),
                count(s.received_changes, "change", "changes"),
                count(s.received_records, "record", "records"),
                kb(s.bytes_received)
            );
            if s.conflicts > 0 {
                let were = if s.conflicts == 1 { "was" } else { "were" };
                outln!(
                    "{} {were} changed on both sides: the later value is kept, the other is in the conflicts list for review",
                    count(s.conflicts, "field", "fields")
                );
            }
            if s.duplicates > 0 {
                let who = match s.duplicates {
                    1 => "1 person".to_string(),
                    n => format!("{n} people"),
                };
                outln!(
                    "{who} may be registered twice (same ID number): review them in the conflicts list"
                );
            }
        }
    }
    Ok(())
}
