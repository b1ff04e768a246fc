//! The estate report as CSV (what the page offers for download and `ssm-plan` prints) and the
//! words of each cell the page's table shows.

use crate::estate::{BoundaryCheck, Report, RoleRow, Source};

/// The CSV's columns.
pub const COLUMNS: [&str; 10] = [
    "role",
    "managed policies",
    "missing from the plan",
    "fits the quota",
    "instance profiles",
    "permissions boundary",
    "boundary allows the plan",
    "last used",
    "redundant with the plan",
    "way forward",
];

/// A cell as a spreadsheet reads it safely: quoted when it holds a comma, quote or line break,
/// and a text that starts like a formula kept as text.
fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// What a row's boundary check says.
pub fn boundary_words(row: &RoleRow) -> String {
    match &row.boundary {
        BoundaryCheck::NoBoundary => "no boundary".to_owned(),
        BoundaryCheck::Allows => "yes".to_owned(),
        BoundaryCheck::Blocks(actions) => format!("no: {}", actions.join(" ")),
        BoundaryCheck::Depends(actions) => format!(
            "depends on resources or conditions for: {}",
            actions.join(" ")
        ),
        BoundaryCheck::Unknown => "unknown: its document is not in the import".to_owned(),
    }
}

/// What to do about a role that does not fit.
pub fn way_forward(row: &RoleRow, quota: usize) -> String {
    match (row.fits, row.attached, row.missing.as_ref()) {
        (Some(false), Some(count), Some(missing)) => {
            let over = count + missing.len() - quota;
            let mut words = format!(
                "{over} over the quota of {quota} while the old policy is still attached: "
            );
            if row.redundant.len() >= over {
                words.push_str(&format!(
                    "detach {} (the new set grants all they do), or ",
                    row.redundant.join(" ")
                ));
            }
            words.push_str(
                "ask for a higher quota of managed policies per role (Service Quotas, IAM)",
            );
            words
        }
        (Some(true), ..) => String::new(),
        // The import lists its policies, but the plan's are not all known yet.
        (None, Some(_), None) => {
            "unknown until the plan's policies are known: fix the fields in error".to_owned()
        }
        _ => "unknown: the import does not list the role's policies".to_owned(),
    }
}

fn or_unknown<T>(value: Option<T>, f: impl FnOnce(T) -> String) -> String {
    value.map_or_else(|| "unknown".to_owned(), f)
}

/// The cells of one row, in [`COLUMNS`] order.
pub fn cells(row: &RoleRow, quota: usize) -> [String; 10] {
    [
        row.role.name.clone(),
        or_unknown(row.attached, |n| n.to_string()),
        or_unknown(row.missing.as_ref(), |m| m.join(" ")),
        or_unknown(row.fits, |f| if f { "yes" } else { "no" }.to_owned()),
        or_unknown(row.role.instance_profiles.as_ref(), |p| p.join(" ")),
        row.role.boundary.clone().unwrap_or_default(),
        boundary_words(row),
        row.role
            .last_used
            .clone()
            .unwrap_or_else(|| "never, or not in the import".to_owned()),
        row.redundant.join(" "),
        way_forward(row, quota),
    ]
}

/// The notes that go with the table: what to review by hand, and what the import lacked.
pub fn notes(report: &Report) -> Vec<String> {
    let mut notes = Vec::new();
    if report.truncated {
        notes.push("The import is truncated (IsTruncated): export every page, or run the command without --max-items.".to_owned());
    }
    if report.source == Some(Source::EntitiesForPolicy) {
        notes.push("list-entities-for-policy names roles only: their policies, profiles and boundaries are unknown, and without --policy-usage-filter PermissionsPolicy it also lists roles that use the old policy as their boundary.".to_owned());
    }
    if !report.rows.is_empty() && report.updatable().is_empty() {
        notes.push("No role that carries the old policy can be moved as it is (each is over the quota, or its boundary blocks the plan): the role list is not filled from this import.".to_owned());
    }
    for (what, names) in [
        (
            "Roles that use the old policy only as their permissions boundary, for a review by hand",
            &report.boundary_only,
        ),
        (
            "Users that carry the old policy, for a review by hand",
            &report.users,
        ),
        (
            "Groups that carry the old policy, for a review by hand",
            &report.groups,
        ),
    ] {
        if !names.is_empty() {
            notes.push(format!("{what}: {}.", names.join(", ")));
        }
    }
    notes
}

/// The report as CSV: a header, then one line a role.
pub fn csv(report: &Report) -> String {
    let mut out = COLUMNS.map(cell).join(",");
    out.push('\n');
    for row in &report.rows {
        out.push_str(&cells(row, report.quota).map(|c| cell(&c)).join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fit_unknown_says_whether_the_import_or_the_plan_is_why() {
        use crate::estate::{BoundaryCheck, Role, RoleRow};
        let row = |attached| RoleRow {
            role: std::rc::Rc::new(Role::default()),
            attached,
            missing: None,
            fits: None,
            redundant: Vec::new(),
            boundary: BoundaryCheck::NoBoundary,
        };
        assert_eq!(
            way_forward(&row(None), 10),
            "unknown: the import does not list the role's policies"
        );
        assert!(
            way_forward(&row(Some(3)), 10)
                .starts_with("unknown until the plan's policies are known")
        );
    }

    #[test]
    fn a_report_where_no_role_can_move_says_so() {
        use crate::estate::{BoundaryCheck, Role, RoleRow};
        let row = RoleRow {
            role: std::rc::Rc::new(Role {
                name: "full".into(),
                ..Role::default()
            }),
            attached: Some(10),
            missing: Some(vec![
                "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".into(),
            ]),
            fits: Some(false),
            redundant: Vec::new(),
            boundary: BoundaryCheck::NoBoundary,
        };
        let report = Report {
            quota: 10,
            rows: vec![row],
            boundary_only: Vec::new(),
            users: Vec::new(),
            groups: Vec::new(),
            truncated: false,
            source: Some(Source::AuthorizationDetails),
        };
        assert!(
            notes(&report)
                .iter()
                .any(|n| n.starts_with("No role that carries the old policy can be moved"))
        );
        assert!(way_forward(&report.rows[0], 10).starts_with("1 over the quota of 10"));
    }

    #[test]
    fn cells_are_quoted_and_formulas_kept_as_text() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(cell("+role"), "'+role");
    }
}
