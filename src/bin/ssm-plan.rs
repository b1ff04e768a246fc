//! `ssm-plan`: the planner on the command line, on the same core as the page.
//!
//! It reads a selection from flags and/or a JSON plan file, then prints one output exactly as
//! the page shows it, or writes every output into a folder. Invalid input is reported with the
//! page's messages and nothing is written.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use ssm_policy_planner::catalog::{Feature, Partition};
use ssm_policy_planner::denial;
use ssm_policy_planner::estate::{self, Report};
use ssm_policy_planner::input::{Field, FieldKind, Selection, Toggle};
use ssm_policy_planner::plan::{Part, Plan};
use ssm_policy_planner::render::denial::text as denial_text;
use ssm_policy_planner::render::estate::{csv as estate_csv, notes as estate_notes};
use ssm_policy_planner::render::plan_json::{PlanJson, managed_policies_json, plan_json};
use ssm_policy_planner::render::{Output, render};
use ssm_policy_planner::rewrite;
use ssm_policy_planner::text;

const NAME: &str = "ssm-plan";
const PLAN_FILE_NAME: &str = "plan.json";
const PLAN: &str = "plan";
const MANAGED_POLICIES: &str = "managed-policies";
const EXPLAIN: &str = "explain";
const ESTATE_REPORT: &str = "estate-report";
const REWRITE: &str = "rewrite";

fn synopsis() -> String {
    format!(
        "usage: {NAME} [SELECTION...] OUTPUT\n       {NAME} [SELECTION...] --out-dir DIR\n       {NAME} [SELECTION...] {EXPLAIN} FILE\n       {NAME} [SELECTION...] {REWRITE} [--diff] FILE\n       {NAME} --batch < selections.jsonl\n"
    )
}

fn usage() -> String {
    let mut text = synopsis();
    text.push_str(
        "
Plans the move of instance roles off the deprecated AmazonEC2RoleforSSM managed policy,
then prints one output exactly as the planner page shows it, or writes them all.

Selection (flags override the plan file; without --plan the page's opening selection is used):
  --plan FILE              start from a JSON selection ('-' reads standard input): its keys
                           are the plan file keys named below, \"features\" a list of ids,
                           fields of one entry a line a string of lines or a list
  --feature ID[,ID...]     a feature to cover; repeat it or separate ids with commas; replaces
                           the plan file's features (an empty value ticks none)
  --estate FILE            the JSON of aws iam get-account-authorization-details or
                           list-entities-for-policy ('-' reads standard input): the roles it
                           can update fill an empty role list, and its ARNs an empty account
                           id and the partition; the output estate-report prints its report
                           as CSV
",
    );
    for field in Field::ALL {
        let facts = field.facts();
        let (value, more) = match facts.kind {
            FieldKind::Text => ("TEXT", String::new()),
            FieldKind::Lines => (
                "LINE",
                format!(
                    " Repeat the flag, an entry each; it replaces the plan file's {}.",
                    facts.id
                ),
            ),
            FieldKind::Select | FieldKind::Radios => (
                "ID",
                format!(" One of {}.", one_of(field.options().iter().map(|o| o.id))),
            ),
            FieldKind::Checkbox => (
                "",
                format!(
                    " Ticks it; --{}={} unticks it (the plan file's value is {}).",
                    facts.flag,
                    Toggle::Off.id(),
                    one_of(field.options().iter().map(|o| o.id))
                ),
            ),
        };
        let flag = format!("--{} {value}", facts.flag);
        let flag = flag.trim_end();
        let words = format!(
            "{}: {}{more} Plan file key: {}.",
            facts.label,
            field.hint(),
            facts.id
        );
        text.push_str(&option_lines(flag, &words));
    }
    text.push_str(
        "
Features:
",
    );
    for f in Feature::ALL {
        let _ = writeln!(text, "  {:<24} {}", f.id(), f.facts().label);
    }
    text.push_str("\nOutputs:\n");
    for o in Output::ALL {
        let facts = o.facts();
        let _ = writeln!(
            text,
            "  {:<24} {} ({})",
            facts.id, facts.title, facts.file_name
        );
    }
    let _ = writeln!(
        text,
        "  {PLAN:<24} the whole plan as JSON ({PLAN_FILE_NAME})\n  {MANAGED_POLICIES:<24} the embedded AWS managed policy documents as JSON, ARNs for the partition"
    );
    text.push_str(
        "
An output is printed as the page shows it, followed by a newline when the text does not
already end with one; --out-dir writes the same bytes into files named as the page's
downloads, plus plan.json, and makes the scripts executable.

{REWRITE} FILE reads a CloudFormation template (YAML or JSON), a Terraform file or CDK source
('-' reads standard input) and prints it with every reference to the old policy rewritten to
the plan's policies in the same form; what it cannot rewrite safely is listed on standard
error as FILE:LINE: WHY. With --diff it prints what changes instead: a unified diff whose
sides are named a/FILE and b/FILE.

{EXPLAIN} FILE reads what was denied after the move ('-' reads standard input): an AccessDenied
message, a line of the SSM Agent's errors.log, or CloudTrail JSON, and explains each denial
against the plan, as the page's \"Explain a denial\" does.

--batch reads one JSON selection a line on standard input and prints, for each, one line
{\"errors\": {FIELD: MESSAGE}, \"plan\": PLAN}, for checking many plans at once.

Exit status: 0 done; 1 a file could not be written; 2 bad usage, an output that does not
apply, or invalid input (one 'error: FIELD: MESSAGE' line per mistake, as the page says it).
",
    );
    text
}

/// A flag and its description, the description wrapped to fit a terminal beside the flag.
fn option_lines(flag: &str, words: &str) -> String {
    const INDENT: usize = 27;
    const WIDTH: usize = 96;
    let mut out = format!("  {flag:<24} ");
    let mut column = out.len().max(INDENT);
    if out.len() > INDENT {
        out.truncate(out.trim_end().len());
        out.push('\n');
        out.push_str(&" ".repeat(INDENT));
        column = INDENT;
    }
    let mut first = true;
    for word in words.split(' ') {
        if !first && column + 1 + word.len() > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(INDENT));
            column = INDENT;
        } else if !first {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
        first = false;
    }
    out.push('\n');
    out
}

/// What to produce.
enum Target {
    Output(Output),
    Plan,
    ManagedPolicies,
    /// The denials of a file (`-`: standard input), explained.
    Explain(String),
    /// The report of the `--estate` import, as CSV.
    EstateReport,
    /// A template or source file rewritten to the plan (`-`: standard input), or what
    /// changes in it as a unified diff.
    Rewrite {
        file: String,
        diff: bool,
    },
}

/// Where the outputs go.
enum Sink {
    Print(Target),
    OutDir(PathBuf),
}

enum Mode {
    /// One selection, from the plan file and flags.
    One {
        plan_file: Option<String>,
        estate_file: Option<String>,
        overrides: Box<Overrides>,
        sink: Sink,
    },
    /// Many selections, one a line on standard input.
    Batch,
}

/// The selection flags given, each replacing the plan file's value.
#[derive(Default)]
struct Overrides {
    features: Option<BTreeSet<Feature>>,
    fields: BTreeMap<Field, Vec<String>>,
}

impl Overrides {
    fn is_empty(&self) -> bool {
        self.features.is_none() && self.fields.is_empty()
    }

    /// Sets each given field; a field of entries a line gets every value given, a line each.
    fn apply(self, s: &mut Selection) -> Result<(), Failure> {
        if let Some(v) = self.features {
            s.features = v;
        }
        for (field, values) in self.fields {
            s.set(field, values.join("\n"))
                .map_err(|e| Failure::Usage(e.to_string()))?;
        }
        Ok(())
    }
}

/// Why the command stops early.
enum Failure {
    /// `--help`.
    Help,
    /// The command line is wrong: the message, then the synopsis.
    Usage(String),
    /// The input is wrong or the output cannot be had: one `error:` line each.
    Refused(Vec<String>),
    /// Reading or writing failed.
    Io(String, io::Error),
}

fn io_failure(what: impl std::fmt::Display) -> impl FnOnce(io::Error) -> Failure {
    let what = what.to_string();
    move |e| Failure::Io(what, e)
}

fn one_of<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    ids.into_iter().collect::<Vec<_>>().join(", ")
}

fn parse_features(value: &str, into: &mut BTreeSet<Feature>) -> Result<(), Failure> {
    for id in value.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        let feature = Feature::from_id(id).ok_or_else(|| {
            Failure::Usage(format!(
                "unknown feature '{id}'; one of {}",
                one_of(Feature::ALL.map(Feature::id))
            ))
        })?;
        into.insert(feature);
    }
    Ok(())
}

fn parse_target(word: &str) -> Option<Target> {
    match word {
        PLAN => Some(Target::Plan),
        ESTATE_REPORT => Some(Target::EstateReport),
        MANAGED_POLICIES => Some(Target::ManagedPolicies),
        _ => Output::from_id(word).map(Target::Output),
    }
}

fn parse_args(raw: Vec<OsString>) -> Result<Mode, Failure> {
    let mut words = Vec::with_capacity(raw.len());
    for word in raw {
        let word = word.into_string().map_err(|w| {
            Failure::Usage(format!("argument is not UTF-8: {}", w.to_string_lossy()))
        })?;
        words.push(word);
    }
    let mut plan_file = None;
    let mut estate_file = None;
    let mut o = Overrides::default();
    let mut target: Option<Target> = None;
    let mut out_dir: Option<PathBuf> = None;
    let mut batch = false;
    let mut diff = false;
    let mut rest = words.into_iter();
    while let Some(word) = rest.next() {
        if word == "--help" || word == "-h" {
            return Err(Failure::Help);
        }
        if word == "--batch" {
            batch = true;
            continue;
        }
        if word == "--diff" {
            diff = true;
            continue;
        }
        if !word.starts_with('-') {
            if target.is_some() {
                return Err(Failure::Usage(format!(
                    "one OUTPUT only; got a second: '{word}'"
                )));
            }
            if word == EXPLAIN || word == REWRITE {
                let needs_file =
                    || Failure::Usage(format!("{word} needs a FILE ('-' reads standard input)"));
                let mut file = rest.next().ok_or_else(needs_file)?;
                if word == REWRITE && file == "--diff" {
                    diff = true;
                    file = rest.next().ok_or_else(needs_file)?;
                }
                target = Some(if word == EXPLAIN {
                    Target::Explain(file)
                } else {
                    Target::Rewrite { file, diff: false }
                });
                continue;
            }
            target = Some(parse_target(&word).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown output '{word}'; one of {}, {PLAN}, {MANAGED_POLICIES}",
                    one_of(Output::ALL.map(Output::id))
                ))
            })?);
            continue;
        }
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (word.clone(), None),
        };
        let name = flag.strip_prefix("--").unwrap_or_default();
        let field = Field::ALL.into_iter().find(|f| f.facts().flag == name);
        if field.is_none() && !matches!(name, "plan" | "feature" | "out-dir" | "estate") {
            // A plan file key typed as a flag: name the flag it has.
            let hint = Field::ALL
                .into_iter()
                .find(|f| f.id() == name)
                .map(|f| format!("; did you mean --{}?", f.facts().flag))
                .unwrap_or_default();
            return Err(Failure::Usage(format!("unknown option '{word}'{hint}")));
        }
        let checkbox = field.is_some_and(|f| f.facts().kind == FieldKind::Checkbox);
        let value = match inline {
            Some(v) => v,
            // A checkbox's flag alone ticks it.
            None if checkbox => Toggle::On.id().to_owned(),
            None => rest
                .next()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))?,
        };
        match (field, name) {
            (Some(field), _) => {
                let values = o.fields.entry(field).or_default();
                if field.facts().kind != FieldKind::Lines {
                    // A single-valued flag given twice keeps the last, as flags usually do.
                    values.clear();
                }
                values.push(value);
            }
            (None, "plan") => plan_file = Some(value),
            (None, "estate") => estate_file = Some(value),
            (None, "feature") => {
                parse_features(&value, o.features.get_or_insert_with(BTreeSet::new))?
            }
            (None, _) => out_dir = Some(PathBuf::from(value)),
        }
    }
    match &mut target {
        Some(Target::Rewrite { diff: wanted, .. }) => *wanted = diff,
        _ if diff => {
            return Err(Failure::Usage(format!("--diff goes with {REWRITE} FILE")));
        }
        _ => {}
    }
    let sink = match (batch, target, out_dir) {
        (true, None, None) if plan_file.is_none() && o.is_empty() => return Ok(Mode::Batch),
        (true, _, _) => {
            return Err(Failure::Usage(
                "--batch reads every selection from standard input and takes no other argument"
                    .to_owned(),
            ));
        }
        (false, Some(t), None) => Sink::Print(t),
        (false, None, Some(dir)) => Sink::OutDir(dir),
        (false, Some(_), Some(_)) => {
            return Err(Failure::Usage(
                "give an OUTPUT or --out-dir, not both".to_owned(),
            ));
        }
        (false, None, None) => {
            return Err(Failure::Usage(
                "name an OUTPUT, or give --out-dir DIR".to_owned(),
            ));
        }
    };
    if matches!(sink, Sink::Print(Target::EstateReport)) && estate_file.is_none() {
        return Err(Failure::Usage(format!(
            "{ESTATE_REPORT} needs --estate FILE"
        )));
    }
    Ok(Mode::One {
        plan_file,
        estate_file,
        overrides: Box::new(o),
        sink,
    })
}

/// Reads the `--estate` import into the selection, as the page does: the account id and
/// partition from its ARNs when the account id is empty (the partition only when the user
/// named none), and the roles it can update when no role is named; returns its report
/// against the resulting plan.
fn apply_estate(
    path: &str,
    selection: &mut Selection,
    partition_named: bool,
) -> Result<Report, Failure> {
    let text = read_text(path)
        .map_err(|e| Failure::Refused(vec![format!("estate file '{path}': {e}")]))?;
    let estate =
        estate::parse(&text).map_err(|e| Failure::Refused(vec![format!("estate: {e}")]))?;
    if selection.account_id.trim().is_empty() {
        let (account, partition) = estate::account_and_partition(&estate);
        if let Some(account) = account {
            selection.account_id = account;
        }
        if let Some(partition) = partition.filter(|_| !partition_named) {
            selection.partition = partition;
        }
    }
    if let Some(words) = estate::mismatch(&estate, &selection.account_id, selection.partition) {
        eprintln!("note: {words}");
    }
    let plan = Plan::from_selection(selection);
    let report = estate::report(&plan, &estate, plan.quota);
    if selection.role_names.trim().is_empty() {
        selection.role_names = report.updatable().join("\n");
    }
    Ok(report)
}

/// A file's text (`-`: standard input), in UTF-8 or UTF-16 with a byte order mark.
fn read_text(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| e.to_string())?
    } else {
        fs::read(path).map_err(|e| e.to_string())?
    };
    text::decode(bytes).map_err(|e| e.to_string())
}

/// The plan file's selection, and whether it names a partition.
fn read_plan_file(path: &str) -> Result<(Selection, bool), Failure> {
    let text =
        read_text(path).map_err(|e| Failure::Refused(vec![format!("plan file '{path}': {e}")]))?;
    let selection = serde_json::from_str(&text)
        .map_err(|e| Failure::Refused(vec![format!("plan file '{path}': {e}")]))?;
    let names_partition = serde_json::from_str::<serde_json::Value>(&text)
        .is_ok_and(|v| v.get(Field::Partition.id()).is_some());
    Ok((selection, names_partition))
}

/// Why an output has no text, as one `error:` line.
fn refusal<T>(output: Output, part: &Part<T>) -> Option<String> {
    match part {
        Part::Ready(_) => None,
        Part::NotApplicable(why) => Some(format!(
            "{} does not apply to this selection: {}",
            output.id(),
            why.message()
        )),
        Part::Blocked(fields) => Some(format!(
            "{} waits for valid values of: {}",
            output.id(),
            one_of(fields.iter().map(|f| f.id()))
        )),
    }
}

/// The text as printed: a newline ends it, added only when the text lacks one.
fn with_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn print_target(plan: &Plan, partition: Partition, target: Target) -> Result<String, Failure> {
    match target {
        Target::Plan => Ok(with_newline(plan_json(plan))),
        Target::ManagedPolicies => Ok(with_newline(managed_policies_json(partition))),
        Target::EstateReport => Ok(String::new()),
        Target::Rewrite { file: path, diff } => {
            let text = read_text(&path)
                .map_err(|e| Failure::Refused(vec![format!("source file '{path}': {e}")]))?;
            let rewritten = rewrite::rewrite(plan, &text)
                .map_err(|e| Failure::Refused(vec![format!("rewrite: {e}")]))?;
            // What it could not rewrite goes beside the output, a line each, as the page lists it.
            for f in &rewritten.findings {
                eprintln!("{path}:{}: {}", f.line, f.message);
            }
            Ok(if diff {
                rewritten.diff(if path == "-" { "stdin" } else { &path })
            } else {
                rewritten.text
            })
        }
        Target::Explain(path) => {
            let text = read_text(&path)
                .map_err(|e| Failure::Refused(vec![format!("denial file '{path}': {e}")]))?;
            let explanations = denial::explain_text(plan, &text)
                .map_err(|e| Failure::Refused(vec![format!("denial: {e}")]))?;
            Ok(denial_text(plan, &explanations))
        }
        Target::Output(output) => {
            let rendered = render(plan, output);
            match refusal(output, &rendered) {
                Some(why) => Err(Failure::Refused(vec![why])),
                None => Ok(with_newline(rendered.into_ready().unwrap_or_default())),
            }
        }
    }
}

fn write_out_dir(plan: &Plan, dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    // Everything is rendered before the first file is written, so a refusal writes nothing.
    let mut files = Vec::new();
    for output in Output::ALL {
        let facts = output.facts();
        match render(plan, output) {
            Part::Ready(text) => files.push((facts.file_name, with_newline(text), facts.script)),
            Part::NotApplicable(_) => {}
            blocked @ Part::Blocked(_) => {
                return Err(Failure::Refused(
                    refusal(output, &blocked).into_iter().collect(),
                ));
            }
        }
    }
    files.push((PLAN_FILE_NAME, with_newline(plan_json(plan)), false));
    fs::create_dir_all(dir).map_err(io_failure(dir.display()))?;
    let mut written = Vec::new();
    for (name, text, script) in files {
        let path = dir.join(name);
        fs::write(&path, text).map_err(io_failure(path.display()))?;
        set_mode(&path, script).map_err(io_failure(path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(unix)]
fn set_mode(path: &Path, script: bool) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(
        path,
        fs::Permissions::from_mode(if script { 0o755 } else { 0o644 }),
    )
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _script: bool) -> io::Result<()> {
    Ok(())
}

#[derive(Serialize)]
struct BatchLine<'a> {
    errors: BTreeMap<&'static str, String>,
    plan: PlanJson<'a>,
}

/// One selection a line in, one plan a line out; a line that is no selection stops the run.
fn batch() -> Result<(), Failure> {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for (i, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(io_failure("standard input"))?;
        if line.trim().is_empty() {
            continue;
        }
        let selection: Selection = serde_json::from_str(&line)
            .map_err(|e| Failure::Refused(vec![format!("line {}: {e}", i + 1)]))?;
        let plan = Plan::from_selection(&selection);
        let record = BatchLine {
            errors: plan
                .errors
                .iter()
                .map(|(field, e)| (field.id(), e.to_string()))
                .collect(),
            plan: PlanJson::new(&plan),
        };
        serde_json::to_writer(&mut out, &record)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
            .map_err(io_failure("standard output"))?;
    }
    out.flush().map_err(io_failure("standard output"))
}

fn run(raw: Vec<OsString>) -> Result<(), Failure> {
    let (plan_file, estate_file, overrides, sink) = match parse_args(raw)? {
        Mode::Batch => return batch(),
        Mode::One {
            plan_file,
            estate_file,
            overrides,
            sink,
        } => (plan_file, estate_file, overrides, sink),
    };
    let (mut selection, file_partition) = match &plan_file {
        Some(path) => read_plan_file(path)?,
        None => (Selection::default(), false),
    };
    // A partition the user named is theirs: the import then only says when it differs.
    let partition_named = file_partition || overrides.fields.contains_key(&Field::Partition);
    overrides.apply(&mut selection)?;
    let estate_report = match &estate_file {
        Some(path) => Some(apply_estate(path, &mut selection, partition_named)?),
        None => None,
    };
    let plan = Plan::from_selection(&selection);
    if !plan.errors.is_empty() {
        return Err(Failure::Refused(
            plan.errors
                .iter()
                .map(|(field, e)| format!("{}: {e}", field.id()))
                .collect(),
        ));
    }
    let mut out = io::stdout().lock();
    match sink {
        Sink::Print(Target::EstateReport) => {
            // The notes (what to review by hand, what the import lacked) go beside the CSV.
            for note in estate_report.iter().flat_map(estate_notes) {
                eprintln!("note: {note}");
            }
            let text = estate_report.map(|r| estate_csv(&r)).unwrap_or_default();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(io_failure("standard output"))
        }
        Sink::Print(target) => {
            let text = print_target(&plan, selection.partition, target)?;
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(io_failure("standard output"))
        }
        Sink::OutDir(dir) => {
            for path in write_out_dir(&plan, &dir)? {
                writeln!(out, "{}", path.display()).map_err(io_failure("standard output"))?;
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Help) => match io::stdout().write_all(usage().as_bytes()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(1),
        },
        Err(Failure::Usage(message)) => {
            eprint!(
                "error: {message}\n{}run '{NAME} --help' for the options\n",
                synopsis()
            );
            ExitCode::from(2)
        }
        Err(Failure::Refused(lines)) => {
            for line in lines {
                eprintln!("error: {line}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Io(what, e)) => {
            // A reader that stopped early (`| head`) is not worth a message.
            if e.kind() != io::ErrorKind::BrokenPipe {
                eprintln!("error: {what}: {e}");
            }
            ExitCode::from(1)
        }
    }
}
