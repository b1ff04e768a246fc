//! Templates that still name the old policy: a CloudFormation template (YAML or JSON), a
//! Terraform file or CDK source (TypeScript or Python), read line by line. A reference that
//! is an item of a list of attached managed policies (`ManagedPolicyArns`,
//! `managed_policy_arns`, `managedPolicies`, `managed_policies`) written one item a line is
//! rewritten to the plan's set of policies in the same form (a literal ARN stays literal in
//! its partition, a partition-aware one stays partition-aware, a join stays a join of the same
//! elements), and everything else is left byte for byte. Any other reference (one value where
//! a list is needed, a list on one line, an ARN built in a way it cannot follow, a policy
//! document's condition or resource, a mention the reader cannot place) is listed with its
//! line number and left as it is, never skipped: rewriting it by its look alone could change
//! what it means.

use crate::catalog::{LEGACY_POLICY, ManagedPolicy};
use crate::plan::{Part, Plan, PolicyRef};

/// The most text read.
pub const MAX_SOURCE_BYTES: usize = 4 * 1024 * 1024;

/// The old policy's name, which every reference holds.
const NAME: &str = "AmazonEC2RoleforSSM";

/// Why a source cannot be rewritten at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RewriteError {
    /// Nothing pasted.
    #[error(
        "paste a CloudFormation template (YAML or JSON), a Terraform file, or CDK source in TypeScript or Python"
    )]
    Empty,
    /// Too large.
    #[error("the source has {0} bytes; at most 4 MB is read")]
    TooLong(usize),
    /// No reference at all.
    #[error("no reference to AmazonEC2RoleforSSM found: nothing to rewrite")]
    NoReference,
    /// The plan's policies are not all known yet.
    #[error("the plan's policies are not all known yet: fix the fields in error first")]
    PlanIncomplete,
}

/// A reference the rewrite left as it was, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line number.
    pub line: usize,
    /// Why, and what to do.
    pub message: String,
}

/// The rewritten source, and what it could not rewrite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// The source with every reference it could rewrite rewritten.
    pub text: String,
    /// How many references were rewritten.
    pub rewritten: usize,
    /// The references left as they were.
    pub findings: Vec<Finding>,
    /// Each line of the source, with the lines it became (itself when unchanged).
    lines: Vec<(String, Vec<String>)>,
    /// Whether the source ends with a line break.
    final_newline: bool,
}

/// How a reference names the old policy, so the new ones are named the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    /// A literal ARN in a partition (`arn:aws-cn:iam::aws:policy/...`).
    Literal(String),
    /// A partition written by an expression: `${AWS::Partition}` (CloudFormation `Sub`), a
    /// Terraform interpolation such as `${data.aws_partition.current.partition}`, a
    /// TypeScript template's `${...}` or a Python f-string's `{...}`.
    Partition(String),
    /// String elements of a join (`!Join`, `Fn::Join`, Terraform's `join`) that hold the
    /// policy's account and path, the partition left to the elements before them: one element
    /// (`':iam::aws:policy/...'`, the join's delimiter empty) or two (`'aws', 'policy/...'`,
    /// joined by ':'). Each new policy is the same elements.
    Join {
        /// The quote the elements use.
        quote: char,
        /// What separates the account element from the path's, when they are two.
        split: Option<String>,
    },
    /// A CDK call by managed policy name (`fromAwsManagedPolicyName`), TypeScript or Python.
    CdkName {
        /// `from_aws_managed_policy_name` (Python) or `fromAwsManagedPolicyName`.
        python: bool,
        /// The quote the argument uses.
        quote: char,
    },
}

/// One reference on a line: the byte span of the token and its form.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    start: usize,
    end: usize,
    form: Form,
}

/// The keys whose lists attach managed policies to a role, in the languages read.
const ATTACHMENT_KEYS: [&str; 4] = [
    "managedpolicyarns",
    "managed_policy_arns",
    "managedpolicies",
    "managed_policies",
];

/// Finds the reference on a line, if it is one the rewrite understands.
fn reference(line: &str) -> Option<Reference> {
    // CDK by name: the call whose own argument is the old policy's name.
    for (call, python) in [
        ("fromAwsManagedPolicyName(", false),
        ("from_aws_managed_policy_name(", true),
    ] {
        for quote in ['\'', '"'] {
            for path in ["service-role/", ""] {
                let pattern = format!("{call}{quote}{path}{NAME}{quote})");
                if let Some(start) = line.find(&pattern) {
                    return Some(Reference {
                        start,
                        end: start + pattern.len(),
                        form: Form::CdkName { python, quote },
                    });
                }
            }
        }
    }
    let at = line.find(NAME)?;
    let end = at + NAME.len();
    let code = split_comment(line).0;
    if code.contains("Join") || code.contains("join(") {
        if let Some(r) = join_reference(line, at) {
            return Some(r);
        }
    }
    // An ARN: arn:<partition or ${expr}>:iam::aws:policy/[service-role/]AmazonEC2RoleforSSM.
    let start = line[..at].rfind("arn:")?;
    let between = &line[start + 4..at];
    // `${expr}` (a template, an interpolation) or a Python f-string's `{expr}`.
    let (partition, rest) = if let Some(expr) = between
        .strip_prefix("${")
        .or_else(|| between.strip_prefix('{'))
    {
        let close = expr.find('}')? + 1;
        let written = between.len() - expr.len() + close;
        (
            Form::Partition(between[..written].to_owned()),
            &between[written..],
        )
    } else {
        let colon = between.find(':')?;
        let p = &between[..colon];
        if !matches!(p, "aws" | "aws-cn" | "aws-us-gov") {
            return None;
        }
        (Form::Literal(p.to_owned()), &between[colon..])
    };
    matches!(rest, ":iam::aws:policy/service-role/" | ":iam::aws:policy/").then_some(Reference {
        start,
        end,
        form: partition,
    })
}

/// The join elements that end with the old policy's name at `at`: `':iam::aws:policy/[service-
/// role/]AmazonEC2RoleforSSM'`, or `'aws'` then `'policy/[service-role/]AmazonEC2RoleforSSM'`.
fn join_reference(line: &str, at: usize) -> Option<Reference> {
    let quote = line[at + NAME.len()..].chars().next()?;
    if !matches!(quote, '\'' | '"') {
        return None;
    }
    let end = at + NAME.len() + 1;
    let open = line[..at].rfind(quote)?;
    let element = &line[open + 1..at];
    if matches!(
        element,
        ":iam::aws:policy/service-role/" | ":iam::aws:policy/"
    ) {
        return Some(Reference {
            start: open,
            end,
            form: Form::Join { quote, split: None },
        });
    }
    if !matches!(element, "policy/service-role/" | "policy/") {
        return None;
    }
    // The account element just before, with only a comma between.
    let before = line[..open].trim_end().strip_suffix(',')?.trim_end();
    let start = before.strip_suffix(&format!("{quote}aws{quote}"))?.len();
    let separator = line[start + 5..open].to_owned();
    Some(Reference {
        start,
        end,
        form: Form::Join {
            quote,
            split: Some(separator),
        },
    })
}

/// The plan's policies named in a reference's form; `tag` makes a CDK construct id unique.
fn names_in(plan: &Plan, form: &Form, account: Option<&str>, tag: usize) -> Option<Vec<String>> {
    plan.policies
        .iter()
        .map(|p| match (&p.policy, form) {
            (PolicyRef::Managed(m), Form::Literal(partition)) => Some(format!(
                "arn:{partition}:iam::aws:policy{}{}",
                m.facts().path,
                m.name()
            )),
            (PolicyRef::Managed(m), Form::Partition(expr)) => Some(format!(
                "arn:{expr}:iam::aws:policy{}{}",
                m.facts().path,
                m.name()
            )),
            (PolicyRef::Managed(m), Form::CdkName { python, quote }) => {
                Some(cdk_managed(*m, *python, *quote))
            }
            (PolicyRef::Managed(m), Form::Join { quote, split }) => Some(join_elements(
                *quote,
                split.as_deref(),
                "aws",
                &format!("{}{}", m.facts().path, m.name()),
            )),
            (PolicyRef::Custom(_), Form::Join { quote, split }) => {
                account.map(|a| join_elements(*quote, split.as_deref(), a, &format!("/{}", p.name)))
            }
            (PolicyRef::Custom(_), Form::Literal(partition)) => {
                account.map(|a| format!("arn:{partition}:iam::{a}:policy/{}", p.name))
            }
            (PolicyRef::Custom(_), Form::Partition(expr)) if expr == "${AWS::Partition}" => Some(
                format!("arn:{expr}:iam::${{AWS::AccountId}}:policy/{}", p.name),
            ),
            (PolicyRef::Custom(_), Form::Partition(expr)) => {
                account.map(|a| format!("arn:{expr}:iam::{a}:policy/{}", p.name))
            }
            (PolicyRef::Custom(_), Form::CdkName { python, quote }) => {
                // A construct id is unique in its scope: the line number makes it so.
                let (call, scope) = if *python {
                    ("from_managed_policy_name", "self")
                } else {
                    ("fromManagedPolicyName", "this")
                };
                Some(format!(
                    "{call}({scope}, {quote}{0}L{tag}{quote}, {quote}{0}{quote})",
                    p.name
                ))
            }
        })
        .collect()
}

/// A policy's join elements: its account, then `policy` and its path and name.
fn join_elements(quote: char, split: Option<&str>, account: &str, path_and_name: &str) -> String {
    match split {
        Some(separator) => {
            format!("{quote}{account}{quote}{separator}{quote}policy{path_and_name}{quote}")
        }
        None => format!("{quote}:iam::{account}:policy{path_and_name}{quote}"),
    }
}

fn cdk_managed(m: ManagedPolicy, python: bool, quote: char) -> String {
    let name = format!("{}{}", &m.facts().path[1..], m.name());
    if python {
        format!("from_aws_managed_policy_name({quote}{name}{quote})")
    } else {
        format!("fromAwsManagedPolicyName({quote}{name}{quote})")
    }
}

/// Whether a line is a comment in any of the languages read.
fn is_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with('#') || t.starts_with("//") || t.starts_with("/*") || t.starts_with('*')
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Where a trailing comment starts (` #` or ` //` outside quotes), if the line has one.
fn comment_start(line: &str) -> Option<usize> {
    outside_quotes(line)
        .find(|&(at, c)| {
            let rest = &line[at + c.len_utf8()..];
            let opens = c == '#' || c == '/' && (rest.starts_with('/') || rest.starts_with('*'));
            opens && at > 0 && line[..at].ends_with(' ')
        })
        .map(|(at, _)| at)
}

/// The characters of a line outside its quoted strings (`'`, `"`, `` ` ``), the quotes left
/// out, with their byte offsets.
fn outside_quotes(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let mut quote: Option<char> = None;
    line.char_indices().filter(move |&(_, c)| match quote {
        Some(q) => {
            if c == q {
                quote = None;
            }
            false
        }
        None if matches!(c, '"' | '\'' | '`') => {
            quote = Some(c);
            false
        }
        None => true,
    })
}

/// For each line, whether it starts inside a `/* ... */` comment opened on a line before. An
/// opening `/*` counts at the start of a line or after a space, outside quotes: `bucket/*` in
/// an ARN opens nothing.
fn in_block_comment(lines: &[&str]) -> Vec<bool> {
    let mut inside = false;
    lines
        .iter()
        .map(|line| {
            let starts_inside = inside;
            let mut quote: Option<char> = None;
            let mut prev = ' ';
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                let next = chars.peek().copied();
                if inside {
                    if c == '*' && next == Some('/') {
                        inside = false;
                        chars.next();
                        prev = '/';
                        continue;
                    }
                } else {
                    match (quote, c) {
                        (Some(q), c) if c == q => quote = None,
                        (Some(_), _) => {}
                        (None, '"' | '\'' | '`') => quote = Some(c),
                        (None, '/') if next == Some('*') && prev.is_whitespace() => {
                            inside = true;
                            chars.next();
                        }
                        _ => {}
                    }
                }
                prev = c;
            }
            starts_inside
        })
        .collect()
}

/// Whether a line chooses between values (`!If`, `Fn::If`, `a ? b : c`, Python's `a if c
/// else b`): copying it for each policy would change what it chooses.
fn conditional(code: &str) -> bool {
    if code.contains("!If")
        || code.contains("Fn::If")
        || code.contains(" if ") && code.contains(" else ")
    {
        return true;
    }
    outside_quotes(code).any(|(_, c)| c == '?')
}

/// Whether a list item already names `policy`: its name as the last part of an ARN or a
/// quoted name, whatever the quoting or form around it.
fn names_policy(item: &str, policy: &str) -> bool {
    item.match_indices(policy).any(|(at, _)| {
        let before = item[..at].chars().next_back();
        let after = item[at + policy.len()..].chars().next();
        matches!(before, Some('/' | '\'' | '"' | '`'))
            && !after.is_some_and(|c| {
                c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '=' | '.' | '@')
            })
    })
}

/// A line without its trailing comment and the spaces before it; the comment, spaces kept.
fn split_comment(line: &str) -> (&str, &str) {
    match comment_start(line) {
        Some(at) => {
            let code = line[..at].trim_end();
            (code, &line[code.len()..])
        }
        None => (line, ""),
    }
}

/// How a list holds its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    /// YAML's `- item`, one a line.
    Yaml,
    /// `[` ... `]`, one item a line, separated by commas.
    Bracket,
}

/// The key that owns the list the line `at` is an item of, and how the list is written; `None`
/// when the line is no item of a multi-line list.
fn owner(lines: &[&str], at: usize) -> Option<(String, ListKind, usize)> {
    let line = lines[at];
    let code = split_comment(line).0;
    let key_of = |text: &str| {
        let key = text
            .trim()
            .trim_end_matches([':', '=', '[', ' '])
            .trim_end_matches([':', '=', ' ']);
        // Compact JSON: `"Properties": {"ManagedPolicyArns"`.
        key.rsplit(['{', ','])
            .next()
            .unwrap_or(key)
            .trim_matches(['"', '\'', ' '])
            .to_ascii_lowercase()
    };
    if code.trim_start().starts_with("- ") {
        if !balanced(code) {
            return None;
        }
        let width = indent(line);
        for (k, above) in lines[..at].iter().enumerate().rev() {
            let above_code = split_comment(above).0;
            if above_code.trim().is_empty() || is_comment(above) {
                continue;
            }
            let w = indent(above);
            if w == width && above_code.trim_start().starts_with("- ") {
                continue;
            }
            if w <= width && above_code.trim_end().ends_with(':') {
                return Some((key_of(above_code), ListKind::Yaml, k));
            }
            return None;
        }
        return None;
    }
    if !balanced(code) || (code.contains('[') || code.contains(']')) && !whole_item(code) {
        return None;
    }
    // Up to the line that opens the list: brackets balance over the lines between. An object
    // or a call opened first means the line is part of an item written over several lines.
    let mut depth = 0i32;
    for (k, above) in lines[..at].iter().enumerate().rev() {
        let above_code = split_comment(above).0;
        if is_comment(above) {
            continue;
        }
        for c in above_code.chars().rev() {
            match c {
                ']' | '}' | ')' => depth += 1,
                '[' if depth == 0 => {
                    let opened = above_code.trim_end();
                    if !opened.ends_with('[') {
                        return None;
                    }
                    return Some((key_of(&opened[..opened.len() - 1]), ListKind::Bracket, k));
                }
                '{' | '(' if depth == 0 => return None,
                '[' | '{' | '(' => depth -= 1,
                _ => {}
            }
        }
    }
    None
}

/// The CDK calls that attach one managed policy to a role, TypeScript and Python.
const ATTACH_CALLS: [&str; 2] = ["addManagedPolicy(", "add_managed_policy("];

/// Whether a line (its comment cut) is one whole CDK statement attaching one managed policy:
/// `role.addManagedPolicy(...);` or `self.role.add_managed_policy(...)`, the call closed at the
/// line's end.
fn attach_call(statement: &str) -> bool {
    let code = statement.trim();
    let Some((receiver, open)) = ATTACH_CALLS
        .iter()
        .find_map(|c| code.find(c).map(|at| (&code[..at], at + c.len() - 1)))
    else {
        return false;
    };
    let receiver_ok = receiver.strip_suffix('.').is_some_and(|r| {
        !r.is_empty()
            && r.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'))
    });
    let body = code.strip_suffix(';').unwrap_or(code);
    let mut depth = 0_i32;
    for (at, c) in body.char_indices().skip_while(|&(at, _)| at < open) {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return receiver_ok && at == body.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// A CDK `fromManagedPolicyArn(scope, 'Id', arn)` names a construct, and ids are unique in
/// their scope: each policy's copy gets the old id followed by the policy's name. `None` when
/// the id is not a plain string literal (a variable, a template, a keyword argument), which
/// the copies would share.
fn with_own_id(item: &str, policy: &str) -> Option<String> {
    let Some((at, call)) = ["fromManagedPolicyArn(", "from_managed_policy_arn("]
        .iter()
        .find_map(|c| item.find(c).map(|at| (at, c)))
    else {
        return Some(item.to_owned());
    };
    let args = at + call.len();
    let after = args + item[args..].find(',')? + 1;
    let id = item[after..].trim_start();
    let quote @ ('\'' | '"') = id.chars().next()? else {
        return None;
    };
    let id_start = after + (item[after..].len() - id.len()) + 1;
    let end = id_start + item[id_start..].find(quote)?;
    // A closing quote must end the argument: `'a' + b` or `"{x}".format()` is an expression.
    if !item[end + 1..].trim_start().starts_with(',') || item[id_start..end].contains(['$', '{']) {
        return None;
    }
    Some(format!("{}{policy}{}", &item[..end], &item[end..]))
}

/// Whether every bracket a line opens it also closes, in order: an item that goes on over the
/// next lines cannot be copied line by line.
fn balanced(code: &str) -> bool {
    let mut open = Vec::new();
    for c in code.chars() {
        match c {
            '[' | '{' | '(' => open.push(c),
            ']' | '}' | ')' => {
                let opener = match c {
                    ']' => '[',
                    '}' => '{',
                    _ => '(',
                };
                if open.pop() != Some(opener) {
                    return false;
                }
            }
            _ => {}
        }
    }
    open.is_empty()
}

/// Whether a line is one whole item that has brackets of its own: a JSON object
/// (`{ "Fn::Join": [...] }`) or a call (`join("", [...])`), every bracket closed on the line.
/// A list written on one line (`key: [...]`) is not.
fn whole_item(code: &str) -> bool {
    let item = code.trim().trim_end_matches(',').trim_end();
    let call = item.split_once('(').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'))
    });
    let object = item.starts_with('{') && item.ends_with('}');
    if !(object || call && item.ends_with(')')) {
        return false;
    }
    balanced(item)
}

/// An item line's parts: its lead (indentation and YAML's marker), the item, whether a comma
/// follows it, and its trailing comment.
fn item_parts(line: &str, kind: ListKind) -> (&str, &str, bool, &str) {
    let (code, comment) = split_comment(line);
    let lead_len = indent(code)
        + if kind == ListKind::Yaml {
            2 + code.trim_start()[2..].len() - code.trim_start()[2..].trim_start().len()
        } else {
            0
        };
    let (lead, rest) = code.split_at(lead_len.min(code.len()));
    let rest = rest.trim_end();
    match rest.strip_suffix(',') {
        Some(item) => (lead, item, true, comment),
        None => (lead, rest, false, comment),
    }
}

/// The other items of the list the line `at` is an item of, as written: for a bracketed list,
/// every line up to its closing bracket, however indented; for YAML, the items at the line's
/// indentation.
fn siblings(lines: &[&str], at: usize, kind: ListKind, open: usize) -> Vec<String> {
    if kind == ListKind::Bracket {
        let mut depth = 0_i32;
        let mut items = Vec::new();
        for (k, line) in lines.iter().enumerate().skip(open + 1) {
            if is_comment(line) {
                continue;
            }
            let code = split_comment(line).0;
            for c in code.chars() {
                match c {
                    '[' | '{' | '(' => depth += 1,
                    ']' | '}' | ')' => depth -= 1,
                    _ => {}
                }
            }
            if k != at && !code.trim().is_empty() {
                items.push(item_parts(line, kind).1.trim().to_owned());
            }
            if depth < 0 {
                break;
            }
        }
        return items;
    }
    // Blank lines and comments may stand between a list's items.
    let same = |l: &&&str| l.trim().is_empty() || is_comment(l) || indent(l) == indent(lines[at]);
    let before = lines[..at].iter().rev().take_while(same);
    let after = lines[at + 1..].iter().take_while(same);
    before
        .chain(after)
        .filter(|l| !l.trim().is_empty() && !is_comment(l))
        .filter(|l| kind == ListKind::Bracket || split_comment(l).0.trim_start().starts_with("- "))
        .map(|l| item_parts(l, kind).1.trim().to_owned())
        .collect()
}

/// Rewrites a source against the plan.
pub fn rewrite(plan: &Plan, source: &str) -> Result<Rewrite, RewriteError> {
    if source.len() > MAX_SOURCE_BYTES {
        return Err(RewriteError::TooLong(source.len()));
    }
    if source.trim().is_empty() {
        return Err(RewriteError::Empty);
    }
    if !source.contains(NAME) {
        return Err(RewriteError::NoReference);
    }
    if !matches!(plan.policies_to_add, Part::Ready(_)) {
        return Err(RewriteError::PlanIncomplete);
    }
    let account = plan
        .policies
        .iter()
        .find_map(|p| match (&p.policy, &p.arn) {
            (PolicyRef::Custom(_), Part::Ready(arn)) => arn.split(':').nth(4).map(str::to_owned),
            _ => None,
        });
    // Lines split on `\n` only, so a `\r` stays with its line and comes back as it was.
    let final_newline = source.ends_with('\n');
    let body = source.strip_suffix('\n').unwrap_or(source);
    let all: Vec<&str> = body.split('\n').collect();
    // Looking around a line, the lines inside a /* */ comment read as comments.
    let in_block = in_block_comment(&all);
    let scan: Vec<&str> = all
        .iter()
        .zip(&in_block)
        .map(|(l, &inside)| if inside { "//" } else { *l })
        .collect();
    // The items written so far into each list (by the line that opens it).
    let mut written: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    let mut lines: Vec<(String, Vec<String>)> = Vec::with_capacity(all.len());
    let mut findings = Vec::new();
    let mut rewritten = 0;
    let by_hand = |why: &str| {
        format!(
            "{why}: left as it is; replace it by hand with {}",
            plan_list(plan)
        )
    };
    for (i, line) in all.iter().enumerate() {
        let line_no = i + 1;
        let keep = |lines: &mut Vec<(String, Vec<String>)>| {
            lines.push(((*line).to_owned(), vec![(*line).to_owned()]))
        };
        if !line.contains(NAME) {
            keep(&mut lines);
            continue;
        }
        let code = line.trim_end_matches('\r');
        let mut finding = |message: String| {
            findings.push(Finding {
                line: line_no,
                message,
            })
        };
        if is_comment(code) || in_block[i] {
            finding("a comment names the old policy; left as it is".to_owned());
            keep(&mut lines);
            continue;
        }
        let Some(r) = reference(code) else {
            finding(by_hand(
                "names AmazonEC2RoleforSSM in a form the rewrite cannot place (a name alone, a join, a variable)",
            ));
            keep(&mut lines);
            continue;
        };
        if code[r.end..].contains(NAME) || code[..r.start].contains(NAME) {
            finding("names the old policy twice on one line: rewrite it by hand".to_owned());
            keep(&mut lines);
            continue;
        }
        let pathless = !matches!(r.form, Form::CdkName { .. })
            && !code[r.start..r.end].contains(LEGACY_POLICY.facts().path)
            || matches!(r.form, Form::CdkName { .. })
                && !code[r.start..r.end]
                    .contains(&format!("{}{NAME}", &LEGACY_POLICY.facts().path[1..]));
        if pathless {
            finding(
                "this reference lacked the service-role/ path, so it named no policy at all"
                    .to_owned(),
            );
        }
        let (statement, _) = split_comment(code);
        if conditional(statement) {
            finding(by_hand(
                "a condition chooses between values here, so copying it for each policy would change what it chooses",
            ));
            keep(&mut lines);
            continue;
        }
        // Where the copies go: a list's item (its kind and the line that opens it), or, for
        // one whole CDK statement attaching the old policy, the statement itself.
        let list = match owner(&scan, i) {
            None if attach_call(statement) => None,
            None => {
                finding(by_hand(
                    "one value, an item written over several lines, or a list written on one line, where the plan has several policies",
                ));
                keep(&mut lines);
                continue;
            }
            Some((key, _, _)) if !ATTACHMENT_KEYS.contains(&key.as_str()) => {
                finding(by_hand(&format!(
                    "in '{key}', which is not a list of attached managed policies (a policy document or a call, perhaps), so rewriting it could change its meaning"
                )));
                keep(&mut lines);
                continue;
            }
            Some((_, kind, open)) => Some((kind, open)),
        };
        let Some(names) = names_in(plan, &r.form, account.as_deref(), line_no) else {
            finding("the plan's customer managed policies need the account id to be written here: enter it, or rewrite this by hand".to_owned());
            keep(&mut lines);
            continue;
        };
        let (lead, item, comma, comment) = match list {
            Some((kind, _)) => item_parts(code, kind),
            None => ("", statement, false, &code[statement.len()..]),
        };
        let cr = if line.ends_with('\r') { "\r" } else { "" };
        // The reference must be the item's, not in its trailing comment.
        if r.start < lead.len() || r.end > lead.len() + item.len() {
            finding("a comment names the old policy; left as it is".to_owned());
            keep(&mut lines);
            continue;
        }
        // A list written comma first, or a YAML anchor or alias, cannot be copied an item a
        // line.
        if item.trim_start().starts_with(',')
            || matches!(list, Some((ListKind::Yaml, _)))
                && item.trim_start().starts_with(['&', '*'])
        {
            finding(by_hand(
                "an item written comma first, or a YAML anchor or alias, which copies of it would break",
            ));
            keep(&mut lines);
            continue;
        }
        let (start, end) = (r.start - lead.len(), r.end - lead.len());
        let copies: Option<Vec<(String, &str)>> = names
            .iter()
            .zip(&plan.policies)
            .map(|(n, p)| {
                let new = format!("{}{n}{}", &item[..start], &item[end..]);
                with_own_id(&new, &p.name).map(|new| (new, p.name.as_str()))
            })
            .collect();
        let Some(copies) = copies else {
            finding(by_hand(SHARED_ID));
            keep(&mut lines);
            continue;
        };
        let (kind, copies) = match list {
            None => (None, copies.into_iter().map(|(new, _)| new).collect()),
            Some((kind, open)) => {
                // A policy the list already has is not added twice.
                let mut present = siblings(&scan, i, kind, open);
                present.extend(written.get(&open).into_iter().flatten().cloned());
                let copies: Vec<String> = copies
                    .into_iter()
                    .filter(|(new, name)| {
                        !present
                            .iter()
                            .any(|p| p == new.trim() || names_policy(p, name))
                    })
                    .map(|(new, _)| new)
                    .collect();
                written
                    .entry(open)
                    .or_default()
                    .extend(copies.iter().cloned());
                // The old item was the list's last and every policy is there already: the
                // item before it is now the last, and JSON allows no comma after it.
                if copies.is_empty() && kind == ListKind::Bracket && !comma {
                    drop_trailing_comma(lines.get_mut(open + 1..).unwrap_or_default());
                }
                (Some(kind), copies)
            }
        };
        let last = copies.len().saturating_sub(1);
        let new_lines: Vec<String> = copies
            .iter()
            .enumerate()
            .map(|(k, new)| {
                let sep = if kind == Some(ListKind::Bracket) && (comma || k < last) {
                    ","
                } else {
                    ""
                };
                let comment = if k == 0 { comment } else { "" };
                format!("{lead}{new}{sep}{comment}{cr}")
            })
            .collect();
        lines.push(((*line).to_owned(), new_lines));
        rewritten += 1;
        if let Some(note) = cdk_scope_note(plan, &r.form) {
            finding(note);
        }
    }
    let mut text = String::with_capacity(source.len() + 256);
    let mut first = true;
    for new in lines.iter().flat_map(|(_, new)| new) {
        if !first {
            text.push('\n');
        }
        text.push_str(new);
        first = false;
    }
    if final_newline {
        text.push('\n');
    }
    Ok(Rewrite {
        text,
        rewritten,
        findings,
        lines,
        final_newline,
    })
}

/// What to check where a CDK reference by name became a customer managed policy's: unlike an
/// AWS managed policy's, its reference is a construct, written with the stack as its scope and
/// an id made unique by the line number.
fn cdk_scope_note(plan: &Plan, form: &Form) -> Option<String> {
    let Form::CdkName { python, .. } = form else {
        return None;
    };
    let custom: Vec<&str> = plan
        .policies
        .iter()
        .filter(|p| matches!(p.policy, PolicyRef::Custom(_)))
        .map(|p| p.name.as_str())
        .collect();
    (!custom.is_empty()).then(|| {
        let scope = if *python { "self" } else { "this" };
        format!(
            "rewritten; {} is named with fromManagedPolicyName({scope}, ...), a construct: check that {scope} is the stack and that this line runs once (in a loop or a helper, give each call its scope and its own id)",
            custom.join(" and ")
        )
    })
}

/// Why a CDK construct cannot be copied for each policy.
const SHARED_ID: &str =
    "a CDK construct whose id is not a plain string, which each policy's copy would share";

/// Removes the comma that ends the last of `lines` written that holds code (not a comment or
/// blank).
fn drop_trailing_comma(lines: &mut [(String, Vec<String>)]) {
    let Some(last) = lines
        .iter_mut()
        .rev()
        .flat_map(|(_, new)| new.iter_mut().rev())
        .find(|l| !l.trim().is_empty() && !is_comment(l))
    else {
        return;
    };
    let cr = if last.ends_with('\r') { "\r" } else { "" };
    let (code, comment) = split_comment(last.trim_end_matches('\r'));
    let trimmed = code.trim_end();
    if let Some(kept) = trimmed.strip_suffix(',') {
        *last = format!("{kept}{}{comment}{cr}", &code[trimmed.len()..]);
    }
}

/// The plan's policies, for messages.
fn plan_list(plan: &Plan) -> String {
    plan.policies
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Rewrite {
    /// A unified diff of the rewrite, three lines of context, `a/` and `b/` named as given.
    /// Made from what each line became, so it is exact and linear in the file's length.
    pub fn diff(&self, name: &str) -> String {
        const CONTEXT: usize = 3;
        // (kind, text, old line number, new line number), one a line of either side.
        let mut ops: Vec<(char, &str, usize, usize)> = Vec::new();
        let (mut old_no, mut new_no) = (0, 0);
        for (old, new) in &self.lines {
            if new.len() == 1 && new[0] == *old {
                old_no += 1;
                new_no += 1;
                ops.push((' ', old, old_no, new_no));
            } else {
                old_no += 1;
                ops.push(('-', old, old_no, new_no));
                for n in new {
                    new_no += 1;
                    ops.push(('+', n, old_no, new_no));
                }
            }
        }
        let (old_total, new_total) = (old_no, new_no);
        // Without a final line break, a line that becomes the last of the new side only (the
        // lines after it removed) loses its line break: it differs, as diff shows it.
        if !self.final_newline
            && let Some(k) = ops
                .iter()
                .position(|o| o.0 == ' ' && o.3 == new_total && o.2 != old_total)
        {
            let (_, text, o, n) = ops[k];
            ops[k] = ('-', text, o, n - 1);
            ops.push(('+', text, old_total, n));
        }
        let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
        if changed.is_empty() {
            return String::new();
        }
        let mut out = format!("--- a/{name}\n+++ b/{name}\n");
        let mut k = 0;
        while k < changed.len() {
            let start = changed[k].saturating_sub(CONTEXT);
            let mut end = changed[k];
            while k + 1 < changed.len() && changed[k + 1] <= end + 2 * CONTEXT + 1 {
                k += 1;
                end = changed[k];
            }
            let end = (end + CONTEXT).min(ops.len() - 1);
            let hunk = &ops[start..=end];
            let old_count = hunk.iter().filter(|o| o.0 != '+').count();
            let new_count = hunk.iter().filter(|o| o.0 != '-').count();
            let old_start = hunk.iter().find(|o| o.0 != '+').map_or(hunk[0].2, |o| o.2);
            let new_start = hunk.iter().find(|o| o.0 != '-').map_or(hunk[0].3, |o| o.3);
            out.push_str(&format!(
                "@@ -{old_start},{old_count} +{new_start},{new_count} @@\n"
            ));
            for (kind, text, o, n) in hunk {
                out.push(*kind);
                out.push_str(text);
                out.push('\n');
                // The last line of a side that ends without a line break says so, as diff does.
                let last_old = *kind != '+' && *o == old_total;
                let last_new = *kind != '-' && *n == new_total;
                if !self.final_newline && (last_old || last_new) {
                    out.push_str("\\ No newline at end of file\n");
                }
            }
            k += 1;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Feature;
    use crate::input::Selection;

    fn plan() -> Plan {
        Plan::from_selection(&Selection {
            features: [Feature::Core, Feature::S3Output].into_iter().collect(),
            account_id: "111122223333".into(),
            bucket: "ssm-out".into(),
            ..Selection::default()
        })
    }

    /// A plan of Core alone: one AWS managed policy, no account needed.
    fn core_only() -> Plan {
        Plan::from_selection(&Selection {
            features: [Feature::Core].into_iter().collect(),
            ..Selection::default()
        })
    }

    /// A source the rewrite leaves as it is, its one reference listed.
    fn assert_left_and_listed(source: &str) {
        let r = rewrite(&plan(), source).expect("read");
        assert_eq!(r.text, source);
        assert_eq!(r.findings.len(), 1, "{source}");
    }

    #[test]
    fn a_yaml_list_item_becomes_the_plan_s_items_partition_aware_stays_so() {
        let src = "      ManagedPolicyArns:\n        - !Sub 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM'\n        - arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy\n";
        let r = rewrite(&plan(), src).expect("rewritten");
        assert_eq!(
            r.text,
            "      ManagedPolicyArns:\n        - !Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore'\n        - !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/SSMInstanceS3OutputAccess'\n        - arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy\n"
        );
        assert!(r.findings.is_empty());
        assert_eq!(r.rewritten, 1);
    }

    #[test]
    fn a_json_array_item_keeps_its_commas() {
        let src = "  \"ManagedPolicyArns\": [\n    \"arn:aws-cn:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n  ]\n";
        let r = rewrite(&plan(), src).expect("rewritten");
        assert_eq!(
            r.text,
            "  \"ManagedPolicyArns\": [\n    \"arn:aws-cn:iam::aws:policy/AmazonSSMManagedInstanceCore\",\n    \"arn:aws-cn:iam::111122223333:policy/SSMInstanceS3OutputAccess\"\n  ]\n"
        );
    }

    #[test]
    fn terraform_and_cdk_forms() {
        // A list on one line is left, and said: its items could be wrapped in anything.
        let tf = "  managed_policy_arns = [\"arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"]\n";
        let r = rewrite(&plan(), tf).expect("read");
        assert_eq!((r.text.as_str(), r.findings.len()), (tf, 1));
        let single =
            "  policy_arn = \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n";
        let r = rewrite(&plan(), single).expect("read");
        assert_eq!(r.text, single, "one value is left as it is");
        assert!(r.findings[0].message.starts_with(
            "one value, an item written over several lines, or a list written on one line"
        ));
        let ts = "      managedPolicies: [\n        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'),\n      ],\n";
        let r = rewrite(&plan(), ts).expect("rewritten");
        assert_eq!(
            r.text,
            "      managedPolicies: [\n        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),\n        iam.ManagedPolicy.fromManagedPolicyName(this, 'SSMInstanceS3OutputAccessL2', 'SSMInstanceS3OutputAccess'),\n      ],\n"
        );
    }

    #[test]
    fn only_lists_of_attached_policies_are_rewritten_and_as_their_lines_are_written() {
        let condition = "            Condition:\n              ArnEquals:\n                iam:PolicyARN:\n                  - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n";
        let r = rewrite(&plan(), condition).expect("read");
        assert_eq!(r.text, condition, "a condition is never turned around");
        assert!(
            r.findings[0]
                .message
                .contains("in 'iam:policyarn', which is not a list of attached managed policies")
        );
        let call = "role.addManagedPolicy(\n  iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'),\n);\n";
        assert_eq!(rewrite(&plan(), call).expect("read").text, call);
        let commented = "managed_policies = [\n    # was arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n    \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"  # old\n]\n";
        let r = rewrite(&plan(), commented).expect("rewritten");
        assert_eq!(
            r.text,
            "managed_policies = [\n    # was arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n    \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\",  # old\n    \"arn:aws:iam::111122223333:policy/SSMInstanceS3OutputAccess\"\n]\n",
            "a comment neither hides a policy nor takes the comma"
        );
        let long = "ManagedPolicyArns:\r\n  - Fn::Sub: 'arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM'\r\n";
        assert_eq!(
            rewrite(&plan(), long).expect("rewritten").text,
            "ManagedPolicyArns:\r\n  - Fn::Sub: 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore'\r\n  - Fn::Sub: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:policy/SSMInstanceS3OutputAccess'\r\n"
        );
    }

    #[test]
    fn a_join_item_becomes_the_same_join_of_each_policy_its_partition_kept() {
        // The account and path in one element, the join's delimiter empty.
        let json = "  \"ManagedPolicyArns\": [\n    { \"Fn::Join\": [\"\", [\"arn:\", { \"Ref\": \"AWS::Partition\" }, \":iam::aws:policy/service-role/AmazonEC2RoleforSSM\"]] }\n  ]\n";
        let r = rewrite(&plan(), json).expect("rewritten");
        assert_eq!(
            r.text,
            "  \"ManagedPolicyArns\": [\n    { \"Fn::Join\": [\"\", [\"arn:\", { \"Ref\": \"AWS::Partition\" }, \":iam::aws:policy/AmazonSSMManagedInstanceCore\"]] },\n    { \"Fn::Join\": [\"\", [\"arn:\", { \"Ref\": \"AWS::Partition\" }, \":iam::111122223333:policy/SSMInstanceS3OutputAccess\"]] }\n  ]\n"
        );
        assert!(r.findings.is_empty());
        // Joined by ':', the account its own element; the separator as written.
        let yaml = "ManagedPolicyArns:\n  - !Join [':', ['arn', !Ref 'AWS::Partition', 'iam', '', 'aws',   'policy/AmazonEC2RoleforSSM']]\n";
        let r = rewrite(&plan(), yaml).expect("rewritten");
        assert_eq!(
            r.text,
            "ManagedPolicyArns:\n  - !Join [':', ['arn', !Ref 'AWS::Partition', 'iam', '', 'aws',   'policy/AmazonSSMManagedInstanceCore']]\n  - !Join [':', ['arn', !Ref 'AWS::Partition', 'iam', '', '111122223333',   'policy/SSMInstanceS3OutputAccess']]\n"
        );
        assert!(
            r.findings[0]
                .message
                .contains("lacked the service-role/ path")
        );
        // A join as one value, or one whose elements are not the policy's account and path, is
        // listed and left.
        for left in [
            "  policy_arn = join(\"\", [\"arn:\", data.aws_partition.current.partition, \":iam::aws:policy/service-role/AmazonEC2RoleforSSM\"])\n",
            "ManagedPolicyArns:\n  - !Join ['', ['arn:', !Ref 'AWS::Partition', ':iam::', !Ref Owner, ':policy/service-role/AmazonEC2RoleforSSM']]\n",
            "ManagedPolicyArns:\n  - !Join ['/', ['arn:aws:iam::aws:policy', 'service-role', 'AmazonEC2RoleforSSM']]\n",
            "managed_policy_arns = [\n  join(\"\", [\"arn:\", local.p, \":iam::aws:policy/service-role/AmazonEC2RoleforSSM\"]), local.other,\n]\n",
        ] {
            assert_left_and_listed(left);
        }
    }

    #[test]
    fn a_cdk_statement_attaching_the_old_policy_becomes_one_a_policy_each_construct_its_own_id() {
        let ts = "    role.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'Legacy', `arn:${Stack.of(this).partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM`)); // old\n";
        let r = rewrite(&plan(), ts).expect("rewritten");
        assert_eq!(
            r.text,
            "    role.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'LegacyAmazonSSMManagedInstanceCore', `arn:${Stack.of(this).partition}:iam::aws:policy/AmazonSSMManagedInstanceCore`)); // old\n    role.addManagedPolicy(iam.ManagedPolicy.fromManagedPolicyArn(this, 'LegacySSMInstanceS3OutputAccess', `arn:${Stack.of(this).partition}:iam::111122223333:policy/SSMInstanceS3OutputAccess`));\n"
        );
        assert!(r.findings.is_empty());
        let py = "        self.role.add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name(\"service-role/AmazonEC2RoleforSSM\"))\n";
        assert_eq!(
            rewrite(&plan(), py).expect("rewritten").text,
            "        self.role.add_managed_policy(iam.ManagedPolicy.from_aws_managed_policy_name(\"AmazonSSMManagedInstanceCore\"))\n        self.role.add_managed_policy(iam.ManagedPolicy.from_managed_policy_name(self, \"SSMInstanceS3OutputAccessL1\", \"SSMInstanceS3OutputAccess\"))\n"
        );
        // In a list, each copy of a construct gets its own id too.
        let list = "  managedPolicies: [\n    iam.ManagedPolicy.fromManagedPolicyArn(this, \"Old\", \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"),\n  ],\n";
        let r = rewrite(&plan(), list).expect("rewritten");
        assert!(r.text.contains("(this, \"OldAmazonSSMManagedInstanceCore\", \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"),\n"));
        assert!(r.text.contains("(this, \"OldSSMInstanceS3OutputAccess\", \"arn:aws:iam::111122223333:policy/SSMInstanceS3OutputAccess\"),\n"));
        // A statement over several lines, a call whose result is kept, or more than the call
        // on the line, is listed and left.
        for left in [
            "role.addManagedPolicy(\n  iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'));\n",
            "const old = iam.ManagedPolicy.fromManagedPolicyArn(this, 'Old', 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM');\n",
            "role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM')); other();\n",
            "if (x) role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'));\n",
        ] {
            assert_left_and_listed(left);
        }
    }

    #[test]
    fn an_item_over_several_lines_a_condition_or_a_shared_construct_id_is_listed_and_left() {
        for left in [
            // Pretty-printed JSON: the reference is a key of an object item.
            "\"ManagedPolicyArns\": [\n  {\n    \"Fn::Sub\": \"arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n  }\n]\n",
            // A call wrapped over several lines.
            "managed_policies=[\n    iam.ManagedPolicy.from_managed_policy_arn(\n        self,\n        \"Legacy\",\n        f\"arn:{Aws.PARTITION}:iam::aws:policy/service-role/AmazonEC2RoleforSSM\",\n    ),\n],\n",
            "managedPolicies: [\n  iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'\n  ),\n]\n",
            "ManagedPolicyArns:\n  - !If [UseNew, 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore', 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM']\n",
            "managedPolicies: [\n  iam.ManagedPolicy.fromManagedPolicyArn(this, id, 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM'),\n]\n",
            "managedPolicies: [\n  iam.ManagedPolicy.fromManagedPolicyArn(this, `Old${i}`, 'arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM'),\n]\n",
            "role.add_managed_policy(iam.ManagedPolicy.from_managed_policy_arn(self, id=\"Old\", managed_policy_arn=\"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"))\n",
            "role.add_managed_policy(iam.ManagedPolicy.from_managed_policy_arn(self, f\"Old{n}\", \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"))\n",
        ] {
            assert_left_and_listed(left);
        }
    }

    #[test]
    fn json_keeps_no_comma_after_its_last_item_and_compact_keys_are_read() {
        let core_only = core_only();
        let src = "{\n  \"ManagedPolicyArns\": [\n    \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\",  \n    \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n  ]\n}\n";
        let r = rewrite(&core_only, src).expect("rewritten");
        assert_eq!(
            r.text,
            "{\n  \"ManagedPolicyArns\": [\n    \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"  \n  ]\n}\n"
        );
        assert!(serde_json::from_str::<serde_json::Value>(&r.text).is_ok());
        let compact = "{\"Properties\": {\"ManagedPolicyArns\": [\n  \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n]}}\n";
        let r = rewrite(&core_only, compact).expect("rewritten");
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert!(
            r.text
                .contains("\"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n")
        );
        // A word with "Join" in it, in a comment or an id, is no join.
        let yaml = "ManagedPolicyArns:\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM  # until DomainJoin moves\n";
        let r = rewrite(&core_only, yaml).expect("rewritten");
        assert_eq!(
            r.text,
            "ManagedPolicyArns:\n  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore  # until DomainJoin moves\n"
        );
    }

    #[test]
    fn each_policy_is_listed_once_whatever_else_the_list_holds() {
        // The old policy twice: the second copy goes, and with it the comma JSON cannot end on.
        let twice = "\"ManagedPolicyArns\": [\n  \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\",\n  \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n]\n";
        assert_eq!(
            rewrite(&plan(), twice).expect("rewritten").text,
            "\"ManagedPolicyArns\": [\n  \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\",\n  \"arn:aws:iam::111122223333:policy/SSMInstanceS3OutputAccess\"\n]\n"
        );
        // A blank line between items, another quoting, another form: still the same policy.
        for src in [
            "ManagedPolicyArns:\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n\n  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n",
            "ManagedPolicyArns:\n  - \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n",
            "ManagedPolicyArns:\n  - !Sub 'arn:${AWS::Partition}:iam::aws:policy/AmazonSSMManagedInstanceCore'\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n",
        ] {
            let text = rewrite(&plan(), src).expect("rewritten").text;
            assert_eq!(
                text.matches("AmazonSSMManagedInstanceCore").count(),
                1,
                "{text}"
            );
            assert_eq!(
                text.matches("SSMInstanceS3OutputAccess").count(),
                1,
                "{text}"
            );
        }
        // An item commented out in a block comment is not in the list; a line in one is a
        // comment.
        let block = "managed_policy_arns = [\n  \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\",\n  /* not yet:\n  \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\",\n  \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\",\n  */\n]\n";
        let r = rewrite(&plan(), block).expect("rewritten");
        assert!(r.text.starts_with("managed_policy_arns = [\n  \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\",\n  \"arn:aws:iam::111122223333:policy/SSMInstanceS3OutputAccess\",\n  /* not yet:\n"), "{}", r.text);
        assert_eq!(r.findings.iter().map(|f| f.line).collect::<Vec<_>>(), [5]);
        // A trailing block comment stays after the first item, the commas before it.
        let trailing = "managed_policy_arns = [\n  \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\", /* old */\n  \"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy\",\n]\n";
        assert_eq!(
            rewrite(&plan(), trailing).expect("rewritten").text,
            "managed_policy_arns = [\n  \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\", /* old */\n  \"arn:aws:iam::111122223333:policy/SSMInstanceS3OutputAccess\",\n  \"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy\",\n]\n"
        );
        // An S3 ARN's /* opens no comment.
        let s3 = "Resource: arn:aws:s3:::bucket/*\nManagedPolicyArns:\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n";
        assert!(rewrite(&plan(), s3).expect("rewritten").findings.is_empty());
    }

    #[test]
    fn choices_anchors_comma_first_lists_are_listed_and_a_cdk_construct_s_scope_is_noted() {
        for left in [
            "managed_policy_arns = [\n  var.legacy ? \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\" : \"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy\",\n]\n",
            "managed_policies=[\n    iam.ManagedPolicy.from_aws_managed_policy_name(\"service-role/AmazonEC2RoleforSSM\") if legacy else cw,\n]\n",
            "A:\n  ManagedPolicyArns:\n    - &ssm arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n",
            "managed_policy_arns = [\n    \"arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy\"\n  , \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n]\n",
            "role.addManagedPolicy(legacy ? iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM') : cw);\n",
        ] {
            assert_left_and_listed(left);
        }
        let ts = "managedPolicies: [\n  iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'),\n]\n";
        let r = rewrite(&plan(), ts).expect("rewritten");
        assert_eq!(r.rewritten, 1);
        assert!(r.findings[0].message.starts_with(
            "rewritten; SSMInstanceS3OutputAccess is named with fromManagedPolicyName(this, ...)"
        ));
    }

    #[test]
    fn a_reference_in_an_item_s_comment_is_a_comment() {
        // Found by fuzzing: the reference after an item's `#` made the rewrite slice past it.
        let src = "ManagedPolicyArns:\n -      # iam.ManagedPolicy.from_aws_managed_policy_name(\"service-role/AmazonEC2RoleforSSM\")\n";
        let r = rewrite(&plan(), src).expect("read");
        assert_eq!(r.text, src);
        assert_eq!(r.findings.len(), 1);
    }

    #[test]
    fn what_cannot_be_placed_is_listed_with_its_line_and_left_alone() {
        let src = "# uses AmazonEC2RoleforSSM today\nRoles:\n  - !Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/service-role/AmazonEC2RoleforSSM']]\n";
        let r = rewrite(&plan(), src).expect("read");
        assert_eq!(r.text, src);
        let lines: Vec<usize> = r.findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [1, 3]);
        assert_eq!(
            rewrite(&plan(), "Resources: {}"),
            Err(RewriteError::NoReference)
        );
    }

    #[test]
    fn a_line_left_last_by_the_rewrite_in_a_file_without_a_final_line_break_is_a_change() {
        let core_only = core_only();
        let src = "ManagedPolicyArns:\n  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM";
        let r = rewrite(&core_only, src).expect("rewritten");
        assert_eq!(
            r.text,
            "ManagedPolicyArns:\n  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
        );
        // As diff -u writes it.
        assert_eq!(
            r.diff("t"),
            "--- a/t\n+++ b/t\n@@ -1,3 +1,2 @@\n ManagedPolicyArns:\n-  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n-  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n\\ No newline at end of file\n+  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n\\ No newline at end of file\n"
        );
    }

    #[test]
    fn the_diff_is_exact_and_says_when_a_file_ends_without_a_line_break() {
        let src = "a: 1\nManagedPolicyArns:\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\nc: 2";
        let r = rewrite(&plan(), src).expect("rewritten");
        assert_eq!(
            r.diff("t.yaml"),
            "--- a/t.yaml\n+++ b/t.yaml\n@@ -1,4 +1,5 @@\n a: 1\n ManagedPolicyArns:\n-  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n+  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n+  - arn:aws:iam::111122223333:policy/SSMInstanceS3OutputAccess\n c: 2\n\\ No newline at end of file\n"
        );
    }
}
