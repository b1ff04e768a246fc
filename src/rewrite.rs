//! Templates that still name the old policy: a CloudFormation template (YAML or JSON), a
//! Terraform file or CDK source (TypeScript or Python), read line by line. Every reference to
//! the old policy is rewritten to the plan's set of policies in the same form (a literal ARN
//! stays literal in its partition, a partition-aware one stays partition-aware), and
//! everything else is left byte for byte. A reference that cannot be rewritten safely (one
//! value where a list is needed, an ARN built by a join, a mention the reader cannot place)
//! is listed with its line number, never skipped.

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
    /// The original text, for the diff.
    original: String,
}

/// How a reference names the old policy, so the new ones are named the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    /// A literal ARN in a partition (`arn:aws-cn:iam::aws:policy/...`).
    Literal(String),
    /// A partition written by an expression: `${AWS::Partition}` (CloudFormation `Sub`) or a
    /// Terraform interpolation such as `${data.aws_partition.current.partition}`.
    Partition(String),
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

/// Finds the reference on a line, if it is one the rewrite understands.
fn reference(line: &str) -> Option<Reference> {
    let at = line.find(NAME)?;
    let end = at + NAME.len();
    // CDK by name: fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM').
    for (call, python) in [
        ("fromAwsManagedPolicyName(", false),
        ("from_aws_managed_policy_name(", true),
    ] {
        if let Some(c) = line[..at].rfind(call) {
            let arg = &line[c + call.len()..];
            let quote = arg.chars().next().filter(|q| *q == '\'' || *q == '"')?;
            let close = end + quote.len_utf8();
            if line.get(end..close) == Some(&quote.to_string()) && line[close..].starts_with(')') {
                return Some(Reference {
                    start: c,
                    end: close + 1,
                    form: Form::CdkName { python, quote },
                });
            }
            return None;
        }
    }
    // An ARN: arn:<partition or ${expr}>:iam::aws:policy/[service-role/]AmazonEC2RoleforSSM.
    let start = line[..at].rfind("arn:")?;
    let between = &line[start + 4..at];
    let (partition, rest) = if let Some(expr) = between.strip_prefix("${") {
        let close = expr.find('}')?;
        (
            Form::Partition(format!("${{{}}}", &expr[..close])),
            &expr[close + 1..],
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

/// The plan's policies named in a reference's form.
fn names_in(plan: &Plan, form: &Form, account: Option<&str>) -> Option<Vec<String>> {
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
            (PolicyRef::Custom(_), Form::Literal(partition)) => {
                account.map(|a| format!("arn:{partition}:iam::{a}:policy/{}", p.name))
            }
            (PolicyRef::Custom(_), Form::Partition(expr)) if expr == "${AWS::Partition}" => Some(
                format!("arn:{expr}:iam::${{AWS::AccountId}}:policy/{}", p.name),
            ),
            (PolicyRef::Custom(_), Form::Partition(expr)) => {
                account.map(|a| format!("arn:{expr}:iam::{a}:policy/{}", p.name))
            }
            (PolicyRef::Custom(_), Form::CdkName { python, quote }) => Some(if *python {
                format!(
                    "from_managed_policy_name(self, {quote}{0}{quote}, {quote}{0}{quote})",
                    p.name
                )
            } else {
                format!(
                    "fromManagedPolicyName(this, {quote}{0}{quote}, {quote}{0}{quote})",
                    p.name
                )
            }),
        })
        .collect()
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
    let mut out = String::with_capacity(source.len() + 256);
    let mut findings = Vec::new();
    let mut rewritten = 0;
    let all: Vec<&str> = source.lines().collect();
    for (i, raw) in source.split_inclusive('\n').enumerate() {
        let line_no = i + 1;
        let (line, eol) = match raw.strip_suffix("\r\n") {
            Some(l) => (l, "\r\n"),
            None => raw.strip_suffix('\n').map_or((raw, ""), |l| (l, "\n")),
        };
        if !line.contains(NAME) {
            out.push_str(raw);
            continue;
        }
        if is_comment(line) {
            findings.push(Finding {
                line: line_no,
                message: "a comment names the old policy; left as it is".to_owned(),
            });
            out.push_str(raw);
            continue;
        }
        let Some(r) = reference(line) else {
            findings.push(Finding {
                line: line_no,
                message: format!(
                    "names {NAME} in a form the rewrite cannot place (a name alone, a join, a variable): replace it by hand with {}",
                    plan_list(plan)
                ),
            });
            out.push_str(raw);
            continue;
        };
        if line[r.end..].contains(NAME) {
            findings.push(Finding {
                line: line_no,
                message: "names the old policy twice on one line: rewrite it by hand".to_owned(),
            });
            out.push_str(raw);
            continue;
        }
        let Some(names) = names_in(plan, &r.form, account.as_deref()).map(|names| {
            // A policy of the plan the list already has is not added twice.
            let siblings = list_block(&all, i);
            let have = |planned: &str| {
                siblings
                    .iter()
                    .chain(std::iter::once(&line))
                    .any(|l| l.contains(policy_name_of(planned)) && !l.contains(NAME))
            };
            let kept: Vec<String> = names.iter().filter(|n| !have(n)).cloned().collect();
            if kept.is_empty() { names } else { kept }
        }) else {
            findings.push(Finding {
                line: line_no,
                message: "the plan's customer managed policies need the account id to be written here: enter it, or rewrite this by hand".to_owned(),
            });
            out.push_str(raw);
            continue;
        };
        let before = &line[..r.start];
        let after = &line[r.end..];
        match shape(before, after) {
            Shape::Item { comma } => {
                let last = names.len() - 1;
                for (k, name) in names.iter().enumerate() {
                    out.push_str(before);
                    out.push_str(name);
                    // Items before the last need the separator the list uses.
                    if k < last && comma == Comma::None && separated(before) {
                        out.push_str(after.trim_end());
                        out.push(',');
                        out.push_str(&after[after.trim_end().len()..]);
                    } else {
                        out.push_str(after);
                    }
                    out.push_str(if eol.is_empty() && k < last {
                        "\n"
                    } else {
                        eol
                    });
                }
                rewritten += 1;
            }
            Shape::Flow { quote } => {
                let joined = names
                    .iter()
                    .enumerate()
                    .map(|(k, n)| {
                        if k == 0 {
                            n.clone()
                        } else {
                            format!("{quote}, {quote}{n}")
                        }
                    })
                    .collect::<String>();
                out.push_str(before);
                out.push_str(&joined);
                out.push_str(after);
                out.push_str(eol);
                rewritten += 1;
            }
            Shape::Single => {
                findings.push(Finding {
                    line: line_no,
                    message: format!(
                        "one value where the plan has {}: put {} in its place (one attachment each), then remove this one",
                        names.len(),
                        plan_list(plan)
                    ),
                });
                out.push_str(raw);
            }
        }
        if r_is_pathless(line, &r) {
            findings.push(Finding {
                line: line_no,
                message: "this ARN lacked the /service-role/ path, so it named no policy at all"
                    .to_owned(),
            });
        }
    }
    Ok(Rewrite {
        text: out,
        rewritten,
        findings,
        original: source.to_owned(),
    })
}

fn r_is_pathless(line: &str, r: &Reference) -> bool {
    !matches!(r.form, Form::CdkName { .. })
        && !line[r.start..r.end].contains(LEGACY_POLICY.facts().path)
}

/// The policy name a planned reference ends with (`.../Name`, `'Name')`, `'Name', 'Name')`).
fn policy_name_of(planned: &str) -> &str {
    let trimmed = planned.trim_end_matches([')', '\'', '"']);
    let start = trimmed.rfind(['/', '\'', '"', ' ']).map_or(0, |k| k + 1);
    &trimmed[start..]
}

/// The other lines of the list the line `at` stands in: its neighbours with the same
/// indentation, up to the first line that has another.
fn list_block<'a>(lines: &[&'a str], at: usize) -> Vec<&'a str> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(line) = lines.get(at) else {
        return Vec::new();
    };
    let width = indent(line);
    let same = |l: &&&str| !l.trim().is_empty() && indent(l) == width;
    let before = lines[..at].iter().rev().take_while(same);
    let after = lines[at + 1..].iter().take_while(same);
    before.chain(after).copied().collect()
}

/// The plan's policies, for messages.
fn plan_list(plan: &Plan) -> String {
    plan.policies
        .iter()
        .map(|p| p.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Comma {
    None,
    Trailing,
}

/// Where on its line a reference stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// The line is one item of a list: the reference and its quotes, a list marker or a
    /// trailing comma, and nothing else.
    Item { comma: Comma },
    /// An item of a list written on one line (`[a, b]`), quoted with this character (or none).
    Flow { quote: &'static str },
    /// One value: it cannot become several.
    Single,
}

/// Whether the line's list separates items with commas (JSON, HCL, TypeScript, Python), not
/// YAML's `- ` markers.
fn separated(before: &str) -> bool {
    !before.trim_start().starts_with("- ")
}

fn shape(before: &str, after: &str) -> Shape {
    let lead = before.trim_start();
    let lead = lead.strip_prefix("- ").unwrap_or(lead);
    let lead = lead.strip_prefix("!Sub ").unwrap_or(lead);
    let lead_ok = lead.chars().all(|c| {
        matches!(c, '"' | '\'' | '`') || c.is_ascii_alphanumeric() || c == '.' || c == '_'
    }) && (lead.is_empty()
        || lead.ends_with(['"', '\''])
        || lead.ends_with('.')
        || lead.chars().all(|c| matches!(c, '"' | '\'')));
    let tail = after.trim_end();
    let tail = tail.split(" #").next().unwrap_or(tail).trim_end();
    let tail = tail.split(" //").next().unwrap_or(tail).trim_end();
    let (tail, comma) = match tail.strip_suffix(',') {
        Some(t) => (t, Comma::Trailing),
        None => (tail, Comma::None),
    };
    let tail_ok = tail.chars().all(|c| matches!(c, '"' | '\'' | '`'));
    let list_item = before.trim_start().starts_with("- ")
        || comma == Comma::Trailing
        || !separated(before)
        || is_in_open_list(before, after);
    if lead_ok && tail_ok && list_item {
        return Shape::Item { comma };
    }
    let quote = match before.chars().last() {
        Some('"') => "\"",
        Some('\'') => "'",
        _ => "",
    };
    if before.contains('[') && after.contains(']') && !before.trim_start().starts_with("- ") {
        return Shape::Flow { quote };
    }
    Shape::Single
}

/// A line alone in a multi-line list with no trailing comma (the last item): the caller's
/// lead and tail checks do the rest.
fn is_in_open_list(before: &str, after: &str) -> bool {
    let lead = before.trim_start();
    (lead.starts_with('"')
        || lead.starts_with('\'')
        || lead.starts_with("iam.")
        || lead.starts_with("ManagedPolicy."))
        && !after.contains(']')
}

impl Rewrite {
    /// A unified diff of the rewrite, three lines of context, `a/` and `b/` named as given.
    pub fn diff(&self, name: &str) -> String {
        unified_diff(&self.original, &self.text, name)
    }
}

/// A unified diff of two texts. The rewrite only replaces lines, so an edit script from a
/// longest common subsequence of lines is exact.
fn unified_diff(old: &str, new: &str, name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    // Common prefix and suffix first: the changed middle is small, so the table stays small.
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut lcs = vec![vec![0usize; bm.len() + 1]; am.len() + 1];
    for i in (0..am.len()).rev() {
        for j in (0..bm.len()).rev() {
            lcs[i][j] = if am[i] == bm[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // (kind, old line index, new line index) for the whole text.
    let mut ops: Vec<(char, usize, usize)> = (0..prefix).map(|k| (' ', k, k)).collect();
    let (mut i, mut j) = (0, 0);
    while i < am.len() || j < bm.len() {
        if i < am.len() && j < bm.len() && am[i] == bm[j] {
            ops.push((' ', prefix + i, prefix + j));
            i += 1;
            j += 1;
        } else if i < am.len() && (j == bm.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removals before additions, as diff prints a changed line.
            ops.push(('-', prefix + i, prefix + j));
            i += 1;
        } else {
            ops.push(('+', prefix + i, prefix + j));
            j += 1;
        }
    }
    for k in 0..suffix {
        ops.push((' ', a.len() - suffix + k, b.len() - suffix + k));
    }
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| op.0 != ' ')
        .map(|(k, _)| k)
        .collect();
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
        let old_start = hunk[0].1 + usize::from(old_count > 0);
        let new_start = hunk[0].2 + usize::from(new_count > 0);
        out.push_str(&format!(
            "@@ -{old_start},{old_count} +{new_start},{new_count} @@\n"
        ));
        for (kind, oi, nj) in hunk {
            let text = if *kind == '+' { b[*nj] } else { a[*oi] };
            out.push(*kind);
            out.push_str(text);
            out.push('\n');
        }
        k += 1;
    }
    out
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
        let tf = "  managed_policy_arns = [\"arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"]\n";
        let r = rewrite(&plan(), tf).expect("rewritten");
        assert_eq!(
            r.text,
            "  managed_policy_arns = [\"arn:${data.aws_partition.current.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore\", \"arn:${data.aws_partition.current.partition}:iam::111122223333:policy/SSMInstanceS3OutputAccess\"]\n"
        );
        let single =
            "  policy_arn = \"arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\"\n";
        let r = rewrite(&plan(), single).expect("read");
        assert_eq!(r.text, single, "one value is left as it is");
        assert_eq!(r.findings.len(), 1);
        assert!(
            r.findings[0]
                .message
                .starts_with("one value where the plan has 2")
        );
        let ts = "      managedPolicies: [\n        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonEC2RoleforSSM'),\n      ],\n";
        let r = rewrite(&plan(), ts).expect("rewritten");
        assert_eq!(
            r.text,
            "      managedPolicies: [\n        iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'),\n        iam.ManagedPolicy.fromManagedPolicyName(this, 'SSMInstanceS3OutputAccess', 'SSMInstanceS3OutputAccess'),\n      ],\n"
        );
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
    fn the_diff_shows_only_the_rewritten_lines_in_context() {
        let src = "a\nb\n  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\nc\n";
        let r = rewrite(&plan(), src).expect("rewritten");
        assert_eq!(
            r.diff("t.yaml"),
            "--- a/t.yaml\n+++ b/t.yaml\n@@ -1,4 +1,5 @@\n a\n b\n-  - arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM\n+  - arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\n+  - arn:aws:iam::111122223333:policy/SSMInstanceS3OutputAccess\n c\n"
        );
    }
}
