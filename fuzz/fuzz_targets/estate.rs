//! The reader of an account's export, fed any text: it reads it or says why it cannot, never
//! panics, keeps its messages short, and its report and CSV hold one line a role it read. It
//! agrees with serde_json on what is JSON: it reads nothing serde_json refuses, and calls
//! nothing "not JSON" that serde_json reads.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssm_policy_planner::estate::{EstateError, parse, report};
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
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let json = serde_json::from_str::<serde_json::Value>(trimmed);
    // serde_json also refuses numbers too large for a float, which are JSON all the same: the
    // export's reader never reads a number.
    if json
        .as_ref()
        .is_err_and(|e| e.to_string().starts_with("number out of range"))
    {
        return;
    }
    let json = json.is_ok();
    let read = parse(text);
    match &read {
        Ok(_) | Err(EstateError::Foreign) => assert!(json, "read what is not JSON"),
        Err(EstateError::NotJson(_)) => assert!(!json, "refused JSON as not JSON"),
        _ => {}
    }
    match read {
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
