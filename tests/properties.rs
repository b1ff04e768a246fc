//! Property tests of the core over hostile input: arbitrary Unicode in every field, in
//! selections that are random throughout or valid but for one field. Each property reads what
//! the planner wrote with a reader of its own (serde_json, bash itself), never with the code
//! that wrote it. 256 cases a property; `PROPTEST_CASES` asks for more.
//!
//! Beside them, the big and odd input a paste brings (10 MB in one field, a whole account's
//! export of roles, CRLF, a byte order mark, upper case) as plain tests.

// Native only: its crates are not built for the browser.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};
use serde_json::Value;

use ssm_policy_planner::catalog::aws_buckets::PATCHING_REGIONS;
use ssm_policy_planner::catalog::regions::{MAX_REGION_CODE_LEN, MAX_REGIONS};
use ssm_policy_planner::catalog::{Feature, MANAGED_POLICY_MAX_CHARS, Partition};
use ssm_policy_planner::input::{
    Field, InputError, MAX_ROLE_NAMES, QUOTE_MAX_CHARS, Selection, check,
};
use ssm_policy_planner::plan::aws_buckets::ENDPOINT_POLICY_MAX_CHARS;
use ssm_policy_planner::plan::{Part, Plan};
use ssm_policy_planner::policy::Printed;
use ssm_policy_planner::render::cloudformation::STACK_NAME;
use ssm_policy_planner::render::shell::{Word, array, assign, command, command_lines, lit, quote};
use ssm_policy_planner::render::{Output, render};
use ssm_policy_planner::state::{from_fragment, from_stored, to_fragment, to_stored};

// ---- Strategies -------------------------------------------------------------------------

/// The fields typed as text, in page order; the others are choices.
fn text_fields() -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| f.options().is_empty())
        .collect()
}

/// The choice fields, in page order.
fn choice_fields() -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| !f.options().is_empty())
        .collect()
}

/// Characters that mean something to bash, JSON, YAML or an ARN, among name characters.
const SYNTAX: &[char] = &[
    'a', 'Z', '0', '9', '-', '_', '.', '/', ':', ',', '=', '+', '@', ' ', '\t', '\n', '\r', '\'',
    '"', '`', '$', '(', ')', '{', '}', '[', ']', ';', '&', '|', '<', '>', '*', '?', '!', '#', '~',
    '\\', '%', '\u{0}', '\u{7f}', '\u{feff}', '\u{200b}', '\u{202e}', 'é', '名',
];

/// Text of any kind: arbitrary Unicode (control characters too), syntax soup, or long.
fn hostile_text() -> BoxedStrategy<String> {
    prop_oneof![
        3 => prop::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
        3 => prop::collection::vec(select(SYNTAX), 0..40).prop_map(String::from_iter),
        1 => prop::collection::vec(any::<char>(), 200..4000).prop_map(String::from_iter),
    ]
    .boxed()
}

/// Region codes of `p`: listed ones, and codes of the longest shape accepted, whose
/// AWS-owned buckets take the most room in a policy.
fn region_pool(p: Partition) -> Vec<String> {
    let longest = "z".repeat(MAX_REGION_CODE_LEN - 5);
    let mut pool: Vec<String> = match p {
        Partition::Aws => PATCHING_REGIONS
            .iter()
            .map(|r| r.region.to_owned())
            .collect(),
        Partition::AwsCn => vec!["cn-north-1".into(), "cn-northwest-1".into()],
        Partition::AwsUsGov => vec!["us-gov-west-1".into(), "us-gov-east-1".into()],
    };
    let shaped = match p {
        Partition::Aws => vec![format!("us-{longest}-1"), format!("ap-{longest}-2")],
        Partition::AwsCn => vec![format!("cn-{}-1", "z".repeat(MAX_REGION_CODE_LEN - 5))],
        Partition::AwsUsGov => vec![format!("us-gov-{}-1", "z".repeat(MAX_REGION_CODE_LEN - 9))],
    };
    pool.extend(shaped);
    pool
}

/// A value the field most likely accepts, of any length it allows.
fn valid_text(field: Field, p: Partition) -> BoxedStrategy<String> {
    let pad = || prop_oneof![Just(""), Just(" "), Just("\t"), Just("\u{feff}")];
    let value: BoxedStrategy<String> = match field {
        Field::AccountId => "[0-9]{12}".boxed(),
        Field::Bucket => "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]".boxed(),
        Field::BucketPrefix => prop_oneof![
            "/?[A-Za-z0-9!_.'()-]{1,12}(/[A-Za-z0-9!_.'()-]{1,12}){0,4}/?",
            "([A-Za-z0-9]{63}/){13}[A-Za-z0-9]{1,80}",
        ]
        .boxed(),
        Field::KmsKeyArn => (
            select(region_pool(p)),
            "[0-9]{12}",
            prop_oneof![
                "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                "mrk-[0-9a-f]{32}"
            ],
        )
            .prop_map(move |(region, account, key)| {
                format!("arn:{}:kms:{region}:{account}:key/{key}", p.id())
            })
            .boxed(),
        Field::RoleNames => (
            prop::collection::vec("[A-Za-z0-9+=,.@_-]{1,64}", 0..6),
            prop_oneof![Just("\n"), Just("\r\n"), Just(" \n\n")],
        )
            .prop_map(|(names, eol)| names.join(eol))
            .boxed(),
        Field::S3PolicyName | Field::VssPolicyName | Field::AwsBucketsPolicyName => {
            "[A-Za-z0-9+=.@_-]{1,128}".boxed()
        }
        Field::Regions => (
            subsequence(region_pool(p), 0..=MAX_REGIONS.min(region_pool(p).len())),
            prop_oneof![Just(", "), Just("\n"), Just("\r\n"), Just(" ")],
        )
            .prop_map(|(codes, sep)| codes.join(sep))
            .boxed(),
        Field::HybridRoleName => "[A-Za-z0-9+=,.@_-]{1,64}".boxed(),
        Field::PoliciesPerRole => (1..=20usize).prop_map(|n| n.to_string()).boxed(),
        Field::OuIds => (
            prop::collection::vec(
                prop_oneof!["ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}", "r-[a-z0-9]{4,32}"],
                0..5,
            ),
            prop_oneof![Just("\n"), Just(", "), Just("\r\n")],
        )
            .prop_map(|(ids, sep)| {
                // Each id once: a list of distinct units.
                let mut seen = std::collections::BTreeSet::new();
                ids.into_iter()
                    .filter(|id| seen.insert(id.clone()))
                    .collect::<Vec<_>>()
                    .join(sep)
            })
            .boxed(),
        Field::Partition
        | Field::Target
        | Field::VssPolicy
        | Field::S3Route
        | Field::Hybrid
        | Field::Organization => Just(String::new()).boxed(),
    };
    (pad(), value, pad())
        .prop_map(|(a, v, b)| format!("{a}{v}{b}"))
        .boxed()
}

/// The option ids of a choice field.
fn option_ids(field: Field) -> Vec<&'static str> {
    field.options().iter().map(|o| o.id).collect()
}

/// How the text fields of a generated selection are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Each valid, hostile or empty at random.
    Random,
    /// Each valid or empty but one, which is hostile.
    OneHostile,
    /// Each valid or empty.
    Valid,
}

/// One of the field's option ids as a hand might type it: some letters in upper case, spaces
/// or a line end around it.
fn near_option(field: Field) -> BoxedStrategy<String> {
    (
        select(option_ids(field)),
        prop::collection::vec(any::<bool>(), 12),
        select(vec!["", " ", "\r\n", "\u{feff}", "-"]),
    )
        .prop_map(|(id, upper, pad)| {
            let id: String = id
                .chars()
                .zip(upper.into_iter().cycle())
                .map(|(c, up)| if up { c.to_ascii_uppercase() } else { c })
                .collect();
            format!("{pad}{id}{pad}")
        })
        .boxed()
}

/// A selection built as the page builds one: features ticked, each choice set to one of its
/// options and each text field typed through [`Selection::set`].
fn selection(mode: Mode) -> impl Strategy<Value = Selection> {
    let random = mode == Mode::Random;
    (
        subsequence(Feature::ALL.to_vec(), 0..=Feature::ALL.len()),
        choice_fields()
            .into_iter()
            .map(|f| select(option_ids(f)))
            .collect::<Vec<_>>(),
    )
        .prop_flat_map(move |(features, choices)| {
            let partition = choice_fields()
                .iter()
                .position(|f| *f == Field::Partition)
                .map_or("", |i| choices[i]);
            let p = Partition::from_id(partition).unwrap_or(Partition::Aws);
            let texts: Vec<BoxedStrategy<String>> = text_fields()
                .into_iter()
                .map(|f| {
                    if random {
                        prop_oneof![
                            3 => valid_text(f, p),
                            2 => hostile_text(),
                            1 => Just(String::new()),
                        ]
                        .boxed()
                    } else {
                        prop_oneof![4 => valid_text(f, p), 1 => Just(String::new())].boxed()
                    }
                })
                .collect();
            (
                Just((features, choices)),
                texts,
                any::<Index>(),
                hostile_text(),
            )
        })
        .prop_map(move |((features, choices), texts, which, hostile)| {
            let mut s = Selection {
                features: features.into_iter().collect(),
                ..Selection::default()
            };
            for (field, id) in choice_fields().into_iter().zip(choices) {
                assert!(s.set(field, id.to_owned()).is_ok(), "{field} takes {id}");
            }
            let fields = text_fields();
            for (field, text) in fields.iter().zip(texts) {
                assert!(s.set(*field, text).is_ok(), "{field} takes any text");
            }
            if mode == Mode::OneHostile {
                let field = fields[which.index(fields.len())];
                assert!(s.set(field, hostile).is_ok());
            }
            s
        })
}

fn any_selection() -> impl Strategy<Value = Selection> {
    prop_oneof![selection(Mode::Random), selection(Mode::OneHostile)]
}

// ---- Readers ----------------------------------------------------------------------------

fn rendered(plan: &Plan) -> BTreeMap<Output, Part<String>> {
    Output::ALL
        .into_iter()
        .map(|o| (o, render(plan, o)))
        .collect()
}

/// The policy documents among the outputs, with the most characters IAM (or the VPC
/// endpoint, for its policy) takes in each, white space not counted, and whether a statement
/// may grant every resource: only the VSS policy may, as the AWS managed policy it copies does.
const POLICIES: [(Output, usize, bool); 4] = [
    (Output::S3Policy, MANAGED_POLICY_MAX_CHARS, false),
    (Output::VssPolicy, MANAGED_POLICY_MAX_CHARS, true),
    (Output::AwsBucketsPolicy, MANAGED_POLICY_MAX_CHARS, false),
    (Output::S3EndpointPolicy, ENDPOINT_POLICY_MAX_CHARS, false),
];

/// Why `text` is not an IAM policy document of at most `max` characters, if it is not.
fn policy_problem(text: &str, max: usize, any_resource: bool) -> Option<String> {
    let doc: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Some(format!("not JSON: {e}")),
    };
    if doc["Version"] != "2012-10-17" {
        return Some(format!("Version is {}", doc["Version"]));
    }
    let Some(statements) = doc["Statement"].as_array().filter(|s| !s.is_empty()) else {
        return Some("no Statement list".into());
    };
    let strings = |v: &Value| match v {
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty() && items.iter().all(|i| i.is_string()),
        _ => false,
    };
    for st in statements {
        if st["Effect"] != "Allow" {
            return Some(format!("Effect is {}", st["Effect"]));
        }
        if !strings(&st["Action"]) || !strings(&st["Resource"]) {
            return Some(format!("Action or Resource is not text: {st}"));
        }
        if any_resource {
            continue;
        }
        if let Some(r) = st["Resource"]
            .as_str()
            .into_iter()
            .chain(
                st["Resource"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str),
            )
            .find(|r| *r == "*")
        {
            return Some(format!("a statement grants every resource: {r}"));
        }
    }
    let size = text.chars().filter(|c| !c.is_whitespace()).count();
    (size > max).then(|| format!("{size} characters, more than {max}"))
}

static SCRATCH: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty folder for one run.
fn scratch() -> PathBuf {
    let n = SCRATCH.fetch_add(1, Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("properties")
        .join(format!("{}-{n}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

/// The static part of each script, read from the files the renderer embeds: every user value
/// must come before it, in the generated assignments.
fn static_part(output: Output) -> String {
    let names: &[&str] = match output {
        Output::CliDefine => &["define"],
        Output::CliFind => &["find"],
        Output::CliUpdateRoles => &["record", "update_roles"],
        Output::CliAudit => &["audit"],
        Output::CliVerify => &["record", "verify"],
        Output::CliRollback => &["record", "rollback"],
        Output::CliDhmc => &["dhmc"],
        Output::CliHybrid => &["hybrid_check", "record", "update_roles", "hybrid"],
        Output::CliOrg => &["organization"],
        _ => &[],
    };
    names
        .iter()
        .map(|n| {
            let path =
                Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("src/render/scripts/{n}.sh"));
            fs::read_to_string(path).expect("a script body")
        })
        .collect()
}

/// Each variable with its elements, the folder's files afterwards, and the template written.
type ReadBack = (Vec<(String, Vec<String>)>, Vec<String>, String);

/// What the generated part of a script sets: each variable's elements, read back by bash.
/// The part runs with no command on the path (only stand-ins for the two it uses to write
/// the template), in a folder holding a file whose name a glob would find.
fn assignments(prefix: &str, names: &[&str]) -> ReadBack {
    let dir = scratch();
    let work = dir.join("work");
    fs::create_dir_all(&work).expect("a work folder");
    fs::write(work.join("GLOB-BAIT"), "").expect("the bait file");
    let template = dir.join("template.yaml");
    let prefix_path = dir.join("prefix.sh");
    fs::write(&prefix_path, prefix).expect("the generated part");
    let mut runner = String::from(
        "mktemp() { printf '%s\\n' \"$TEMPLATE_COPY\"; }\n\
         cat() { local line; while IFS= read -r line || [ -n \"$line\" ]; do printf '%s\\n' \"$line\"; done; }\n\
         PATH=/nonexistent\n",
    );
    // `set +u`: bash 5.2 calls a plain variable unbound in `${#name[@]}` under `set -u`.
    runner.push_str(&format!(
        ". {}\nset +u\n",
        quote(&prefix_path.display().to_string())
    ));
    for name in names {
        runner.push_str(&format!(
            "printf '%s\\0' {name} \"${{#{name}[@]}}\" \"${{{name}[@]}}\"\n"
        ));
    }
    let out = Command::new("bash")
        .arg("-c")
        .arg(&runner)
        .current_dir(&work)
        .env("TEMPLATE_COPY", &template)
        .env_remove("STACK_NAME")
        .env_remove("MANAGED_POLICIES_PER_ROLE")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}\n{prefix}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 in, UTF-8 out");
    let mut words = text.split('\0');
    let mut vars = Vec::new();
    while let Some(name) = words.next().filter(|w| !w.is_empty()) {
        let n: usize = words.next().and_then(|c| c.parse().ok()).expect("a count");
        vars.push((
            name.to_owned(),
            words.by_ref().take(n).map(str::to_owned).collect(),
        ));
    }
    let mut files: Vec<String> = fs::read_dir(&work)
        .expect("the work folder")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    files.sort();
    let template = fs::read_to_string(&template).unwrap_or_default();
    let _ = fs::remove_dir_all(&dir);
    (vars, files, template)
}

fn strings<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    values.into_iter().map(str::to_owned).collect()
}

/// What bash makes of `script`: the words `printf '%s\0'` receives.
fn bash_words(script: &str) -> Vec<String> {
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8 in, UTF-8 out");
    let mut words: Vec<String> = text.split('\0').map(str::to_owned).collect();
    words.pop();
    words
}

// ---- Properties -------------------------------------------------------------------------

/// 256 cases unless `PROPTEST_CASES` says otherwise, `divisor` times fewer for a slow
/// property. A failure prints its smallest case, which becomes a plain test beside the fix;
/// nothing is written into the repository.
fn config(divisor: u32) -> ProptestConfig {
    let default = ProptestConfig::default();
    ProptestConfig {
        cases: (default.cases / divisor).max(1),
        failure_persistence: None,
        ..default
    }
}

proptest! {
    #![proptest_config(config(1))]

    /// Planning and rendering are total: any selection plans, every output renders, every
    /// error message is written, and no message quotes more than an excerpt of what was typed.
    #[test]
    fn the_core_never_panics(s in any_selection()) {
        let plan = Plan::from_selection(&s);
        let _ = rendered(&plan);
        for (field, error) in &plan.errors {
            // Room for the words of the longest message and two excerpts, each character
            // written as an escape at worst.
            let message = error.to_string();
            prop_assert!(
                message.chars().count() <= 300 + 2 * 10 * (QUOTE_MAX_CHARS + 1),
                "{field}: {} characters: {message}",
                message.chars().count()
            );
        }
    }

    /// Every policy the planner writes is an IAM policy document: JSON, version 2012-10-17,
    /// Allow statements of actions on named resources, within IAM's size limit.
    #[test]
    fn every_policy_is_an_iam_document_within_the_size_limit(s in any_selection()) {
        let plan = Plan::from_selection(&s);
        for (output, max, any_resource) in POLICIES {
            if let Part::Ready(text) = render(&plan, output) {
                let problem = policy_problem(&text, max, any_resource);
                prop_assert!(problem.is_none(), "{}: {problem:?}\n{text}", output.id());
            }
        }
    }

    /// A choice takes one of its option ids and nothing else; what it refuses leaves the
    /// selection as it was.
    #[test]
    fn a_choice_takes_only_its_options(
        (field, text) in select(choice_fields())
            .prop_flat_map(|f| (Just(f), prop_oneof![hostile_text(), near_option(f)])),
    ) {
        let mut s = Selection::default();
        let before = s.clone();
        let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let known = option_ids(field).contains(&trimmed);
        match s.set(field, text.clone()) {
            Ok(()) => prop_assert!(known, "{field} took {text:?}"),
            Err(e) => {
                prop_assert!(!known, "{field} refused {text:?}: {e}");
                prop_assert_eq!(&s, &before);
            }
        }
    }

    /// A link and the stored copy give back exactly the selection written, whatever it holds.
    #[test]
    fn links_and_storage_give_back_what_was_typed(s in any_selection()) {
        prop_assert_eq!(from_fragment(&to_fragment(&s)), Some(s.clone()));
        prop_assert_eq!(from_stored(&to_stored(&s)), Some(s));
    }
}

proptest! {
    // Each case plans every field's hostile variant, with and without it.
    #![proptest_config(config(2))]

    /// An invalid value contributes nothing: every output that is ready is the same text as
    /// with that field left empty, so no invalid text reaches an output. Each text field of a
    /// valid selection is made hostile in turn, and a random selection is checked as it is.
    #[test]
    fn an_invalid_value_reaches_no_output(
        valid in selection(Mode::Valid),
        hostile in hostile_text(),
        random in selection(Mode::Random),
    ) {
        let mut cases = vec![random];
        for field in text_fields() {
            let mut s = valid.clone();
            prop_assert!(s.set(field, hostile.clone()).is_ok());
            cases.push(s);
        }
        for s in cases {
            invalid_fields_change_nothing(&s)?;
        }
    }
}

fn invalid_fields_change_nothing(s: &Selection) -> Result<(), TestCaseError> {
    let plan = Plan::from_selection(s);
    let outputs = rendered(&plan);
    for (field, error) in &plan.errors {
        if matches!(error, InputError::Required { .. }) {
            continue;
        }
        let mut cleared = s.clone();
        prop_assert!(cleared.set(*field, String::new()).is_ok());
        let without = rendered(&Plan::from_selection(&cleared));
        let typed = s.text(*field).trim();
        for (output, part) in &outputs {
            let Part::Ready(text) = part else { continue };
            let leaked = typed.chars().count() >= 3 && text.contains(typed);
            prop_assert_eq!(
                Some(text),
                without[output].ready(),
                "{} in error ({}) changes {}{}",
                field,
                error,
                output.id(),
                if leaked {
                    "; its text is in the output"
                } else {
                    ""
                }
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1))]

    /// Every word the shell module writes reaches the command exactly as given, whatever it
    /// holds: quoting, a command line broken at its options, one argument a line, an array and
    /// an assignment. (A shell word cannot hold NUL, so no value has one.)
    #[test]
    fn shell_words_reach_the_command_unchanged(
        values in prop::collection::vec(
            hostile_text().prop_map(|t| t.replace('\0', "")), 1..6),
    ) {
        let mut words = vec![lit("printf"), lit("%s\\0")];
        for (i, v) in values.iter().enumerate() {
            if i % 2 == 1 {
                words.push(lit(format!("--{v}")));
            }
            words.push(lit(v.as_str()));
        }
        let expected: Vec<String> = words[2..]
            .iter()
            .map(|w| match w {
                Word::Lit(v) => v.clone(),
                Word::Raw(r) => (*r).to_owned(),
            })
            .collect();
        let refs: Vec<&str> = values.iter().map(String::as_str).collect();
        let script = [
            command(&words),
            command_lines(&words),
            array("values", &refs),
            r#"printf '%s\0' "${values[@]}""#.to_owned(),
            assign("value", &values[0]),
            r#"printf '%s\0' "$value""#.to_owned(),
        ]
        .join("\n");
        let mut want = expected.clone();
        want.extend(expected);
        want.extend(values.iter().cloned());
        want.push(values[0].clone());
        prop_assert_eq!(bash_words(&script), want, "{}", script);
    }
}

proptest! {
    // Each case runs the generated part of every script in bash.
    #![proptest_config(config(2))]

    /// Every script is its static part, embedded as written, after generated assignments
    /// that bash reads back as exactly the plan's values: no value becomes another command
    /// (nothing runs: no command is on the path), a redirection (no file appears) or a glob
    /// (the bait file's name is never a value).
    #[test]
    fn scripts_hand_bash_exactly_the_plans_values(s in selection(Mode::OneHostile)) {
        let plan = Plan::from_selection(&s);
        let old = plan.policy_to_remove.as_str();
        for output in Output::ALL.into_iter().filter(|o| o.facts().script) {
            let Part::Ready(script) = render(&plan, output) else { continue };
            let body = static_part(output);
            prop_assert!(script.ends_with(&body), "{} ends with its static part", output.id());
            let prefix = &script[..script.len() - body.len()];
            let arns = || strings(plan.policies_to_add.ready().expect("ready").iter().map(String::as_str));
            let roles = || strings(plan.roles.ready().expect("ready").iter().map(|r| r.as_str()));
            let quota = || vec![plan.quota.to_string()];
            let expected: Vec<(&str, Vec<String>)> = match output {
                Output::CliDefine => {
                    let custom = plan.custom.ready().expect("define waits for the custom policies");
                    vec![
                        ("policy_names", strings(custom.iter().map(|c| c.name.as_str()))),
                        ("policy_arns", strings(custom.iter().map(|c| c.arn.as_str()))),
                        ("policy_descriptions", strings(custom.iter().map(|c| c.kind.description()))),
                        ("policy_documents", custom.iter().map(|c| c.document.to_pretty_json()).collect()),
                    ]
                }
                Output::CliFind => vec![("old_policy", vec![old.to_owned()])],
                Output::CliUpdateRoles => vec![
                    ("old_policy", vec![old.to_owned()]),
                    ("new_policies", arns()),
                    ("roles", roles()),
                    ("quota", quota()),
                ],
                Output::CliAudit => vec![
                    ("stack_name", vec![STACK_NAME.to_owned()]),
                    ("parameters", vec![
                        format!("ParameterKey=policiesToAdd,ParameterValue={}", arns().join("\\,")),
                        format!("ParameterKey=policyToRemove,ParameterValue={old}"),
                    ]),
                ],
                Output::CliVerify => vec![
                    ("old_policy", vec![old.to_owned()]),
                    ("new_policies", arns()),
                    ("roles", roles()),
                ],
                Output::CliRollback => vec![("roles", roles()), ("quota", quota())],
                Output::CliHybrid => {
                    let h = plan.hybrid.ready().expect("the script waits for its part");
                    vec![
                        ("old_policy", vec![old.to_owned()]),
                        ("new_policies", h.policies.clone()),
                        ("roles", vec![h.role.as_str().to_owned()]),
                        ("trust_policy", vec![h.trust_policy.to_compact_json()]),
                        ("quota", quota()),
                    ]
                }
                Output::CliOrg => {
                    let o = plan.organization.ready().expect("the script waits for its part");
                    vec![
                        ("home_region", vec![o.home_region.as_str().to_owned()]),
                        ("ou_ids", strings(o.ou_ids.iter().map(|i| i.as_str()))),
                        ("parameters", vec![
                            format!("ParameterKey=policiesToAdd,ParameterValue={}", o.managed.join("\\,")),
                            format!("ParameterKey=policyToRemove,ParameterValue={old}"),
                        ]),
                    ]
                }
                Output::CliDhmc => {
                    let d = plan.dhmc.ready().expect("the script waits for its part");
                    vec![
                        ("policy_arn", vec![d.policy_arn.clone()]),
                        ("trust_policy", vec![d.trust_policy.to_compact_json()]),
                        ("setting_value", vec![d.setting_value.clone()]),
                        ("regions", strings(d.regions.iter().map(|r| r.as_str()))),
                    ]
                }
                _ => Vec::new(),
            };
            prop_assert!(!expected.is_empty(), "{} is a script the test knows", output.id());
            let names: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
            let (vars, files, template) = assignments(prefix, &names);
            prop_assert_eq!(&files, &["GLOB-BAIT"], "{}", output.id());
            let expected: Vec<(String, Vec<String>)> =
                expected.into_iter().map(|(n, v)| (n.to_owned(), v)).collect();
            prop_assert_eq!(&vars, &expected, "{}", output.id());
            prop_assert!(
                vars.iter().flat_map(|(_, v)| v).all(|v| !v.contains("GLOB-BAIT")),
                "{}", output.id()
            );
            if output == Output::CliAudit {
                let want = render(&plan, Output::AuditTemplate).into_ready().expect("ready");
                prop_assert_eq!(template.trim_end(), want.trim_end());
            }
        }
    }
}

// ---- Big and odd input ------------------------------------------------------------------

/// Ten megabytes, as a paste of a whole file.
const TEN_MB: usize = 10 * 1024 * 1024;

#[test]
fn a_ten_megabyte_paste_is_refused_without_being_echoed() {
    // For each field, a paste that its parser reads deepest before refusing it.
    let a = "a".repeat(TEN_MB);
    let pastes = [
        (Field::AccountId, "1".repeat(TEN_MB)),
        (Field::Bucket, a.clone()),
        (Field::Bucket, "é".repeat(TEN_MB / 2)),
        (Field::BucketPrefix, a.clone()),
        (
            Field::KmsKeyArn,
            format!("arn:aws:kms:us-east-1:111122223333:key/{a}"),
        ),
        (Field::RoleNames, a.clone()),
        (Field::S3PolicyName, a.clone()),
        (Field::VssPolicyName, a.clone()),
        (Field::Regions, format!("us-{a}-1")),
        (Field::AwsBucketsPolicyName, a),
    ];
    for (field, text) in pastes {
        let mut s = Selection {
            bucket: "my-bucket".into(),
            ..Selection::default()
        };
        assert!(s.set(field, text).is_ok());
        let message = Plan::from_selection(&s)
            .error(field)
            .unwrap_or_else(|| panic!("{field}: ten megabytes accepted"));
        assert!(
            message.len() < 600,
            "{field}: a {}-byte message: {}…",
            message.len(),
            message.chars().take(600).collect::<String>()
        );
    }
}

#[test]
fn error_messages_quote_an_excerpt_and_show_what_cannot_be_seen() {
    let long = format!("{}X", "a".repeat(100));
    let message = |field: Field, text: &str| {
        let mut s = Selection::default();
        assert!(s.set(field, text.to_owned()).is_ok());
        check(&s)
            .errors()
            .get(&field)
            .map(ToString::to_string)
            .unwrap_or_else(|| panic!("{field} took {text:?}"))
    };
    let m = message(Field::AccountId, &long);
    assert!(
        m.ends_with(&format!("got '{}…'", "a".repeat(QUOTE_MAX_CHARS))),
        "{m}"
    );
    let m = message(Field::Bucket, "my\u{200b}bucket");
    assert!(m.ends_with(r"got '\u{200b}' in 'my\u{200b}bucket'"), "{m}");
    let m = message(Field::S3PolicyName, "two\nlines\r");
    assert!(m.ends_with(r"got 'two\nlines'"), "{m}");
    let m = message(Field::RoleNames, "web\nab\u{202e}cd");
    assert!(m.ends_with(r"got 'ab\u{202e}cd'"), "{m}");
    let m = message(Field::BucketPrefix, "a\u{7}b");
    assert!(m.contains(r"got '\u{7}' in 'a\u{7}b'"), "{m}");
}

#[test]
fn a_role_list_longer_than_an_account_holds_is_refused_at_the_first_name_too_many() {
    let names: Vec<String> = (0..100_000).map(|n| format!("role-{n}")).collect();
    let mut s = Selection::default();
    assert!(s.set(Field::RoleNames, names.join("\n")).is_ok());
    let plan = Plan::from_selection(&s);
    assert_eq!(
        plan.errors.get(&Field::RoleNames),
        Some(&InputError::RoleCount {
            line: MAX_ROLE_NAMES + 1
        })
    );
    assert!(
        plan.error(Field::RoleNames)
            .is_some_and(|m| m.contains("more than 5000 role names"))
    );
    // Blank lines do not count; exactly the most an account holds is fine.
    assert!(
        s.set(Field::RoleNames, names[..MAX_ROLE_NAMES].join("\n\n"))
            .is_ok()
    );
    let plan = Plan::from_selection(&s);
    assert_eq!(plan.roles.ready().map(Vec::len), Some(MAX_ROLE_NAMES));
}

#[test]
fn crlf_a_byte_order_mark_and_spaces_around_values_are_trimmed() {
    let clean = Selection {
        features: Feature::ALL.into_iter().collect(),
        account_id: "123456789012".into(),
        bucket: "my-ssm-output".into(),
        bucket_prefix: "ssm/out".into(),
        kms_key_arn: "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            .into(),
        role_names: "web\nbatch".into(),
        regions: "us-east-1\neu-west-1".into(),
        ..Selection::default()
    };
    let mut messy = clean.clone();
    for field in text_fields() {
        let text = clean.text(field).replace('\n', " \r\n\u{feff}");
        assert!(messy.set(field, format!("\u{feff}{text} \t\r\n")).is_ok());
    }
    assert!(
        messy
            .set(Field::S3Route, " vpc-endpoint\r\n".into())
            .is_ok()
    );
    let mut clean = clean;
    assert!(clean.set(Field::S3Route, "vpc-endpoint".into()).is_ok());
    let (want, got) = (Plan::from_selection(&clean), Plan::from_selection(&messy));
    assert!(got.errors.is_empty(), "{:?}", got.errors);
    assert_eq!(rendered(&got), rendered(&want));
}

#[test]
fn an_upper_case_choice_is_refused_with_its_lower_case_id() {
    let mut s = Selection::default();
    let refused = s.set(Field::Partition, "AWS-US-GOV".into());
    assert_eq!(
        refused.map_err(|e| e.to_string()),
        Err("partition ids are lower-case; write 'aws-us-gov', not 'AWS-US-GOV'".to_owned())
    );
    assert_eq!(s, Selection::default());
    let refused = s.set(Field::S3Route, "VPC-Endpoint".into());
    assert!(refused.is_err_and(|e| e.to_string().contains("write 'vpc-endpoint'")));

    // A plan file says the same, and trims what surrounds an id as the command line does.
    let file = serde_json::from_str::<Selection>(r#"{"partition": "AWS-US-GOV"}"#);
    assert!(
        file.as_ref().is_err_and(|e| e
            .to_string()
            .contains("partition ids are lower-case; write 'aws-us-gov', not 'AWS-US-GOV'")),
        "{file:?}"
    );
    let file = serde_json::from_str::<Selection>(r#"{"features": ["Session-Manager"]}"#);
    assert!(file.is_err_and(|e| e.to_string().contains("write 'session-manager'")));
    let file = serde_json::from_str::<Selection>(r#"{"partition": " aws-cn\r\n"}"#);
    assert_eq!(file.map(|s| s.partition).ok(), Some(Partition::AwsCn));
    let file = serde_json::from_str::<Selection>(r#"{"partition": "mars"}"#);
    assert!(file.is_err_and(|e| {
        e.to_string()
            .contains("unknown partition 'mars'; one of aws, aws-cn, aws-us-gov")
    }));
}
