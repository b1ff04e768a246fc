//! What the fuzz targets share: how raw bytes become a selection, and the checks every target
//! makes of what the planner says back.

use ssm_policy_planner::catalog::{Feature, Partition};
use ssm_policy_planner::input::{Field, QUOTE_MAX_CHARS, S3Route, Selection, Target, VssChoice};

/// The fields typed as text, in page order.
pub fn text_fields() -> Vec<Field> {
    Field::ALL
        .into_iter()
        .filter(|f| f.options().is_empty())
        .collect()
}

/// A selection from bytes: the first byte ticks features (bit `i` for `Feature::ALL[i]`), the
/// second picks the partition, VSS choice, route and target, and the rest is the text fields in page
/// order, separated by 0xFF, a byte no UTF-8 text holds, so each field's text arrives intact.
pub fn selection_from_bytes(data: &[u8]) -> Selection {
    let mut s = Selection::default();
    let (ticks, choices, rest) = match data {
        [t, c, rest @ ..] => (*t, usize::from(*c), rest),
        _ => return s,
    };
    s.features = Feature::ALL
        .into_iter()
        .enumerate()
        .filter(|(i, _)| ticks & (1 << i) != 0)
        .map(|(_, f)| f)
        .collect();
    s.partition = Partition::ALL[choices % Partition::ALL.len()];
    s.vss_policy = VssChoice::ALL[choices / 3 % 2];
    s.s3_route = S3Route::ALL[choices / 6 % 2];
    s.target = Target::ALL[choices / 12 % 2];
    for (field, text) in text_fields().into_iter().zip(rest.split(|b| *b == 0xff)) {
        let typed = s.set(field, String::from_utf8_lossy(text).into_owned());
        assert!(typed.is_ok(), "{field} takes any text");
    }
    s
}

/// An error message quotes at most two excerpts of the user's text, each character of them
/// escaped at worst, beside the words of the longest message.
pub fn assert_message_is_short(message: &str) {
    let most = 300 + 2 * 10 * (QUOTE_MAX_CHARS + 1);
    let count = message.chars().count();
    assert!(count <= most, "a message of {count} characters: {message}");
}

/// An accepted value holds nothing that means something to bash, JSON or YAML outside a
/// quoted word: no white space, control character, quote, wildcard or expansion.
pub fn assert_neutral(value: &str) {
    assert!(!value.is_empty(), "an empty value accepted");
    assert!(
        value
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"\"`$\\*?;&|<>{}[]#%~^".contains(&b)),
        "accepted {value:?}"
    );
}
