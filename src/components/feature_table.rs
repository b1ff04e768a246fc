//! The feature table: which policy grants what each feature needs, the deprecated policy's
//! coverage included, with the ticked features' columns highlighted.
//!
//! Every cell is derived from each feature's facts and [`Feature::legacy_coverage`], which is
//! computed from the policy documents; the table only decides how a cell looks.

use std::collections::BTreeSet;

use yew::prelude::*;

use crate::catalog::{Coverage, Feature, LEGACY_POLICY, ManagedPolicy, Need, dhmc};
use crate::components::and_list;
use crate::input::VssChoice;

/// A row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// An AWS managed policy that some feature needs.
    Managed(ManagedPolicy),
    /// The VSS permissions: the managed policy or the custom one.
    Vss,
    /// The customer managed S3 output policy.
    CustomS3Output,
    /// The deprecated policy, with its coverage.
    Legacy,
}

/// The rows in catalog order: the managed policies, the VSS choice where its managed policy
/// stands, the custom S3 policy, and the deprecated policy last.
fn rows() -> Vec<Row> {
    let mut rows: Vec<Row> = ManagedPolicy::ALL
        .into_iter()
        .filter(|m| *m != LEGACY_POLICY && *m != dhmc::POLICY)
        .map(|m| {
            if m == ManagedPolicy::Ec2VssSnapshotPolicy {
                Row::Vss
            } else {
                Row::Managed(m)
            }
        })
        .collect();
    rows.extend([Row::CustomS3Output, Row::Legacy]);
    rows
}

/// What one cell says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cell {
    /// The row's policy is what the feature needs.
    Needed,
    /// The core policy, which every feature implies.
    Implied,
    /// Nothing.
    Empty,
    /// The deprecated policy's coverage.
    Legacy(Coverage),
}

fn cell(row: Row, feature: Feature) -> Cell {
    match (row, feature.facts().need) {
        (Row::Legacy, _) => Cell::Legacy(feature.legacy_coverage()),
        (Row::Managed(m), Need::Managed(n)) if m == n => Cell::Needed,
        (Row::Vss, Need::Vss) | (Row::CustomS3Output, Need::CustomS3Output) => Cell::Needed,
        (Row::Managed(ManagedPolicy::SsmManagedInstanceCore), _) => Cell::Implied,
        _ => Cell::Empty,
    }
}

/// Properties of [`FeatureTable`].
#[derive(Properties, PartialEq)]
pub struct FeatureTableProps {
    /// The features the plan covers, the implied core included: their columns are highlighted.
    pub ticked: BTreeSet<Feature>,
    /// The VSS choice, which names the VSS row.
    pub vss: VssChoice,
}

/// The features the deprecated policy covered in part, or more widely than the plan, with
/// what differs: the table's footnotes, numbered from 1 in column order.
fn coverage_notes() -> Vec<(Feature, String)> {
    Feature::ALL
        .into_iter()
        .filter_map(|f| match f.legacy_coverage() {
            Coverage::Partial(missing) => Some((f, format!("lacks {}", and_list(&missing)))),
            Coverage::Wider(actions) => Some((
                f,
                format!(
                    "grants {} on every resource (\"*\"); the plan scopes them to your bucket",
                    and_list(&actions)
                ),
            )),
            Coverage::Full | Coverage::None => None,
        })
        .collect()
}

/// Policies × features.
#[component]
pub fn FeatureTable(props: &FeatureTableProps) -> Html {
    let column = |feature: Feature| props.ticked.contains(&feature).then_some("is-ticked");
    let notes = coverage_notes();
    let note_number = |feature: Feature| {
        notes
            .iter()
            .position(|(f, _)| *f == feature)
            .map_or(0, |i| i + 1)
    };
    html! {
        <>
            <p class="table-note" id="feature-table-note">
                { "What each feature needs on the instance role, and how far the deprecated policy covered it. Columns of ticked features are highlighted." }
            </p>
            <div class="table-scroll" role="region" aria-labelledby="feature-table-note" tabindex="0">
                <table class="feature-table">
                    <caption class="sr-only">{ "Policies by feature" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Policy" }</th>
                            { for Feature::ALL.into_iter().map(|f| html! {
                                <th scope="col" class={classes!(column(f))} data-feature={f.id()}>
                                    { f.facts().label }
                                    if props.ticked.contains(&f) {
                                        <span class="sr-only">{ " (ticked)" }</span>
                                    }
                                </th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for rows().into_iter().map(|row| html! {
                            <tr class={classes!(matches!(row, Row::Legacy).then_some("legacy-row"))}>
                                <th scope="row">{ row_header(row, props.vss) }</th>
                                { for Feature::ALL.into_iter().map(|f| html! {
                                    <td class={classes!(column(f))} data-feature={f.id()}>
                                        { cell_view(cell(row, f), note_number(f)) }
                                    </td>
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <ol class="table-footnotes" aria-label="Where the deprecated policy falls short">
                { for notes.iter().map(|(f, reason)| html! {
                    <li data-feature={f.id()}>
                        <strong>{ f.facts().label }</strong>{ format!(": {} {reason}.", LEGACY_POLICY.name()) }
                    </li>
                }) }
            </ol>
        </>
    }
}

fn row_header(row: Row, vss: VssChoice) -> Html {
    match row {
        Row::Managed(m) => html! {
            <>
                <span class="policy-name">{ m.name() }</span>
                <span class="row-kind">{ "AWS managed" }</span>
            </>
        },
        Row::Vss => {
            let managed = ManagedPolicy::Ec2VssSnapshotPolicy.name();
            let (name, kind) = match vss {
                VssChoice::Managed => (
                    managed.to_owned(),
                    "AWS managed, or a custom VSS policy".to_owned(),
                ),
                VssChoice::Custom => (
                    "Custom VSS policy".to_owned(),
                    format!("customer managed, chosen instead of {managed}"),
                ),
            };
            html! {
                <>
                    <span class="policy-name">{ name }</span>
                    <span class="row-kind">{ kind }</span>
                </>
            }
        }
        Row::CustomS3Output => html! {
            <>
                <span class="policy-name">{ "Custom S3 output policy" }</span>
                <span class="row-kind">{ "customer managed, scoped to your bucket" }</span>
            </>
        },
        Row::Legacy => html! {
            <>
                <span class="policy-name">{ LEGACY_POLICY.name() }</span>
                <span class="row-kind">{ "deprecated, to remove" }</span>
            </>
        },
    }
}

/// A cell's content; `note` numbers the footnote a partial coverage refers to.
fn cell_view(cell: Cell, note: usize) -> Html {
    match cell {
        Cell::Needed => html! {
            <span class="mark mark-needed" data-cell="needed">
                <span aria-hidden="true">{ "✓" }</span>
                <span class="sr-only">{ "needed" }</span>
            </span>
        },
        Cell::Implied => html! {
            <span class="mark mark-implied" data-cell="implied" title="Every feature needs the core policy">
                { "implied" }
            </span>
        },
        Cell::Empty => html! {
            <span class="mark mark-empty" data-cell="empty">
                <span aria-hidden="true">{ "–" }</span>
                <span class="sr-only">{ "not needed" }</span>
            </span>
        },
        Cell::Legacy(Coverage::Full) => html! {
            <span class="mark mark-full" data-cell="full">{ "full" }</span>
        },
        Cell::Legacy(Coverage::Partial(_)) => html! {
            <span class="mark mark-partial" data-cell="partial">
                { "partial" }<sup class="note-ref">{ note }</sup>
            </span>
        },
        Cell::Legacy(Coverage::Wider(_)) => html! {
            <span class="mark mark-full" data-cell="wider">
                { "full" }<sup class="note-ref">{ note }</sup>
            </span>
        },
        Cell::Legacy(Coverage::None) => html! {
            <span class="mark mark-none" data-cell="none">{ "none" }</span>
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_exactly_one_policy_row_that_it_needs() {
        for f in Feature::ALL {
            let needed = rows()
                .into_iter()
                .filter(|r| cell(*r, f) == Cell::Needed)
                .count();
            assert_eq!(needed, 1, "{f}");
        }
    }

    #[test]
    fn rows_end_with_the_deprecated_policy_and_list_no_managed_policy_twice() {
        let rows = rows();
        assert_eq!(rows.last(), Some(&Row::Legacy));
        assert_eq!(rows.len(), ManagedPolicy::ALL.len());
        assert!(!rows.contains(&Row::Managed(ManagedPolicy::Ec2VssSnapshotPolicy)));
    }
}
