//! Text files as people save them: UTF-8 (with or without a byte order mark), or UTF-16 with
//! one, which is what Windows PowerShell 5.1 writes for `aws ... > export.json`.

/// Why a file's bytes are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Neither UTF-8 nor UTF-16 with a byte order mark.
    #[error(
        "it is not text: expected UTF-8, or UTF-16 with a byte order mark (save it as UTF-8, for example with Out-File -Encoding utf8)"
    )]
    NotText,
}

/// The text of a file's bytes; a byte order mark is left out. Takes the bytes, so UTF-8 (a
/// large export's usual form) becomes text without a copy.
pub fn decode(mut bytes: Vec<u8>) -> Result<String, TextError> {
    let utf16 = |rest: &[u8], unit: fn([u8; 2]) -> u16| {
        if rest.len() % 2 != 0 {
            return Err(TextError::NotText);
        }
        let units = rest.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| TextError::NotText)
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        rest => {
            if rest.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bytes.drain(..3);
            }
            String::from_utf8(bytes).map_err(|_| TextError::NotText)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_and_utf16_with_a_mark_read_the_same_and_anything_else_is_refused() {
        let text = "{\"RoleName\": \"café\"}";
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let marked: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
        for bytes in [text.as_bytes().to_vec(), le, be, marked] {
            assert_eq!(decode(bytes).as_deref(), Ok(text));
        }
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0x41]),
            Err(TextError::NotText),
            "odd length"
        );
        assert_eq!(
            decode(vec![0xFF, 0xFE, 0x00, 0xD8]),
            Err(TextError::NotText),
            "lone surrogate"
        );
        assert_eq!(decode(vec![0xC3, 0x28]), Err(TextError::NotText));
    }
}
