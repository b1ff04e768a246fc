//! Golden files: the rendered outputs of a few plans, compared byte for byte with
//! `tests/golden/<case>/<file name>`, where `<case>/selection.json` is the plan's selection as
//! a plan file. After a deliberate change, regenerate them with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and review the diff like code.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use ssm_policy_planner::input::Selection;
use ssm_policy_planner::plan::{Part, Plan};
use ssm_policy_planner::render::plan_json::plan_json;
use ssm_policy_planner::render::{Output, render};

/// The file of a case that holds its selection; every other file is an output.
const SELECTION: &str = "selection.json";

/// Each case's folder and selection.
fn cases(root: &Path) -> Vec<(PathBuf, Selection)> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .expect("tests/golden exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let text = fs::read_to_string(dir.join(SELECTION)).expect("every case has a selection");
            let selection = serde_json::from_str(&text).expect("the selection is a plan file");
            (dir, selection)
        })
        .collect()
}

/// What the planner writes for a selection: (file name, text), outputs then the plan.
fn files(selection: &Selection) -> Vec<(&'static str, String)> {
    let plan = Plan::from_selection(selection);
    let mut files: Vec<(&'static str, String)> = Output::ALL
        .into_iter()
        .filter_map(|output| match render(&plan, output) {
            Part::Ready(text) => Some((output.facts().file_name, text)),
            Part::NotApplicable(_) => None,
            Part::Blocked(fields) => panic!("{} blocked by {fields:?}", output.id()),
        })
        .collect();
    // The whole plan as the command line prints it, so a change to what it carries shows up
    // in review like a change to any output.
    files.push(("plan.json", plan_json(&plan)));
    files
}

#[test]
fn rendered_outputs_match_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let cases = cases(&root);
    assert!(cases.len() >= 3, "the golden cases are there");
    let mut failures = Vec::new();
    for (dir, selection) in cases {
        let case = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .expect("a case folder has a name");
        let present: BTreeSet<String> = fs::read_dir(&dir)
            .expect("a case folder")
            .map(|e| {
                e.expect("an entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|name| name != SELECTION)
            .collect();
        if update {
            for name in &present {
                fs::remove_file(dir.join(name)).expect("remove an old golden file");
            }
        }
        let mut expected = BTreeSet::new();
        for (file_name, text) in files(&selection) {
            expected.insert(file_name.to_owned());
            let path = dir.join(file_name);
            if update {
                fs::write(&path, &text).expect("write golden file");
                continue;
            }
            match fs::read_to_string(&path) {
                Ok(golden) if golden == text => {}
                Ok(_) => failures.push(format!("{case}/{file_name} differs")),
                Err(e) => failures.push(format!("{case}/{file_name}: {e}")),
            }
        }
        if !update && present != expected {
            failures.push(format!("{case}: files {present:?}, expected {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches (UPDATE_GOLDEN=1 to regenerate):\n{}",
        failures.join("\n")
    );
}
