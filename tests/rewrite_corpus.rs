//! The corpus of templates that still name the old policy (tests/iac-corpus): each rewritten
//! against one plan must equal its expected text, findings and diff, kept beside it in
//! tests/iac-corpus/expected. `UPDATE_GOLDEN=1 cargo test --test rewrite_corpus` rewrites
//! them after a deliberate change; the oracles lint the rewritten CloudFormation with cfn-lint
//! and parse the rewritten Terraform with an HCL parser.

use std::fs;
use std::path::Path;

use ssm_policy_planner::catalog::Feature;
use ssm_policy_planner::input::Selection;
use ssm_policy_planner::plan::Plan;
use ssm_policy_planner::rewrite::rewrite;

#[test]
fn every_template_of_the_corpus_rewrites_as_expected() {
    let plan = Plan::from_selection(&Selection {
        features: [Feature::Core, Feature::S3Output, Feature::CloudWatchAgent]
            .into_iter()
            .collect(),
        account_id: "111122223333".into(),
        bucket: "ssm-out".into(),
        ..Selection::default()
    });
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/iac-corpus");
    let expected_dir = corpus.join("expected");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut files: Vec<_> = fs::read_dir(&corpus)
        .expect("the corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "a template of each kind");
    for file in files {
        let name = file
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let source = fs::read_to_string(&file).expect("readable");
        let r = rewrite(&plan, &source).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(r.rewritten + r.findings.len() > 0, "{name}");
        let findings: String = r
            .findings
            .iter()
            .map(|f| format!("{}: {}\n", f.line, f.message))
            .collect();
        for (suffix, text) in [
            ("", r.text.clone()),
            (".findings", findings),
            (".diff", r.diff(&name)),
        ] {
            let path = expected_dir.join(format!("{name}{suffix}"));
            if update {
                fs::create_dir_all(&expected_dir).expect("writable");
                fs::write(&path, &text).expect("writable");
            } else {
                let want =
                    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(text, want, "{}", path.display());
            }
        }
        // Nothing but the references changes: every line without the name is kept, in order.
        let kept: Vec<&str> = source
            .lines()
            .filter(|l| !l.contains("AmazonEC2RoleforSSM"))
            .collect();
        let now: Vec<&str> = r.text.lines().filter(|l| kept.contains(l)).collect();
        assert_eq!(now, kept, "{name}: the other lines are untouched");
    }
}
