//! The template rewrite, fed any text: it rewrites it or says why not, never panics, changes
//! only lines that name the old policy, and leaves every other line in order (but for the comma
//! after a list's new last item, which JSON refuses).
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssm_policy_planner::catalog::Feature;
use ssm_policy_planner::input::Selection;
use ssm_policy_planner::plan::Plan;
use ssm_policy_planner::rewrite::rewrite;
use ssm_policy_planner_fuzz::assert_message_is_short;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let plan = Plan::from_selection(&Selection {
        features: [Feature::Core, Feature::S3Output].into_iter().collect(),
        account_id: "111122223333".into(),
        bucket: "ssm-out".into(),
        ..Selection::default()
    });
    match rewrite(&plan, source) {
        Ok(r) => {
            let comma_aside = |l: &str| l.trim_end().trim_end_matches(',').trim_end().to_owned();
            let kept: Vec<String> = source
                .lines()
                .filter(|l| !l.contains("AmazonEC2RoleforSSM"))
                .map(comma_aside)
                .collect();
            let now: Vec<String> = r
                .text
                .lines()
                .map(comma_aside)
                .filter(|l| kept.contains(l))
                .collect();
            assert_eq!(now, kept);
            for f in &r.findings {
                assert!(f.line >= 1 && f.line <= source.lines().count().max(1));
            }
            let _ = r.diff("t");
        }
        Err(e) => assert_message_is_short(&e.to_string()),
    }
});
