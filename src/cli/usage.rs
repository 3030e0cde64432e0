//! The command line's help and usage errors in the user's language: clap's `Command` with
//! its texts (and clap's own: headings, `Print help`, defaults) rendered through the
//! catalogue, and each of clap's error kinds said as one Chinese sentence.

use crate::cli::out::{err, out};

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, Command, CommandFactory, FromArgMatches};

use super::Cli;
use crate::i18n::{localize, Lang};

/// The language of help and usage errors, before the arguments are parsed: `--lang` as
/// written, else the settings file, else LC_ALL / LANG.
pub fn language(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    for (i, a) in args.iter().enumerate() {
        let a = a.to_string_lossy();
        if a == "--" {
            break;
        }
        if let Some(v) = a.strip_prefix("--lang=") {
            flag = Some(v.to_string());
        } else if a == "--lang" {
            flag = args.get(i + 1).map(|v| v.to_string_lossy().into_owned());
        }
    }
    let settings = crate::tui::config::Config::load().ok().and_then(|c| c.lang);
    Lang::choose(flag.or(settings).as_deref()).unwrap_or_else(|_| Lang::from_env())
}

/// Parses the arguments; help, the version and usage errors are printed in `lang`, and the
/// exit status returned: 0 for help and the version, 2 for a usage error.
pub fn parse(args: Vec<std::ffi::OsString>, lang: Lang) -> Result<Cli, i32> {
    let result = command(lang)
        .try_get_matches_from(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    result.map_err(|e| {
        let code = if e.use_stderr() { 2 } else { 0 };
        // Help (asked for, or shown for a command given without its subcommand) is already
        // in Chinese; only the usage tag clap writes itself is left.
        let help = matches!(
            e.kind(),
            ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
        match lang {
            Lang::Zh if help && e.use_stderr() => {
                err!("{}", e.to_string().replace("[OPTIONS]", "[选项]"))
            }
            Lang::Zh if help => out!("{}", e.to_string().replace("[OPTIONS]", "[选项]")),
            Lang::Zh => err!("{}", error_zh(&e)),
            // Plain text, through the escaping writer: clap quotes the arguments it refuses.
            Lang::En if e.use_stderr() => err!("{e}"),
            Lang::En => out!("{e}"),
        }
        code
    })
}

/// The whole command line, its help in `lang`.
pub fn command(lang: Lang) -> Command {
    let mut cmd = Cli::command();
    if lang == Lang::Zh {
        // Built first, so the help flags and the `help` subcommand clap adds are there to be
        // rendered too, and the global options are copied into every subcommand.
        cmd.build();
        cmd = in_chinese(cmd);
    }
    cmd
}

/// Every text of a command and its arguments and subcommands, through the catalogue.
fn in_chinese(mut cmd: Command) -> Command {
    if let Some(about) = cmd.get_about().map(ToString::to_string) {
        cmd = cmd.about(localize(&about, Lang::Zh));
    }
    if let Some(about) = cmd.get_long_about().map(ToString::to_string) {
        cmd = cmd.long_about(localize(&about, Lang::Zh));
    }
    // The sections a command has, under Chinese headings (clap's own end in an ASCII colon).
    let shown = |a: &Arg| !a.is_hide_set();
    let mut template = vec!["{before-help}{about-with-newline}\n用法：{usage}"];
    if cmd.has_subcommands() {
        template.push("命令：\n{subcommands}");
    }
    if cmd.get_positionals().any(shown) {
        template.push("参数：\n{positionals}");
    }
    if cmd.get_arguments().any(|a| !a.is_positional() && shown(a)) {
        template.push("选项：\n{options}");
    }
    cmd = cmd
        .help_template(template.join("\n\n") + "{after-help}")
        .subcommand_value_name("命令");
    let ids: Vec<_> = cmd.get_arguments().map(|a| a.get_id().clone()).collect();
    for id in ids {
        cmd = cmd.mut_arg(id, arg_in_chinese);
    }
    let names: Vec<_> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, in_chinese);
    }
    cmd
}

/// An argument's help in Chinese, its default, choices and variable said in Chinese after it.
fn arg_in_chinese(arg: Arg) -> Arg {
    let zh = |t: &clap::builder::StyledStr| localize(&t.to_string(), Lang::Zh);
    let mut notes = Vec::new();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if !defaults.is_empty() && arg.get_action().takes_values() && !arg.is_hide_default_value_set() {
        notes.push(format!("[默认：{}]", defaults.join("、")));
    }
    let choices: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|p| !p.is_hide_set() && !arg.is_hide_possible_values_set())
        .collect();
    let names: Vec<&str> = choices.iter().map(|p| p.get_name()).collect();
    if !names.is_empty() {
        notes.push(format!("[可选：{}]", names.join("、")));
    }
    if let Some(var) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(format!("[环境变量：{}]", var.to_string_lossy()));
    }
    let join = |text: Option<String>, notes: &[String]| {
        text.into_iter()
            .chain(notes.iter().cloned())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
    };
    let help = join(arg.get_help().map(zh), &notes).join(" ");
    // The long help lists each choice with what it means, when the choices say.
    let explained = choices.iter().any(|p| p.get_help().is_some());
    if explained {
        notes.retain(|n| !n.starts_with("[可选"));
        let width = names.iter().map(|n| n.len()).max().unwrap_or(0);
        let lines: Vec<String> = choices
            .iter()
            .map(|p| {
                let help = p.get_help().map(zh).unwrap_or_default();
                format!("- {:<width$}  {help}", p.get_name())
            })
            .collect();
        notes.push(format!("可选：\n{}", lines.join("\n")));
    }
    let long = (arg.get_long_help().is_some() || explained)
        .then(|| join(arg.get_long_help().or(arg.get_help()).map(zh), &notes).join("\n\n"));
    let mut arg = arg
        .hide_default_value(true)
        .hide_possible_values(true)
        .hide_env(true)
        .help(help);
    if let Some(long) = long {
        arg = arg.long_help(long);
    }
    arg
}

/// A usage error as gridbook says it in Chinese: one sentence, the usage, where to read more.
fn error_zh(e: &clap::Error) -> String {
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("、"),
        Some(ContextValue::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let mut sentence = match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识参数 {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("没有子命令 {}", text(ContextKind::InvalidSubcommand))
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 后面要写一个值"),
        ErrorKind::InvalidValue => {
            let valid = text(ContextKind::ValidValue);
            format!("“{value}”不是 {arg} 可以取的值；可以写 {valid}")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| localize(&s.to_string(), Lang::Zh))
                .unwrap_or_default();
            format!("{arg} 的值“{value}”不对：{why}")
        }
        ErrorKind::MissingRequiredArgument => format!("缺少必填的参数 {arg}"),
        ErrorKind::MissingSubcommand => {
            format!("缺少子命令；可以用 {}", text(ContextKind::ValidSubcommand))
        }
        ErrorKind::TooManyValues => format!("{arg} 多给了一个值“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 给的值个数不对")
        }
        ErrorKind::ArgumentConflict => {
            format!("{arg} 不能和 {} 一起用", text(ContextKind::PriorArg))
        }
        ErrorKind::NoEquals => format!("{arg} 的值要用等号连着写，如 {arg}=值"),
        ErrorKind::InvalidUtf8 => "参数中有不是 UTF-8 的字符".to_string(),
        _ => e.kind().to_string(),
    };
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(text)
        .find(|s| !s.is_empty());
    if let Some(s) = suggested {
        sentence.push_str(&format!("；是不是想写 {s}？"));
    }
    let usage = text(ContextKind::Usage);
    let usage = usage
        .strip_prefix("Usage: ")
        .unwrap_or(&usage)
        .replace("[OPTIONS]", "[选项]");
    let mut out = format!("gridbook: {sentence}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\n用法：{usage}\n"));
    }
    out.push_str("\n更多说明请用 --help 查看\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text clap shows in help, in Chinese, with the command it belongs to.
    fn texts(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
        let path = format!("{path} {}", cmd.get_name());
        for t in [cmd.get_about(), cmd.get_long_about()]
            .into_iter()
            .flatten()
        {
            out.push((path.clone(), t.to_string()));
        }
        for a in cmd.get_arguments() {
            let values = a.get_possible_values();
            let values = values.iter().filter_map(|p| p.get_help());
            for t in [a.get_help(), a.get_long_help()]
                .into_iter()
                .flatten()
                .chain(values)
            {
                out.push((format!("{path} {}", a.get_id()), t.to_string()));
            }
        }
        for s in cmd.get_subcommands() {
            texts(s, &path, out);
        }
    }

    #[test]
    fn every_help_text_has_its_chinese_in_the_catalogue() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut all = Vec::new();
        texts(&cmd, "", &mut all);
        let missing: Vec<_> = all
            .into_iter()
            .filter(|(_, t)| !t.is_empty() && localize(t, Lang::Zh) == *t)
            .collect();
        assert!(missing.is_empty(), "{missing:#?}");
    }
}
