//! The input validators fed any text: each `input::parse_*` and `parse_regions` directly, then
//! the same text typed into its field of a selection and checked with the rest. The first
//! byte picks the field (and the partition), the rest is the text.
//!
//! What is accepted is trimmed, neutral text that parses again to itself; what is refused
//! says so in a message that quotes only an excerpt.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssm_policy_planner::catalog::Partition;
use ssm_policy_planner::catalog::regions::{MAX_REGIONS, parse_regions};
use ssm_policy_planner::input::{
    self, Field, InputError, MAX_ROLE_NAMES, Selection, check, parse_account_id, parse_bucket,
    parse_kms_key_arn, parse_policy_name, parse_prefix, parse_role_names,
};
use ssm_policy_planner_fuzz::{assert_message_is_short, assert_neutral, text_fields};

/// Checks one optional value: accepted, it is neutral, inside the text, and a fixed point.
fn value<T>(
    text: &str,
    parsed: Result<Option<T>, InputError>,
    show: impl Fn(&T) -> &str,
    again: impl Fn(&str) -> Result<Option<T>, InputError>,
) {
    match parsed {
        Ok(Some(v)) => {
            let s = show(&v);
            assert_neutral(s);
            assert!(text.contains(s), "{s:?} is not in {text:?}");
            let twice = again(s);
            assert_eq!(
                twice.as_ref().ok().and_then(Option::as_ref).map(&show),
                Some(s)
            );
        }
        Ok(None) => {}
        Err(e) => assert_message_is_short(&e.to_string()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let fields = text_fields();
    let field = fields[usize::from(pick) % fields.len()];
    let partition = Partition::ALL[usize::from(pick) / fields.len() % Partition::ALL.len()];

    value(
        &text,
        parse_account_id(&text),
        |v| v.as_str(),
        parse_account_id,
    );
    value(&text, parse_bucket(&text), |v| v.as_str(), parse_bucket);
    value(&text, parse_prefix(&text), |v| v.as_str(), parse_prefix);
    value(
        &text,
        parse_kms_key_arn(&text, partition),
        |v| v.as_str(),
        |t| parse_kms_key_arn(t, partition),
    );
    value(
        &text,
        parse_policy_name(&text),
        |v| v.as_str(),
        parse_policy_name,
    );
    if let Ok(Some(name)) = parse_policy_name(&text) {
        assert!(!name.as_str().contains(',') && name.as_str().len() <= 128);
    }
    match parse_role_names(&text) {
        Ok(names) => {
            assert!(names.len() <= MAX_ROLE_NAMES);
            let mut seen = std::collections::BTreeSet::new();
            for n in &names {
                assert_neutral(n.as_str());
                assert!(n.as_str().len() <= 64);
                assert!(seen.insert(n.as_str().to_ascii_lowercase()), "{n} twice");
            }
        }
        Err(e) => assert_message_is_short(&e.to_string()),
    }
    match parse_regions(&text, partition) {
        Ok(regions) => {
            assert!(regions.len() <= MAX_REGIONS);
            let mut seen = std::collections::BTreeSet::new();
            for r in &regions {
                assert_neutral(r.as_str());
                assert!(partition.has_region(r.as_str()) && r.partition() == partition);
                assert!(seen.insert(r.as_str()), "{r} twice");
            }
        }
        Err(e) => assert_message_is_short(&e.to_string()),
    }

    // The same text typed into a field of a selection, checked with the others.
    let mut s = Selection {
        bucket: "my-bucket".into(),
        partition,
        ..Selection::default()
    };
    assert!(s.set(field, text.clone().into_owned()).is_ok());
    for error in check(&s).errors().values() {
        assert_message_is_short(&error.to_string());
    }
    // And into each choice, which takes one of its ids or nothing.
    for choice in Field::ALL.into_iter().filter(|f| !f.options().is_empty()) {
        let before = s.clone();
        match s.set(choice, text.clone().into_owned()) {
            Ok(()) => assert_eq!(
                s.text(choice),
                text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
            ),
            Err(e) => {
                assert_message_is_short(&e.to_string());
                assert_eq!(s, before);
            }
        }
    }
    let _ = input::excerpt(&text);
});
