//! Import the account: the user pastes or chooses the JSON of `get-account-authorization-
//! details` or `list-entities-for-policy`, and the page reports what the move does to each
//! role. The import stays in this component's memory, never in the address or storage; what
//! it fills in (an empty role list, account id and partition) goes through the form as if
//! typed, so nothing already entered is lost.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::components::{SamePlan, browser};
use crate::crash::{self, Activity};
use crate::estate::{self, Estate, EstateError, Report, RoleRow};
use crate::input::{Field, Selection};
use crate::plan::Plan;
use crate::render::estate::{COLUMNS, cells, csv, notes};
use crate::state::Derived;

/// Properties of [`EstateImport`].
#[derive(Properties, PartialEq)]
pub struct EstateImportProps {
    /// The derived plan the report is made against.
    pub derived: Rc<Derived>,
    /// The selection, to fill only what is empty.
    pub selection: Selection,
    /// Sets a field as if typed.
    pub on_edit: Callback<(Field, String)>,
}

type Parsed = Option<Result<Rc<Estate>, EstateError>>;

/// The rows a large report shows before "Show all": a table of thousands of rows takes the
/// page a while to draw, and the roles that need a look come first.
const FIRST_ROWS: usize = 50;

/// The rows to draw: all, or the first [`FIRST_ROWS`] with the roles that do not fit first.
fn shown_rows(report: &Report, all: bool) -> impl Iterator<Item = &RoleRow> {
    let flagged = report.rows.iter().filter(|r| r.fits == Some(false));
    let rest = report.rows.iter().filter(|r| r.fits != Some(false));
    let limit = if all { usize::MAX } else { FIRST_ROWS };
    flagged.chain(rest).take(limit)
}

/// The import box, the file chooser, its message and the report.
#[component]
pub fn EstateImport(props: &EstateImportProps) -> Html {
    let pasted = use_state(|| Rc::<str>::from(""));
    let reader = use_mut_ref(|| None::<gloo_file::callbacks::FileReader>);
    let file_error = use_state(|| None::<String>);
    // Read again only when the text changes, not when the plan does.
    let parsed: Rc<Parsed> = use_memo(pasted.clone(), |text| {
        (!text.trim().is_empty()).then(|| estate::parse(text).map(Rc::new))
    });

    // A new import fills what is empty: the account and partition from its ARNs, then the
    // roles it can update (against the plan once the account is known).
    {
        let selection = props.selection.clone();
        let on_edit = props.on_edit.clone();
        use_effect_with(parsed.clone(), move |parsed| {
            let parsed = parsed.clone();
            // Once the report is drawn: planning thousands of roles takes the page a moment,
            // and what the import found comes first.
            browser::after(0, move || {
                if let Some(Ok(estate)) = parsed.as_ref() {
                    // The plan as it will be once the account is in, as the command line does it.
                    let mut filled = selection.clone();
                    if selection.account_id.trim().is_empty() {
                        let (account, partition) = estate::account_and_partition(estate);
                        if let Some(p) = partition {
                            filled.partition = p;
                            on_edit.emit((Field::Partition, p.id().to_owned()));
                        }
                        if let Some(a) = account {
                            filled.account_id = a.clone();
                            on_edit.emit((Field::AccountId, a));
                        }
                    }
                    if selection.role_names.trim().is_empty() {
                        let plan = Plan::from_selection(&filled);
                        let report = estate::report(&plan, estate, plan.quota);
                        on_edit.emit((Field::RoleNames, report.updatable().join("\n")));
                    }
                }
            });
        });
    }

    let oninput = {
        let pasted = pasted.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = e.target_dyn_into::<HtmlTextAreaElement>() {
                crash::note(Activity::ImportingEstate);
                pasted.set(Rc::from(area.value()));
            }
        })
    };
    let onchange_file = {
        let pasted = pasted.clone();
        let file_error = file_error.clone();
        let reader = reader.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<HtmlInputElement>() else {
                return;
            };
            crash::note(Activity::ImportingEstate);
            let pasted = pasted.clone();
            let file_error = file_error.clone();
            *reader.borrow_mut() = browser::read_chosen_file(&input, move |read| match read {
                Ok(text) => {
                    file_error.set(None);
                    pasted.set(Rc::from(text));
                }
                Err(why) => file_error.set(Some(format!("the file could not be read: {why}"))),
            });
        })
    };

    // The report changes with the import or the plan only: not on every render.
    let report = use_memo(
        (parsed.clone(), SamePlan(props.derived.clone())),
        |(parsed, plan)| match parsed.as_ref() {
            Some(Ok(estate)) => Some(Rc::new(estate::report(
                &plan.0.plan,
                estate,
                plan.0.plan.quota,
            ))),
            _ => None,
        },
    );
    let report = (*report).clone();
    let error = (*file_error).clone().or_else(|| match parsed.as_ref() {
        Some(Err(e)) => Some(e.to_string()),
        _ => None,
    });
    let invalid = if error.is_some() { "true" } else { "false" };
    let mismatch = match parsed.as_ref() {
        Some(Ok(estate)) => estate::mismatch(
            estate,
            &props.selection.account_id,
            props.selection.partition,
        ),
        _ => None,
    };
    let show_all = use_state(|| false);
    let on_show_all = {
        let show_all = show_all.clone();
        Callback::from(move |_: MouseEvent| show_all.set(true))
    };
    // The CSV is written when asked for, not on every render.
    let download = report.clone().map(|r| {
        Callback::from(move |_: MouseEvent| {
            let _ = browser::download("estate-report.csv", &csv(&r));
        })
    });
    html! {
        <>
            <div class={classes!("field", error.is_some().then_some("is-invalid"))}>
                <label for="field-estate">{ "The account's export" }</label>
                <p class="hint" id="hint-estate">
                    { "Paste, or choose as a file, the JSON output of aws iam get-account-authorization-details (whole, or with --filter Role User Group LocalManagedPolicy AWSManagedPolicy) or of aws iam list-entities-for-policy. It is read here and kept in this page only: never in its address or storage. It fills an empty role list with the roles the scripts can update, and an empty account id and the partition from its ARNs." }
                </p>
                <textarea
                    id="field-estate"
                    name="estate"
                    rows="4"
                    spellcheck="false"
                    autocomplete="off"
                    aria-invalid={invalid}
                    aria-describedby="hint-estate error-estate"
                    {oninput}
                />
                <p class="file-choice">
                    <label for="field-estate-file">{ "Or choose the file: " }</label>
                    <input
                        type="file"
                        id="field-estate-file"
                        name="estate-file"
                        accept=".json,application/json"
                        aria-describedby="hint-estate error-estate"
                        onchange={onchange_file}
                    />
                </p>
                <p class="error" id="error-estate" data-error="estate" aria-live="polite">
                    { error.clone().unwrap_or_default() }
                </p>
            </div>
            if let Some(report) = report {
                <ul class="notices">
                    { for mismatch.iter().map(|m| html! {
                        <li class="notice notice-warning" data-estate-mismatch="">
                            <span class="notice-label">{ "Check" }</span>
                            <span class="notice-text">{ m.clone() }</span>
                        </li>
                    }) }
                    { for notes(&report).into_iter().map(|n| html! {
                        <li class="notice notice-review">
                            <span class="notice-label">{ "Review" }</span>
                            <span class="notice-text">{ n }</span>
                        </li>
                    }) }
                </ul>
                <p class="group-intro">
                    { format!("{} roles carry the old policy; {} of them fit the quota of {} managed policies per role with the old and the new set at once.", report.rows.len(), report.rows.iter().filter(|r| r.fits == Some(true)).count(), report.quota) }
                </p>
                <div class="table-scroll">
                    <table class="estate-report" data-output="estate-report" data-roles={report.rows.len().to_string()}>
                        <thead>
                            <tr>{ for COLUMNS.iter().map(|c| html! { <th scope="col">{ *c }</th> }) }</tr>
                        </thead>
                        <tbody>
                            { for shown_rows(&report, *show_all).map(|row| {
                                let flagged = row.fits == Some(false);
                                html! {
                                    <tr class={classes!(flagged.then_some("is-flagged"))} data-role={row.role.name.clone()}>
                                        { for cells(row, report.quota).into_iter().map(|c| html! { <td>{ c }</td> }) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                if !*show_all && report.rows.len() > FIRST_ROWS {
                    <p class="group-intro" data-estate-more="">
                        { format!("The table shows the {FIRST_ROWS} roles that need a look first (those that do not fit, then in the export's order); the CSV has all {}. ", report.rows.len()) }
                        <button type="button" class="button button-quiet" onclick={on_show_all}>
                            { format!("Show all {} roles", report.rows.len()) }
                        </button>
                    </p>
                }
                <p class="output-actions">
                    <button type="button" class="button" data-download="estate-report" onclick={download}>
                        { "Download as CSV" }
                    </button>
                </p>
            }
        </>
    }
}
