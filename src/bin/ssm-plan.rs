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
use ssm_policy_planner::input::{Field, Selection, VssChoice, validate};
use ssm_policy_planner::plan::{Output, Plan};
use ssm_policy_planner::render::plan_json::{PlanJson, managed_policies_json, plan_json};
use ssm_policy_planner::render::{Rendered, render};

const NAME: &str = "ssm-plan";
const PLAN_FILE_NAME: &str = "plan.json";
const PLAN: &str = "plan";
const MANAGED_POLICIES: &str = "managed-policies";

fn synopsis() -> String {
    format!(
        "usage: {NAME} [SELECTION...] OUTPUT\n       {NAME} [SELECTION...] --out-dir DIR\n       {NAME} --batch < selections.jsonl\n"
    )
}

fn usage() -> String {
    let mut text = synopsis();
    text.push_str(
        "
Plans the move of instance roles off the deprecated AmazonEC2RoleforSSM managed policy,
then prints one output exactly as the planner page shows it, or writes them all.

Selection (flags override the plan file; without --plan the page's opening selection is used):
  --plan FILE              start from a JSON selection ('-' reads standard input); keys as the
                           flags below, \"features\" a list of ids, \"role-names\" a string of
                           lines or a list
  --feature ID[,ID...]     a feature to cover; repeat it or separate ids with commas; replaces
                           the plan file's features (an empty value ticks none)
  --partition ID           aws, aws-cn or aws-us-gov
  --account-id N           the 12-digit account that owns the customer managed policies
  --bucket NAME            the output bucket (S3 command output)
  --bucket-prefix PREFIX   key prefix inside the bucket
  --kms-key-arn ARN        the bucket's SSE-KMS key
  --role NAME              a role to update; repeat it; replaces the plan file's role names
                           (none: the update script updates every role carrying the old policy)
  --vss-policy CHOICE      managed or custom
  --s3-policy-name NAME    name of the customer managed S3 output policy
  --vss-policy-name NAME   name of the customer managed VSS policy

Features:
",
    );
    for f in Feature::ALL {
        let _ = writeln!(text, "  {:<24} {}", f.id(), f.label());
    }
    text.push_str("\nOutputs:\n");
    for o in Output::ALL {
        let _ = writeln!(text, "  {:<24} {} ({})", o.id(), o.title(), o.file_name());
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

--batch reads one JSON selection a line on standard input and prints, for each, one line
{\"errors\": {FIELD: MESSAGE}, \"plan\": PLAN}, for checking many plans at once.

Exit status: 0 done; 1 a file could not be written; 2 bad usage, an output that does not
apply, or invalid input (one 'error: FIELD: MESSAGE' line per mistake, as the page says it).
",
    );
    text
}

/// What to produce.
enum Target {
    Output(Output),
    Plan,
    ManagedPolicies,
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
    partition: Option<Partition>,
    account_id: Option<String>,
    bucket: Option<String>,
    bucket_prefix: Option<String>,
    kms_key_arn: Option<String>,
    roles: Option<Vec<String>>,
    vss_policy: Option<VssChoice>,
    s3_policy_name: Option<String>,
    vss_policy_name: Option<String>,
}

impl Overrides {
    fn is_empty(&self) -> bool {
        self.features.is_none()
            && self.partition.is_none()
            && self.account_id.is_none()
            && self.bucket.is_none()
            && self.bucket_prefix.is_none()
            && self.kms_key_arn.is_none()
            && self.roles.is_none()
            && self.vss_policy.is_none()
            && self.s3_policy_name.is_none()
            && self.vss_policy_name.is_none()
    }

    fn apply(self, s: &mut Selection) {
        if let Some(v) = self.features {
            s.features = v;
        }
        if let Some(v) = self.partition {
            s.partition = v;
        }
        if let Some(v) = self.account_id {
            s.account_id = v;
        }
        if let Some(v) = self.bucket {
            s.bucket = v;
        }
        if let Some(v) = self.bucket_prefix {
            s.bucket_prefix = v;
        }
        if let Some(v) = self.kms_key_arn {
            s.kms_key_arn = v;
        }
        if let Some(v) = self.roles {
            s.role_names = v.join("\n");
        }
        if let Some(v) = self.vss_policy {
            s.vss_policy = v;
        }
        if let Some(v) = self.s3_policy_name {
            s.s3_policy_name = v;
        }
        if let Some(v) = self.vss_policy_name {
            s.vss_policy_name = v;
        }
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

fn one_of<T: Copy>(all: &[T], id: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|v| id(*v)).collect::<Vec<_>>().join(", ")
}

fn parse_features(value: &str, into: &mut BTreeSet<Feature>) -> Result<(), Failure> {
    for id in value.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        let feature = Feature::from_id(id).ok_or_else(|| {
            Failure::Usage(format!(
                "unknown feature '{id}'; one of {}",
                one_of(&Feature::ALL, Feature::id)
            ))
        })?;
        into.insert(feature);
    }
    Ok(())
}

fn parse_target(word: &str) -> Option<Target> {
    match word {
        PLAN => Some(Target::Plan),
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
    let mut o = Overrides::default();
    let mut target: Option<Target> = None;
    let mut out_dir: Option<PathBuf> = None;
    let mut batch = false;
    let mut rest = words.into_iter();
    while let Some(word) = rest.next() {
        if word == "--help" || word == "-h" {
            return Err(Failure::Help);
        }
        if word == "--batch" {
            batch = true;
            continue;
        }
        if !word.starts_with('-') {
            if target.is_some() {
                return Err(Failure::Usage(format!(
                    "one OUTPUT only; got a second: '{word}'"
                )));
            }
            target = Some(parse_target(&word).ok_or_else(|| {
                Failure::Usage(format!(
                    "unknown output '{word}'; one of {}, {PLAN}, {MANAGED_POLICIES}",
                    one_of(&Output::ALL, Output::id)
                ))
            })?);
            continue;
        }
        let (flag, inline) = match word.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (word.clone(), None),
        };
        let known = matches!(
            flag.as_str(),
            "--plan"
                | "--feature"
                | "--partition"
                | "--account-id"
                | "--bucket"
                | "--bucket-prefix"
                | "--kms-key-arn"
                | "--role"
                | "--vss-policy"
                | "--s3-policy-name"
                | "--vss-policy-name"
                | "--out-dir"
        );
        if !known {
            return Err(Failure::Usage(format!("unknown option '{word}'")));
        }
        let value = match inline {
            Some(v) => v,
            None => rest
                .next()
                .ok_or_else(|| Failure::Usage(format!("{flag} needs a value")))?,
        };
        match flag.as_str() {
            "--plan" => plan_file = Some(value),
            "--feature" => parse_features(&value, o.features.get_or_insert_with(BTreeSet::new))?,
            "--partition" => {
                o.partition = Some(Partition::from_id(&value).ok_or_else(|| {
                    Failure::Usage(format!(
                        "unknown partition '{value}'; one of {}",
                        one_of(&Partition::ALL, Partition::id)
                    ))
                })?);
            }
            "--account-id" => o.account_id = Some(value),
            "--bucket" => o.bucket = Some(value),
            "--bucket-prefix" => o.bucket_prefix = Some(value),
            "--kms-key-arn" => o.kms_key_arn = Some(value),
            "--role" => o.roles.get_or_insert_with(Vec::new).push(value),
            "--vss-policy" => {
                o.vss_policy = Some(VssChoice::from_id(&value).ok_or_else(|| {
                    Failure::Usage(format!(
                        "unknown VSS policy choice '{value}'; one of managed, custom"
                    ))
                })?);
            }
            "--s3-policy-name" => o.s3_policy_name = Some(value),
            "--vss-policy-name" => o.vss_policy_name = Some(value),
            _ => out_dir = Some(PathBuf::from(value)),
        }
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
    Ok(Mode::One {
        plan_file,
        overrides: Box::new(o),
        sink,
    })
}

fn read_plan_file(path: &str) -> Result<Selection, Failure> {
    let text = if path == "-" {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map(|_| text)
            .map_err(|e| e.to_string())
    } else {
        fs::read_to_string(path).map_err(|e| e.to_string())
    };
    let text = text.map_err(|e| Failure::Refused(vec![format!("plan file '{path}': {e}")]))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::Refused(vec![format!("plan file '{path}': {e}")]))
}

fn not_applicable(output: Output) -> String {
    let why = match output {
        Output::S3Policy => "it needs the s3-output feature",
        Output::VssPolicy => "it needs the vss-snapshots feature with --vss-policy custom",
        Output::CliDefine => {
            "there is no customer managed policy to define: that needs s3-output, or vss-snapshots with --vss-policy custom"
        }
        Output::PoliciesToAdd
        | Output::PolicyToRemove
        | Output::CliFind
        | Output::CliUpdateRoles
        | Output::CliAudit
        | Output::CliVerify
        | Output::CliRollback
        | Output::AuditTemplate => "the planner has nothing to show for it",
    };
    format!("{} does not apply to this selection: {why}", output.id())
}

fn blocked(output: Output, fields: &[Field]) -> String {
    if fields.is_empty() {
        return format!("{} cannot be produced for this selection", output.id());
    }
    let names: Vec<&str> = fields.iter().map(|f| f.id()).collect();
    format!(
        "{} waits for valid values of: {}",
        output.id(),
        names.join(", ")
    )
}

/// The text as printed: a newline ends it, added only when the text lacks one.
fn with_newline(mut text: String) -> String {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn is_script(output: Output) -> bool {
    match output {
        Output::CliDefine
        | Output::CliFind
        | Output::CliUpdateRoles
        | Output::CliAudit
        | Output::CliVerify
        | Output::CliRollback => true,
        Output::PoliciesToAdd
        | Output::PolicyToRemove
        | Output::S3Policy
        | Output::VssPolicy
        | Output::AuditTemplate => false,
    }
}

fn print_target(plan: &Plan, partition: Partition, target: Target) -> Result<String, Failure> {
    match target {
        Target::Plan => Ok(with_newline(plan_json(plan))),
        Target::ManagedPolicies => Ok(with_newline(managed_policies_json(partition))),
        Target::Output(output) => match render(plan, output) {
            Rendered::Text(text) => Ok(with_newline(text)),
            Rendered::NotApplicable => Err(Failure::Refused(vec![not_applicable(output)])),
            Rendered::Blocked(fields) => Err(Failure::Refused(vec![blocked(output, &fields)])),
        },
    }
}

fn write_out_dir(plan: &Plan, dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    // Everything is rendered before the first file is written, so a refusal writes nothing.
    let mut files = Vec::new();
    for output in Output::ALL {
        match render(plan, output) {
            Rendered::Text(text) => {
                files.push((output.file_name(), with_newline(text), is_script(output)))
            }
            Rendered::NotApplicable => {}
            Rendered::Blocked(fields) => {
                return Err(Failure::Refused(vec![blocked(output, &fields)]));
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
        let validated = validate(&selection);
        let plan = Plan::new(&selection, &validated);
        let record = BatchLine {
            errors: validated
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
    let (plan_file, overrides, sink) = match parse_args(raw)? {
        Mode::Batch => return batch(),
        Mode::One {
            plan_file,
            overrides,
            sink,
        } => (plan_file, overrides, sink),
    };
    let mut selection = match &plan_file {
        Some(path) => read_plan_file(path)?,
        None => Selection::default(),
    };
    overrides.apply(&mut selection);
    let validated = validate(&selection);
    if !validated.is_valid() {
        return Err(Failure::Refused(
            validated
                .errors
                .iter()
                .map(|(field, e)| format!("{}: {e}", field.id()))
                .collect(),
        ));
    }
    let plan = Plan::new(&selection, &validated);
    let mut out = io::stdout().lock();
    match sink {
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
