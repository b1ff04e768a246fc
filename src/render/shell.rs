//! Shell text from argument vectors: the one place where user values are quoted for bash.

/// One word of a command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// A literal value, quoted as needed so bash passes it through unchanged.
    Lit(String),
    /// Shell syntax written as is, such as `"$role"`; never built from user text.
    Raw(&'static str),
}

/// A literal word.
pub fn lit(value: impl Into<String>) -> Word {
    Word::Lit(value.into())
}

/// Quotes `value` for bash: bare when every character is plainly safe, otherwise in single
/// quotes, where only the single quote itself needs care (`'\''`).
///
/// Hand-written rather than taken from a crate: the rule is two lines, the tests below prove it
/// against bash itself, and the output stays as plain as a person would write it.
pub fn quote(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:,@+%".contains(&b));
    if safe {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

fn shell_word(word: &Word) -> String {
    match word {
        Word::Lit(v) => quote(v),
        Word::Raw(r) => (*r).to_owned(),
    }
}

/// A command line: each word quoted, long lines continued with `\` so they stay readable.
pub fn command(words: &[Word]) -> String {
    let rendered: Vec<String> = words.iter().map(shell_word).collect();
    let one_line = rendered.join(" ");
    if one_line.len() <= 100 || one_line.contains('\n') {
        return one_line;
    }
    // Break before each option (a literal word starting with `--`), keeping its value with it.
    let mut out = String::new();
    for (i, word) in rendered.iter().enumerate() {
        if i > 0 {
            let breaks = matches!(&words[i], Word::Lit(v) if v.starts_with("--"));
            out.push_str(if breaks { " \\\n    " } else { " " });
        }
        out.push_str(word);
    }
    out
}

/// A command line with every argument on a line of its own, for calls with long values.
pub fn command_lines(words: &[Word]) -> String {
    words
        .iter()
        .map(shell_word)
        .collect::<Vec<_>>()
        .join(" \\\n  ")
}

/// A bash array assignment, one element a line.
pub fn array(name: &str, values: &[&str]) -> String {
    if values.is_empty() {
        return format!("{name}=()");
    }
    let items: Vec<String> = values.iter().map(|v| format!("  {}", quote(v))).collect();
    format!("{name}=(\n{}\n)", items.join("\n"))
}

/// A variable assignment.
pub fn assign(name: &str, value: &str) -> String {
    format!("{name}={}", quote(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    /// Runs `words` through bash and returns the arguments bash passed on.
    fn bash_words(script: &str) -> Vec<String> {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -euo pipefail; for w in {script}; do printf '%s\\0' \"$w\"; done"
            ))
            .output();
        let Ok(out) = out else {
            return vec!["bash failed to start".into()];
        };
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn hostile_values_survive_bash_unchanged() {
        let hostile = [
            "plain",
            "with space",
            "it's",
            "''",
            "$(rm -rf /)",
            "`id`",
            "${HOME}",
            "a\\,b",
            "semi;colon&amp|pipe",
            "new\nline",
            "*",
            "!bang",
            "tab\there",
            "\"double\"",
            "-dash",
            "key=value",
            "~user",
            "#hash",
        ];
        for value in hostile {
            assert_eq!(
                bash_words(&quote(value)),
                [value],
                "{value:?} quoted as {}",
                quote(value)
            );
        }
    }

    #[test]
    fn safe_words_stay_bare() {
        assert_eq!(
            quote("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"),
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
        );
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
    }

    #[test]
    fn long_commands_break_before_options() {
        let words = [
            lit("aws"),
            lit("iam"),
            lit("create-policy"),
            lit("--policy-name"),
            lit("SomeRatherLongPolicyNameForTesting"),
            lit("--description"),
            lit("a description with spaces that goes on for a while"),
            Word::Raw("\"$document\""),
        ];
        let text = command(&words);
        assert!(
            text.contains(" \\\n    --description 'a description"),
            "{text}"
        );
        assert_eq!(bash_words(&text.replace("\"$document\"", "end")).len(), 8);
    }

    #[test]
    fn arrays_quote_each_element() {
        assert_eq!(
            array("roles", &["web", "it's"]),
            "roles=(\n  web\n  'it'\\''s'\n)"
        );
        assert_eq!(array("roles", &[]), "roles=()");
    }
}
