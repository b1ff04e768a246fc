//! A one-pass reader of JSON text for the account's export. It walks the text once, keeps
//! only the values asked for and checks the rest without building them, where a general
//! JSON reader builds every value through layers of generic code first: a large account's
//! export reads several times faster in the page, whose WebAssembly runs unoptimised at first.
//!
//! It accepts exactly the JSON of RFC 8259 (no comments, no trailing commas, no lone
//! surrogates, at most [`MAX_DEPTH`] levels deep), as serde_json does.

use std::borrow::Cow;

/// How deep arrays and objects may nest: hostile text must not exhaust the stack. The same
/// limit as serde_json's, so the two agree on what is JSON.
pub const MAX_DEPTH: usize = 127;

/// Why the text cannot be read, and the byte offset where it went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadError {
    /// Not JSON here.
    Syntax(usize),
    /// The text ends inside a value.
    Eof(usize),
    /// A value of another type than expected starts here.
    Type(usize),
    /// Arrays and objects nest deeper than [`MAX_DEPTH`] here.
    Deep(usize),
}

impl ReadError {
    /// The byte offset of the error.
    pub fn at(self) -> usize {
        match self {
            ReadError::Syntax(at)
            | ReadError::Eof(at)
            | ReadError::Type(at)
            | ReadError::Deep(at) => at,
        }
    }
}

/// The line and column (each from 1, the column in characters) of a byte offset of `text`.
pub fn line_and_column(text: &str, at: usize) -> (usize, usize) {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        before.matches('\n').count() + 1,
        before[line_start..].chars().count() + 1,
    )
}

type Read<T> = Result<T, ReadError>;

/// A position in JSON text, moving forward only.
pub struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            at: 0,
            depth: 0,
        }
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    /// The next byte after white space, not taken.
    fn peek(&mut self) -> Read<u8> {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte(self.at) {
            self.at += 1;
        }
        self.byte(self.at).ok_or(ReadError::Eof(self.at))
    }

    /// Checks that only white space follows.
    pub fn end(&mut self) -> Read<()> {
        match self.peek() {
            Err(ReadError::Eof(_)) => Ok(()),
            _ => Err(ReadError::Syntax(self.at)),
        }
    }

    fn literal(&mut self, word: &str) -> Read<()> {
        for (i, &expected) in word.as_bytes().iter().enumerate() {
            match self.byte(self.at + i) {
                None => return Err(ReadError::Eof(self.at + i)),
                Some(b) if b != expected => return Err(ReadError::Syntax(self.at + i)),
                Some(_) => {}
            }
        }
        self.at += word.len();
        Ok(())
    }

    fn nest(&mut self) -> Read<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ReadError::Deep(self.at));
        }
        self.at += 1;
        Ok(())
    }

    /// Whether the next value is `null`; takes it if so.
    pub fn null(&mut self) -> Read<bool> {
        if self.peek()? != b'n' {
            return Ok(false);
        }
        self.literal("null")?;
        Ok(true)
    }

    /// `None` for `null`, or the value `read` takes.
    pub fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> Read<T>) -> Read<Option<T>> {
        if self.null()? {
            Ok(None)
        } else {
            read(self).map(Some)
        }
    }

    /// The entries between `open` and `close`, separated by commas: `entry` takes each one.
    fn entries(
        &mut self,
        open: u8,
        close: u8,
        mut entry: impl FnMut(&mut Self) -> Read<()>,
    ) -> Read<()> {
        if self.peek()? != open {
            return Err(ReadError::Type(self.at));
        }
        self.nest()?;
        if self.peek()? == close {
            self.at += 1;
        } else {
            loop {
                entry(self)?;
                match self.peek()? {
                    b',' => self.at += 1,
                    b if b == close => {
                        self.at += 1;
                        break;
                    }
                    _ => return Err(ReadError::Syntax(self.at)),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// An object: `member` is called with each key, and must take its value.
    pub fn object(
        &mut self,
        mut member: impl FnMut(&mut Self, Cow<'a, str>) -> Read<()>,
    ) -> Read<()> {
        self.entries(b'{', b'}', |r| {
            if r.peek()? != b'"' {
                return Err(ReadError::Syntax(r.at));
            }
            let key = r.string_here()?;
            if r.peek()? != b':' {
                return Err(ReadError::Syntax(r.at));
            }
            r.at += 1;
            member(r, key)
        })
    }

    /// An array: `item` is called for each entry, and must take it.
    pub fn array(&mut self, item: impl FnMut(&mut Self) -> Read<()>) -> Read<()> {
        self.entries(b'[', b']', item)
    }

    /// An array of values `read` takes, or `None` for `null`.
    pub fn list<T>(&mut self, mut read: impl FnMut(&mut Self) -> Read<T>) -> Read<Option<Vec<T>>> {
        self.option(|r| {
            let mut items = Vec::new();
            r.array(|r| {
                items.push(read(r)?);
                Ok(())
            })?;
            Ok(items)
        })
    }

    /// A string, or `None` for `null`.
    pub fn text(&mut self) -> Read<Option<String>> {
        self.option(|r| r.string().map(Cow::into_owned))
    }

    /// An object's one member of interest, as text: `None` when it is missing or `null`.
    pub fn member(&mut self, name: &str) -> Read<Option<String>> {
        let mut found = None;
        self.object(|r, key| {
            if key == name {
                found = r.text()?;
                Ok(())
            } else {
                r.skip()
            }
        })?;
        Ok(found)
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> Read<bool> {
        match self.peek()? {
            b't' => self.literal("true").map(|()| true),
            b'f' => self.literal("false").map(|()| false),
            _ => Err(ReadError::Type(self.at)),
        }
    }

    /// A string.
    pub fn string(&mut self) -> Read<Cow<'a, str>> {
        if self.peek()? != b'"' {
            return Err(ReadError::Type(self.at));
        }
        self.string_here()
    }

    /// The string whose opening quote is the next byte. Borrowed from the text unless it has
    /// escapes.
    fn string_here(&mut self) -> Read<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let start = self.at + 1;
        let mut i = start;
        let mut unescaped: Option<String> = None;
        let mut plain_from = start;
        loop {
            match bytes.get(i) {
                None => return Err(ReadError::Eof(i)),
                Some(b'"') => {
                    self.at = i + 1;
                    let tail = &self.text[plain_from..i];
                    return Ok(match unescaped {
                        None => Cow::Borrowed(tail),
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                    });
                }
                Some(b'\\') => {
                    let s = unescaped.get_or_insert_with(String::new);
                    s.push_str(&self.text[plain_from..i]);
                    i = self.escape(i, s)?;
                    plain_from = i;
                }
                Some(&b) if b < 0x20 => return Err(ReadError::Syntax(i)),
                Some(_) => i += 1,
            }
        }
    }

    /// Decodes the escape at `at` (its backslash) onto `out`; returns the offset after it.
    fn escape(&self, at: usize, out: &mut String) -> Read<usize> {
        let simple = match self.byte(at + 1) {
            None => return Err(ReadError::Eof(at + 1)),
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let first = self.hex4(at + 2)?;
                let (c, after) = match first {
                    0xD800..=0xDBFF => {
                        // A leading surrogate: the trailing one must follow at once.
                        if self.byte(at + 6) != Some(b'\\') || self.byte(at + 7) != Some(b'u') {
                            return Err(self.missing(at + 6));
                        }
                        let second = self.hex4(at + 8)?;
                        if !(0xDC00..=0xDFFF).contains(&second) {
                            return Err(ReadError::Syntax(at + 6));
                        }
                        let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                        (char::from_u32(code), at + 12)
                    }
                    0xDC00..=0xDFFF => return Err(ReadError::Syntax(at)),
                    _ => (char::from_u32(first), at + 6),
                };
                out.push(c.ok_or(ReadError::Syntax(at))?);
                return Ok(after);
            }
            Some(_) => return Err(ReadError::Syntax(at + 1)),
        };
        out.push(simple);
        Ok(at + 2)
    }

    /// A syntax error at `at`, or the end of the text if it ends there.
    fn missing(&self, at: usize) -> ReadError {
        if at >= self.text.len() {
            ReadError::Eof(at)
        } else {
            ReadError::Syntax(at)
        }
    }

    fn hex4(&self, at: usize) -> Read<u32> {
        let mut value = 0;
        for i in at..at + 4 {
            let digit = self
                .byte(i)
                .ok_or(ReadError::Eof(i))
                .and_then(|b| char::from(b).to_digit(16).ok_or(ReadError::Syntax(i)))?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    fn digits(&mut self) -> Read<()> {
        if !self.byte(self.at).is_some_and(|b| b.is_ascii_digit()) {
            return Err(self.missing(self.at));
        }
        while self.byte(self.at).is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        Ok(())
    }

    fn number(&mut self) -> Read<()> {
        if self.byte(self.at) == Some(b'-') {
            self.at += 1;
        }
        if self.byte(self.at) == Some(b'0') {
            self.at += 1;
        } else {
            self.digits()?;
        }
        if self.byte(self.at) == Some(b'.') {
            self.at += 1;
            self.digits()?;
        }
        if let Some(b'e' | b'E') = self.byte(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.byte(self.at) {
                self.at += 1;
            }
            self.digits()?;
        }
        Ok(())
    }

    /// Takes any value, checking that it is JSON.
    pub fn skip(&mut self) -> Read<()> {
        match self.peek()? {
            b'{' => self.object(|r, _| r.skip()),
            b'[' => self.array(Self::skip),
            b'"' => self.string_here().map(drop),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(ReadError::Syntax(self.at)),
        }
    }

    /// The text of the next value, checked to be JSON but not read.
    pub fn raw(&mut self) -> Read<&'a str> {
        self.peek()?;
        let start = self.at;
        self.skip()?;
        Ok(&self.text[start..self.at])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the reader takes `text` as one JSON value.
    fn reads(text: &str) -> Read<()> {
        let mut r = Reader::new(text);
        r.skip()?;
        r.end()
    }

    #[test]
    fn it_takes_json_and_only_json() {
        for good in [
            "{}",
            "[]",
            " {\"a\": [1, -0.5e+3, 0, 2E9, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]}\n",
            "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
            "-0",
        ] {
            assert_eq!(reads(good), Ok(()), "{good}");
            assert!(
                serde_json::from_str::<serde_json::Value>(good).is_ok(),
                "{good}"
            );
        }
        for bad in [
            "",
            "{",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            ".5",
            "1e",
            "tru",
            "nul",
            "\"a",
            "\"\\x\"",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"tab\there\"",
            "{a:1}",
            "[1 2]",
            "{} {}",
            "// no\n{}",
            "'a'",
            "NaN",
            "\"\\u12\"",
        ] {
            assert!(reads(bad).is_err(), "{bad}");
            assert!(
                serde_json::from_str::<serde_json::Value>(bad).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn strings_are_borrowed_unless_escaped_and_decoded_as_json_says() {
        let mut r = Reader::new(r#""plain""#);
        assert!(matches!(r.string(), Ok(Cow::Borrowed("plain"))));
        let mut r = Reader::new(r#""a\"b\u00e9\ud83d\ude00c""#);
        assert_eq!(r.string().as_deref(), Ok("a\"bé😀c"));
    }

    #[test]
    fn errors_say_where_and_what() {
        assert_eq!(reads("[1,"), Err(ReadError::Eof(3)));
        assert_eq!(reads("[1,}"), Err(ReadError::Syntax(3)));
        let mut r = Reader::new("  \"x\"");
        assert_eq!(r.array(|r| r.skip()), Err(ReadError::Type(2)));
        assert_eq!(line_and_column("{\n  é x", 7), (2, 5));
        let deep = "[".repeat(MAX_DEPTH + 1);
        assert_eq!(reads(&deep), Err(ReadError::Deep(MAX_DEPTH)));
        assert_eq!(
            reads(&format!(
                "{}{}",
                "[".repeat(MAX_DEPTH),
                "]".repeat(MAX_DEPTH)
            )),
            Ok(())
        );
    }

    #[test]
    fn members_lists_and_options_read_what_is_asked_and_skip_the_rest() {
        let mut r = Reader::new(r#"{"Skip": {"deep": [1, {"x": null}]}, "Name": "n", "Other": 2}"#);
        assert_eq!(r.member("Name"), Ok(Some("n".to_owned())));
        let mut r = Reader::new(r#"[{"Name": null}, {}]"#);
        assert_eq!(r.list(|r| r.member("Name")), Ok(Some(vec![None, None])));
        let mut r = Reader::new("null");
        assert_eq!(r.list(Reader::boolean), Ok(None));
        let mut r = Reader::new(r#"{"a": [1, "]"]}"#);
        assert_eq!(r.raw(), Ok(r#"{"a": [1, "]"]}"#));
    }
}
