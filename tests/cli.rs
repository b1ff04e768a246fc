//! The `ssm-plan` binary against the core it wraps: what it prints and writes must be what
//! `render::render` gives for the same selection and what the golden files hold, and bad
//! input must be refused the page's way.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output as Run};

use ssm_policy_planner::catalog::{Feature, Partition};
use ssm_policy_planner::input::{Selection, VssChoice};
use ssm_policy_planner::plan::{Part, Plan};
use ssm_policy_planner::render::{Output, render};

const KEY: &str =
    "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn ssm_plan(args: &[&str]) -> Run {
    match Command::new(env!("CARGO_BIN_EXE_ssm-plan"))
        .args(args)
        .output()
    {
        Ok(run) => run,
        Err(e) => panic!("ssm-plan did not start: {e}"),
    }
}

fn stdout(run: &Run) -> String {
    String::from_utf8_lossy(&run.stdout).into_owned()
}

fn stderr(run: &Run) -> String {
    String::from_utf8_lossy(&run.stderr).into_owned()
}

/// A fresh folder for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("ssm-plan-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        if let Err(e) = fs::create_dir_all(&dir) {
            panic!("cannot create {}: {e}", dir.display());
        }
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn write_plan(&self, selection: &Selection) -> String {
        let path = self.path("selection.json");
        let json = serde_json::to_string_pretty(selection).expect("a selection serializes");
        if let Err(e) = fs::write(&path, json) {
            panic!("cannot write {}: {e}", path.display());
        }
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn selections() -> Vec<Selection> {
    vec![
        Selection::default(),
        Selection {
            features: BTreeSet::new(),
            partition: Partition::AwsCn,
            ..Selection::default()
        },
        Selection {
            features: Feature::ALL.into_iter().collect(),
            partition: Partition::AwsUsGov,
            account_id: "111122223333".into(),
            bucket: "ssm-output-logs".into(),
            bucket_prefix: "/runs/2024/".into(),
            kms_key_arn: KEY.into(),
            role_names: "web-servers\nbatch@prod\n".into(),
            vss_policy: VssChoice::Custom,
            s3_policy_name: "It+S3=Out.put@x_y-z".into(),
            ..Selection::default()
        },
        Selection {
            features: [Feature::DomainJoin, Feature::VssSnapshots]
                .into_iter()
                .collect(),
            ..Selection::default()
        },
        Selection {
            target: ssm_policy_planner::input::Target::Dhmc,
            regions: "us-east-1, eu-west-1".into(),
            ..Selection::default()
        },
        Selection {
            partition: Partition::AwsCn,
            account_id: "210987654321".into(),
            regions: "cn-northwest-1".into(),
            hybrid: ssm_policy_planner::input::Toggle::On,
            hybrid_role_name: "OnPrem.Ssm@Role".into(),
            ..Selection::default()
        },
    ]
}

fn expected_stdout(text: &str) -> String {
    if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    }
}

#[test]
fn every_output_matches_the_core_rendering() {
    let scratch = Scratch::new("outputs");
    for selection in selections() {
        let plan_file = scratch.write_plan(&selection);
        let plan = Plan::from_selection(&selection);
        for output in Output::ALL {
            let run = ssm_plan(&["--plan", &plan_file, output.id()]);
            match render(&plan, output) {
                Part::Ready(text) => {
                    assert!(run.status.success(), "{}: {}", output.id(), stderr(&run));
                    assert_eq!(stdout(&run), expected_stdout(&text), "{}", output.id());
                }
                Part::NotApplicable(_) => {
                    assert_eq!(run.status.code(), Some(2), "{}", output.id());
                    assert!(run.stdout.is_empty());
                    assert!(
                        stderr(&run).starts_with(&format!(
                            "error: {} does not apply to this selection",
                            output.id()
                        )),
                        "{}",
                        stderr(&run)
                    );
                }
                Part::Blocked(fields) => panic!("valid selection blocked: {fields:?}"),
            }
        }
    }
}

fn golden_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn out_dir_writes_exactly_the_golden_files() {
    let scratch = Scratch::new("golden");
    let cases = fs::read_dir(golden_root()).expect("tests/golden");
    let mut checked = 0;
    for case in cases {
        let case = case.expect("an entry").path();
        let out = scratch.path(&format!("{}", checked));
        let selection = case.join("selection.json").display().to_string();
        let run = ssm_plan(&[
            "--plan",
            &selection,
            "--out-dir",
            &out.display().to_string(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        let mut golden = listing(&case);
        golden.remove("selection.json");
        assert_eq!(listing(&out), golden, "{}", case.display());
        for name in golden {
            let expected = fs::read_to_string(case.join(&name)).expect("a golden file");
            let written = fs::read_to_string(out.join(&name)).expect("a written file");
            assert_eq!(
                written,
                expected_stdout(&expected),
                "{}/{name}",
                case.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 3);
}

#[test]
fn flags_alone_give_what_the_plan_file_gives() {
    let scratch = Scratch::new("flags");
    let selection = &selections()[2];
    let plan_file = scratch.write_plan(selection);
    let flags = [
        "--feature",
        "core,session-manager,domain-join",
        "--feature=cloudwatch-agent",
        "--feature",
        "cloudwatch-logs-output,s3-output,vss-snapshots",
        "--partition",
        "aws-us-gov",
        "--account-id",
        "111122223333",
        "--bucket",
        "ssm-output-logs",
        "--bucket-prefix",
        "/runs/2024/",
        "--kms-key-arn",
        KEY,
        "--role",
        "web-servers",
        "--role=batch@prod",
        "--vss-policy",
        "custom",
        "--s3-policy-name",
        "It+S3=Out.put@x_y-z",
    ];
    for output in ["plan", "cli-update-roles", "cli-define", "audit-template"] {
        let from_flags = ssm_plan(&[&flags[..], &[output]].concat());
        let from_file = ssm_plan(&["--plan", &plan_file, output]);
        assert!(from_flags.status.success(), "{}", stderr(&from_flags));
        assert_eq!(stdout(&from_flags), stdout(&from_file), "{output}");
    }
}

#[test]
fn flags_override_the_plan_file() {
    let scratch = Scratch::new("override");
    let plan_file = scratch.write_plan(&Selection {
        features: Feature::ALL.into_iter().collect(),
        partition: Partition::AwsCn,
        account_id: "111122223333".into(),
        bucket: "from-file".into(),
        role_names: "file-role".into(),
        ..Selection::default()
    });
    let run = ssm_plan(&[
        "--plan",
        &plan_file,
        "--partition",
        "aws-us-gov",
        "--feature",
        "domain-join",
        "--role",
        "flag-role",
        "plan",
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let plan: serde_json::Value = serde_json::from_str(&stdout(&run)).expect("the plan is JSON");
    assert_eq!(plan["partition"], "aws-us-gov");
    assert_eq!(plan["features"], serde_json::json!(["core", "domain-join"]));
    assert_eq!(plan["roles"], serde_json::json!(["flag-role"]));
    assert_eq!(
        plan["policy-to-remove"],
        "arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM"
    );
    let bucket = ssm_plan(&["--plan", &plan_file, "--bucket", "from-flag", "s3-policy"]);
    assert!(stdout(&bucket).contains("arn:aws-cn:s3:::from-flag/*"));
    assert!(!stdout(&bucket).contains("from-file"));
}

#[test]
fn role_names_in_a_plan_file_may_be_a_list() {
    let scratch = Scratch::new("roles");
    let path = scratch.path("listed.json");
    let written = fs::write(
        &path,
        r#"{"features": ["core"], "role-names": ["alpha", "beta"]}"#,
    );
    assert!(written.is_ok());
    let run = ssm_plan(&["--plan", &path.display().to_string(), "cli-update-roles"]);
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(stdout(&run).contains("roles=(\n  alpha\n  beta\n)"));
}

fn listing(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .expect("a readable folder")
}

#[test]
fn out_dir_writes_every_applicable_output() {
    let scratch = Scratch::new("out-dir");
    for (i, selection) in selections().iter().enumerate() {
        let plan_file = scratch.write_plan(selection);
        let dir = scratch.path(&format!("out-{i}"));
        let run = ssm_plan(&[
            "--plan",
            &plan_file,
            "--out-dir",
            &dir.display().to_string(),
        ]);
        assert!(run.status.success(), "{}", stderr(&run));
        let plan = Plan::from_selection(selection);
        let mut expected = BTreeSet::from(["plan.json".to_owned()]);
        for output in Output::ALL {
            let Part::Ready(text) = render(&plan, output) else {
                continue;
            };
            let file_name = output.facts().file_name;
            expected.insert(file_name.to_owned());
            let path = dir.join(file_name);
            assert_eq!(
                fs::read_to_string(&path).expect("the output's file"),
                expected_stdout(&text),
                "{}",
                output.id()
            );
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = fs::metadata(&path).map(|m| m.permissions().mode() & 0o777);
                let script = file_name.ends_with(".sh");
                assert_eq!(
                    mode.ok(),
                    Some(if script { 0o755 } else { 0o644 }),
                    "{}",
                    output.id()
                );
            }
        }
        assert_eq!(listing(&dir), expected);
        assert_eq!(stdout(&run).lines().count(), expected.len());
    }
}

#[test]
fn invalid_input_is_refused_with_the_page_messages_and_nothing_is_written() {
    let scratch = Scratch::new("invalid");
    let selection = Selection {
        features: [Feature::S3Output, Feature::VssSnapshots]
            .into_iter()
            .collect(),
        account_id: "12345".into(),
        bucket: "My_Bucket".into(),
        kms_key_arn: "alias/my-key".into(),
        role_names: "good\nbad role".into(),
        vss_policy: VssChoice::Custom,
        ..Selection::default()
    };
    let expected: String = Plan::from_selection(&selection)
        .errors
        .iter()
        .map(|(field, e)| format!("error: {}: {e}\n", field.id()))
        .collect();
    assert_eq!(expected.lines().count(), 4, "{expected}");
    let plan_file = scratch.write_plan(&selection);
    let dir = scratch.path("never");
    let dir_arg = dir.display().to_string();
    for args in [
        vec!["--plan", &plan_file, "--out-dir", &dir_arg],
        vec!["--plan", &plan_file, "cli-find"],
    ] {
        let run = ssm_plan(&args);
        assert_eq!(run.status.code(), Some(2));
        assert_eq!(stderr(&run), expected);
        assert!(run.stdout.is_empty());
        assert!(!dir.exists());
    }
    let flagged = ssm_plan(&[
        "--account-id",
        "12",
        "--feature",
        "s3-output",
        "--bucket",
        "ok-bucket",
        "s3-policy",
    ]);
    assert_eq!(flagged.status.code(), Some(2));
    assert_eq!(
        stderr(&flagged),
        "error: account-id: account id must be exactly 12 digits; got '12'\n"
    );
}

#[test]
fn bad_usage_exits_2_with_the_usage() {
    for args in [
        vec!["--no-such-flag", "plan"],
        vec!["no-such-output"],
        vec![],
        vec!["plan", "cli-find"],
        vec!["plan", "--out-dir", "x"],
        vec!["--feature", "teleport", "plan"],
        vec!["--partition", "aws-iso", "plan"],
        vec!["--vss-policy", "maybe", "plan"],
        vec!["--bucket"],
        vec!["--batch", "plan"],
    ] {
        let run = ssm_plan(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&run).starts_with("error: "),
            "{args:?}: {}",
            stderr(&run)
        );
        assert!(stderr(&run).contains("usage: ssm-plan"), "{args:?}");
        assert!(run.stdout.is_empty());
    }
    let help = ssm_plan(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    for output in Output::ALL {
        assert!(stdout(&help).contains(output.id()));
    }
}

#[test]
fn unreadable_plan_file_is_refused() {
    let scratch = Scratch::new("unreadable");
    let missing = scratch.path("missing.json").display().to_string();
    let run = ssm_plan(&["--plan", &missing, "plan"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).starts_with(&format!("error: plan file '{missing}': ")));
    let bad = scratch.path("bad.json");
    assert!(fs::write(&bad, r#"{"features": ["teleport"]}"#).is_ok());
    let run = ssm_plan(&["--plan", &bad.display().to_string(), "plan"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("unknown feature 'teleport'"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn batch_plans_each_line() {
    let input = [
        fs::read_to_string(golden_root().join("everything-aws-cn/selection.json"))
            .expect("a golden selection")
            .replace('\n', ""),
        r#"{"features": ["s3-output"]}"#.to_owned(),
    ]
    .join("\n");
    let run = {
        use std::io::Write;
        use std::process::Stdio;
        let child = Command::new(env!("CARGO_BIN_EXE_ssm-plan"))
            .arg("--batch")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn();
        let Ok(mut child) = child else {
            panic!("ssm-plan did not start");
        };
        if let Some(mut stdin) = child.stdin.take() {
            assert!(stdin.write_all(input.as_bytes()).is_ok());
        }
        match child.wait_with_output() {
            Ok(run) => run,
            Err(e) => panic!("ssm-plan failed: {e}"),
        }
    };
    assert!(run.status.success(), "{}", stderr(&run));
    let lines: Vec<serde_json::Value> = stdout(&run)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["errors"], serde_json::json!({}));
    let golden = fs::read_to_string(golden_root().join("everything-aws-cn/plan.json"))
        .expect("a golden plan");
    let expected: serde_json::Value = serde_json::from_str(&golden).expect("the plan is JSON");
    assert_eq!(lines[0]["plan"], expected);
    assert_eq!(
        lines[1]["errors"]["account-id"],
        "account id is required for the ARNs of the customer managed policies"
    );
    assert_eq!(
        lines[1]["plan"]["outputs"]["s3-policy"]["status"],
        "blocked"
    );
}

#[test]
fn explain_reads_a_denial_file_and_says_what_the_page_says() {
    let scratch = Scratch::new("explain");
    let denial = "2026-11-30 10:00:00 ERROR [HealthCheck] error details - AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/web/i-0abc is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::ssm-out/runs/i-0abc/stdout because no identity-based policy allows the s3:PutObject action";
    let file = scratch.path("denial.log");
    assert!(fs::write(&file, denial).is_ok());
    let file = file.display().to_string();
    let selection = Selection {
        features: [Feature::S3Output].into_iter().collect(),
        account_id: "111122223333".into(),
        bucket: "ssm-out".into(),
        ..Selection::default()
    };
    let plan = Plan::from_selection(&selection);
    let explanations = ssm_policy_planner::denial::explain_text(&plan, denial).expect("read");
    let expected = ssm_policy_planner::render::denial::text(&plan, &explanations);
    let run = ssm_plan(&[
        "--feature",
        "s3-output",
        "--account-id",
        "111122223333",
        "--bucket",
        "ssm-out",
        "explain",
        &file,
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(stdout(&run), expected);
    assert!(expected.contains("This plan: SSMInstanceS3OutputAccess allows it on arn:aws:s3:::ssm-out/*, the denied resource included."));

    let nonsense = scratch.path("nonsense.log");
    assert!(fs::write(&nonsense, "the disk is full").is_ok());
    let run = ssm_plan(&["explain", &nonsense.display().to_string()]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).starts_with("error: denial: no denied action found"),
        "{}",
        stderr(&run)
    );
    assert!(run.stdout.is_empty());
    let run = ssm_plan(&["explain"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("explain needs a FILE"));
}

#[test]
fn rewrite_prints_the_file_or_with_diff_what_changes_as_the_page_shows_them() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/iac-corpus/terraform.tf");
    let source = fs::read_to_string(&file).expect("corpus");
    let file = file.display().to_string();
    let plan = Plan::from_selection(&Selection {
        features: [Feature::Core, Feature::S3Output].into_iter().collect(),
        account_id: "111122223333".into(),
        bucket: "ssm-out".into(),
        ..Selection::default()
    });
    let rewritten = ssm_policy_planner::rewrite::rewrite(&plan, &source).expect("rewrite");
    let flags = [
        "--feature",
        "core,s3-output",
        "--account-id",
        "111122223333",
        "--bucket",
        "ssm-out",
    ];
    let run = ssm_plan(&[&flags[..], &["rewrite", &file]].concat());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(stdout(&run), rewritten.text);
    // What it cannot rewrite is listed beside, a line each.
    assert_eq!(stderr(&run).lines().count(), rewritten.findings.len());
    assert!(!rewritten.findings.is_empty());

    for args in [
        [&flags[..], &["rewrite", "--diff", &file]].concat(),
        [&flags[..], &["--diff", "rewrite", &file]].concat(),
    ] {
        let run = ssm_plan(&args);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        assert_eq!(stdout(&run), rewritten.diff(&file));
        assert!(stdout(&run).starts_with(&format!("--- a/{file}\n+++ b/{file}\n@@ ")));
    }
    let run = ssm_plan(&["--diff", "policies-to-add"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("--diff goes with rewrite FILE"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn estate_fills_the_roles_and_account_and_prints_its_report() {
    let scratch = Scratch::new("estate");
    let old = "arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM";
    let export = serde_json::json!({
        "RoleDetailList": [
            {"RoleName": "gov-web", "Arn": "arn:aws-us-gov:iam::444455556666:role/gov-web",
             "AttachedManagedPolicies": [{"PolicyName": "AmazonEC2RoleforSSM", "PolicyArn": old}]},
            {"RoleName": "=cmd", "Arn": "arn:aws-us-gov:iam::444455556666:role/=cmd",
             "AttachedManagedPolicies": [{"PolicyName": "AmazonEC2RoleforSSM", "PolicyArn": old}]},
            {"RoleName": "untouched", "Arn": "arn:aws-us-gov:iam::444455556666:role/untouched",
             "AttachedManagedPolicies": []}
        ]
    });
    let file = scratch.path("estate.json");
    assert!(fs::write(&file, export.to_string()).is_ok());
    let file = file.display().to_string();
    let script = ssm_plan(&[
        "--estate",
        &file,
        "--feature",
        "s3-output",
        "--bucket",
        "gov-out",
        "cli-update-roles",
    ]);
    assert_eq!(script.status.code(), Some(0), "{}", stderr(&script));
    let text = stdout(&script);
    assert!(text.contains("roles=(\n  gov-web\n  '=cmd'\n)\n"), "{text}");
    assert!(
        text.contains("arn:aws-us-gov:iam::444455556666:policy/SSMInstanceS3OutputAccess"),
        "account and partition from the ARNs"
    );

    let report = ssm_plan(&["--estate", &file, "estate-report"]);
    assert_eq!(report.status.code(), Some(0), "{}", stderr(&report));
    let csv = stdout(&report);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("role,managed policies,"));
    assert!(lines[1].starts_with("gov-web,1,arn:aws-us-gov:iam::aws:policy/AmazonSSMManagedInstanceCore arn:aws-us-gov:iam::aws:policy/CloudWatchAgentServerPolicy,yes,"), "{csv}");
    assert!(
        lines[2].starts_with("'=cmd,"),
        "a formula-looking name stays text"
    );

    // A partition the user names stays theirs; the import then says it differs.
    let named = ssm_plan(&["--partition", "aws", "--estate", &file, "policies-to-add"]);
    assert_eq!(named.status.code(), Some(0), "{}", stderr(&named));
    assert!(stdout(&named).contains("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"));
    assert!(
        stderr(&named)
            .contains("The export's ARNs are in partition aws-us-gov, but the plan is for aws"),
        "{}",
        stderr(&named)
    );

    // Windows PowerShell 5.1's `>` writes UTF-16 with a byte order mark: read the same.
    let utf16 = scratch.path("estate-utf16.json");
    let bytes: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(export.to_string().encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    assert!(fs::write(&utf16, bytes).is_ok());
    let same = ssm_plan(&["--estate", &utf16.display().to_string(), "estate-report"]);
    assert_eq!(stdout(&same), csv, "{}", stderr(&same));
    let binary = scratch.path("estate.bin");
    assert!(fs::write(&binary, [0x7B, 0xFF, 0x00]).is_ok());
    let run = ssm_plan(&["--estate", &binary.display().to_string(), "plan"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        stderr(&run).contains("it is not text: expected UTF-8, or UTF-16 with a byte order mark"),
        "{}",
        stderr(&run)
    );

    let named = ssm_plan(&["--estate", &file, "--role", "only-this", "cli-update-roles"]);
    assert!(
        stdout(&named).contains("roles=(\n  only-this\n)\n"),
        "a named role list is kept"
    );

    let foreign = scratch.path("foreign.json");
    assert!(fs::write(&foreign, "{\"Users\": []}").is_ok());
    let run = ssm_plan(&["--estate", &foreign.display().to_string(), "plan"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).starts_with(
        "error: estate: this JSON is not the output of get-account-authorization-details"
    ));
    let run = ssm_plan(&["estate-report"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("estate-report needs --estate FILE"));
}
