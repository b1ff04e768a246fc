//! The denial reader, fed any text: it explains what it reads or says why it cannot, never
//! panics, quotes no more of the paste than an excerpt, and names only actions the text holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssm_policy_planner::denial::{MAX_DENIALS, explain, parse};
use ssm_policy_planner::input::Selection;
use ssm_policy_planner::plan::Plan;
use ssm_policy_planner::render::denial::text;
use ssm_policy_planner_fuzz::assert_message_is_short;

fuzz_target!(|data: &[u8]| {
    let Ok(pasted) = std::str::from_utf8(data) else {
        return;
    };
    let plan = Plan::from_selection(&Selection::default());
    match parse(pasted) {
        Ok(denials) => {
            assert!(!denials.is_empty() && denials.len() <= MAX_DENIALS);
            let explanations: Vec<_> = denials.iter().map(|d| explain(&plan, d)).collect();
            let words = text(&plan, &explanations);
            for d in &denials {
                assert!(words.contains(&d.action));
            }
        }
        Err(e) => assert_message_is_short(&e.to_string()),
    }
});
