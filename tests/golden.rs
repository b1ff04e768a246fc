//! Golden files: the rendered outputs of a few plans, compared byte for byte with
//! `tests/golden/<case>/<file name>`. After a deliberate change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff like code.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use ssm_policy_planner::catalog::{Feature, Partition};
use ssm_policy_planner::input::{Selection, VssChoice};
use ssm_policy_planner::plan::{Output, Plan};
use ssm_policy_planner::render::{Rendered, render};

fn cases() -> Vec<(&'static str, Selection)> {
    vec![
        ("default-aws", Selection::default()),
        (
            "everything-aws-cn",
            Selection {
                features: Feature::ALL.into_iter().collect(),
                partition: Partition::AwsCn,
                account_id: "123456789012".into(),
                bucket: "ssm-output-cn".into(),
                bucket_prefix: "run-command/".into(),
                kms_key_arn: "arn:aws-cn:kms:cn-north-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab".into(),
                role_names: "web-servers\nbatch-workers\n".into(),
                vss_policy: VssChoice::Custom,
                s3_policy_name: "SsmOutputToOwnBucket".into(),
                ..Selection::default()
            },
        ),
        (
            "s3-output-aws-us-gov",
            Selection {
                features: [Feature::Core, Feature::S3Output, Feature::VssSnapshots].into_iter().collect(),
                partition: Partition::AwsUsGov,
                account_id: "210987654321".into(),
                bucket: "gov-ssm-output".into(),
                ..Selection::default()
            },
        ),
    ]
}

#[test]
fn rendered_outputs_match_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut failures = Vec::new();
    for (case, selection) in cases() {
        let dir = root.join(case);
        let plan = Plan::from_selection(&selection);
        let mut expected_files = BTreeSet::new();
        if update {
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).expect("create golden dir");
        }
        for output in Output::ALL {
            let text = match render(&plan, output) {
                Rendered::Text(t) => t,
                Rendered::NotApplicable => continue,
                Rendered::Blocked(fields) => {
                    panic!("{case}: {} blocked by {fields:?}", output.id())
                }
            };
            let path = dir.join(output.file_name());
            expected_files.insert(output.file_name().to_owned());
            if update {
                fs::write(&path, &text).expect("write golden file");
            } else {
                match fs::read_to_string(&path) {
                    Ok(golden) if golden == text => {}
                    Ok(_) => failures.push(format!("{case}/{} differs", output.file_name())),
                    Err(e) => failures.push(format!("{case}/{}: {e}", output.file_name())),
                }
            }
        }
        let present: BTreeSet<String> = fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if present != expected_files {
            failures.push(format!(
                "{case}: files {present:?}, expected {expected_files:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches (UPDATE_GOLDEN=1 to regenerate):\n{}",
        failures.join("\n")
    );
}
