//! The reader of an account's export, fed any text: it reads it or says why it cannot, never
//! panics, keeps its messages short, and its report and CSV hold one line a role it read.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssm_policy_planner::estate::{parse, report};
use ssm_policy_planner::input::Selection;
use ssm_policy_planner::plan::Plan;
use ssm_policy_planner::render::estate::csv;
use ssm_policy_planner_fuzz::assert_message_is_short;

/// The records of a CSV text, read as RFC 4180 reads them.
fn records(text: &str) -> usize {
    let (mut count, mut quoted) = (0, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => count += 1,
            _ => {}
        }
    }
    count
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse(text) {
        Ok(estate) => {
            let plan = Plan::from_selection(&Selection::default());
            let report = report(&plan, &estate, plan.quota);
            assert!(report.rows.len() <= estate.roles.len());
            let written = csv(&report);
            // A header, then one record a role: a name with a comma, quote or line break is
            // quoted, not split, so reading the CSV back gives one record a row.
            assert_eq!(records(&written), report.rows.len() + 1);
        }
        Err(e) => assert_message_is_short(&e.to_string()),
    }
});
