//! The decoders of a shared link's fragment and of the stored copy, fed any text. Whatever
//! they accept is a selection that writes and reads back to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ssm_policy_planner::state::{
    decode_fragment, decode_stored, from_fragment, from_stored, open, to_fragment, to_stored,
};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for selection in [from_fragment(text), from_stored(text)]
        .into_iter()
        .flatten()
    {
        assert_eq!(
            from_fragment(&to_fragment(&selection)),
            Some(selection.clone())
        );
        assert_eq!(from_stored(&to_stored(&selection)), Some(selection));
    }
    // The lenient readers take what they can and list the rest; they never fail.
    let _ = decode_fragment(text);
    let _ = decode_stored(text);
    let _ = open(Some(text), Some(text));
});
