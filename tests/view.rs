//! View tests: the page rendered natively to HTML (Yew's server-side renderer), parsed with an
//! HTML parser and checked against its DOM contract: checkboxes by value, fields by `name`,
//! outputs by `data-output`, errors by `data-error`. Expected texts come from the core, so the
//! view is checked for showing exactly what the planner computed.

// Native only: its crates are not built for the browser.
#![cfg(not(target_arch = "wasm32"))]

use scraper::{ElementRef, Html, Selector};
use ssm_policy_planner::catalog::{
    Coverage, Feature, LEGACY_POLICY, MANAGED_POLICY_MAX_CHARS, Partition,
};
use ssm_policy_planner::components::app::{App, AppProps};
use ssm_policy_planner::input::{Field, FieldKind, Selection, VssChoice};
use ssm_policy_planner::plan::{Part, Plan};
use ssm_policy_planner::policy::Printed;
use ssm_policy_planner::render::{Output, render};
use yew::LocalServerRenderer;

const ACCOUNT: &str = "123456789012";

async fn page(initial: Option<Selection>) -> Html {
    Html::parse_fragment(&page_html(initial, false).await)
}

async fn page_html(initial: Option<Selection>, prerendered: bool) -> String {
    LocalServerRenderer::<App>::with_props(AppProps {
        initial,
        prerendered,
    })
    .hydratable(false)
    .render()
    .await
}

/// The page the build renders (src/bin/prerender.rs) is the one a load of the default
/// selection draws, with its controls inert until the app answers; whatever the app opens
/// on, its first render is that page, as hydration needs.
#[tokio::test]
async fn the_prerendered_page_is_the_default_page_with_inert_controls() {
    let prerendered = page_html(Some(Selection::default()), true).await;
    let inert = " inert=\"inert\"";
    assert_eq!(
        prerendered.matches(inert).count(),
        4,
        "the form and the three paste boxes"
    );
    let live = prerendered.replace(inert, "");
    assert_eq!(live, page_html(None, false).await);
    assert_eq!(live, page_html(Some(Selection::default()), false).await);
    let html = Html::parse_fragment(&prerendered);
    // Every field: what is typed into one before the app answers would be lost.
    let fields = select(&html, "input, textarea, select");
    assert!(fields.len() > 20, "the page has its fields");
    for field in fields {
        let inert = field
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| a.value().attr("inert").is_some());
        assert!(inert, "{:?} is live before the app answers", field.value());
    }
    // A selection given with the prerendered flag is not drawn first: the default is.
    let other = with_features(&[Feature::S3Output]);
    assert_eq!(page_html(Some(other.clone()), true).await, prerendered);
    assert_ne!(
        page_html(Some(other), false).await,
        prerendered.replace(inert, "")
    );
}

fn with_features(features: &[Feature]) -> Selection {
    Selection {
        features: features.iter().copied().collect(),
        ..Selection::default()
    }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e}"))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&selector(css)).collect()
}

/// The elements inside `element` that match `css`.
fn select_in<'a>(element: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&selector(css)).collect()
}

/// The element's text, as the DOM's `textContent`.
fn text(element: &ElementRef) -> String {
    element.text().collect()
}

/// The text of the one element matching `css`, if there is one.
fn text_of(html: &Html, css: &str) -> Option<String> {
    let all = select(html, css);
    assert!(all.len() <= 1, "{css} matches {} elements", all.len());
    all.first().map(text)
}

fn output_text(html: &Html, output: Output) -> Option<String> {
    text_of(html, &format!("[data-output=\"{}\"]", output.id()))
}

fn error_text(html: &Html, field: Field) -> Option<String> {
    text_of(html, &format!("[data-error=\"{}\"]", field.id()))
}

fn attr<'a>(element: &ElementRef<'a>, name: &str) -> Option<&'a str> {
    element.value().attr(name)
}

/// The feature checkboxes: (value, checked, disabled), in page order.
fn checkboxes(html: &Html) -> Vec<(String, bool, bool)> {
    select(html, "input[type=checkbox][name=\"feature\"]")
        .iter()
        .map(|b| {
            (
                attr(b, "value").unwrap_or("").to_owned(),
                attr(b, "checked").is_some(),
                attr(b, "disabled").is_some(),
            )
        })
        .collect()
}

#[tokio::test]
async fn default_page_lists_every_feature_with_the_core_implied() {
    let html = page(None).await;
    let boxes = checkboxes(&html);
    let values: Vec<&str> = boxes.iter().map(|(v, _, _)| v.as_str()).collect();
    assert_eq!(values, Feature::ALL.map(Feature::id));
    for b in select(&html, "input[type=checkbox][name=\"feature\"]") {
        assert_eq!(attr(&b, "name"), Some("feature"));
    }
    let defaults = Selection::default();
    let page_text = text(&html.root_element());
    for (feature, (_, checked, disabled)) in Feature::ALL.into_iter().zip(&boxes) {
        let implied = feature == Feature::Core;
        assert_eq!(
            *checked,
            implied || defaults.features.contains(&feature),
            "{feature}"
        );
        assert_eq!(*disabled, implied, "{feature}");
        assert!(
            page_text.contains(feature.facts().summary),
            "{feature} summary"
        );
    }
    assert!(defaults.core_is_implied());
    assert!(
        page_text.contains("implied by Session Manager and CloudWatch agent"),
        "the implied core names the features that imply it"
    );
}

#[tokio::test]
async fn a_core_ticked_alone_is_the_users_own_and_not_locked() {
    let html = page(Some(with_features(&[Feature::Core]))).await;
    let boxes = checkboxes(&html);
    assert_eq!(boxes[0], ("core".to_owned(), true, false));
    assert!(!text(&html.root_element()).contains("implied by"));
    assert!(boxes[1..].iter().all(|(_, checked, _)| !checked));
}

#[tokio::test]
async fn default_page_shows_the_stack_parameters_with_exact_arns() {
    let html = page(None).await;
    assert_eq!(
        output_text(&html, Output::PoliciesToAdd).as_deref(),
        Some(
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore,arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy"
        )
    );
    assert_eq!(
        output_text(&html, Output::PolicyToRemove).as_deref(),
        Some("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM")
    );
}

#[tokio::test]
async fn every_output_shows_exactly_its_rendered_text_or_why_not() {
    let everything = Selection {
        features: Feature::ALL.into_iter().collect(),
        partition: Partition::AwsCn,
        account_id: ACCOUNT.into(),
        bucket: "ssm-output".into(),
        bucket_prefix: "runs".into(),
        role_names: "web\nbatch".into(),
        vss_policy: VssChoice::Custom,
        ..Selection::default()
    };
    let missing_account = Selection {
        account_id: String::new(),
        bucket_prefix: "runs/<today>&more".into(),
        ..everything.clone()
    };
    for selection in [Selection::default(), everything, missing_account] {
        let html = page(Some(selection.clone())).await;
        let plan = Plan::from_selection(&selection);
        for output in Output::ALL {
            let id = output.id();
            let blocked = text_of(&html, &format!("[data-blocked=\"{id}\"]"));
            let copy = select(&html, &format!("[data-copy=\"{id}\"]"));
            let download = select(&html, &format!("[data-download=\"{id}\"]"));
            match render(&plan, output) {
                Part::Ready(rendered) => {
                    assert_eq!(output_text(&html, output), Some(rendered), "{id}");
                    assert_eq!(blocked, None);
                    assert_eq!((copy.len(), download.len()), (1, 1), "{id}");
                    assert!(
                        text(&download[0]).contains(output.facts().file_name),
                        "{id}"
                    );
                }
                Part::NotApplicable(_) => {
                    assert_eq!(output_text(&html, output), None, "{id}");
                    assert_eq!(blocked, None, "{id}");
                    assert!(copy.is_empty() && download.is_empty(), "{id}");
                    let titles: Vec<String> = select(&html, "h4").iter().map(text).collect();
                    assert!(!titles.contains(&output.facts().title.to_owned()), "{id}");
                }
                Part::Blocked(fields) => {
                    assert_eq!(output_text(&html, output), None, "{id}");
                    let message = blocked.expect("a blocked output says why");
                    assert!(message.starts_with("Fix "), "{id}: {message}");
                    for field in fields {
                        assert!(message.contains(field.label()), "{id}: {message}");
                    }
                }
            }
        }
    }
}

#[tokio::test]
async fn missing_account_id_blocks_with_a_message_naming_the_field() {
    let selection = Selection {
        bucket: "ssm-output".into(),
        ..with_features(&[Feature::S3Output])
    };
    let html = page(Some(selection)).await;
    assert_eq!(
        text_of(&html, "[data-blocked=\"policies-to-add\"]").as_deref(),
        Some("Fix Account id to see this output.")
    );
    assert!(output_text(&html, Output::S3Policy).is_some());
    assert_eq!(
        error_text(&html, Field::AccountId).as_deref(),
        Some("account id is required for the ARNs of the customer managed policies")
    );
    assert!(text(&html.root_element()).contains("The ARN appears once you fix Account id."));
}

#[tokio::test]
async fn a_bad_bucket_shows_its_error_and_reaches_no_output() {
    let bad = "Bad_Bucket";
    let selection = Selection {
        account_id: ACCOUNT.into(),
        bucket: bad.into(),
        ..with_features(&[Feature::Core, Feature::S3Output])
    };
    let html = page(Some(selection)).await;
    assert_eq!(
        error_text(&html, Field::Bucket).as_deref(),
        Some(
            "bucket name must be 3-63 characters of a-z, 0-9, '.' and '-'; got 'B' in 'Bad_Bucket'"
        )
    );
    let input = &select(&html, "[name=\"bucket\"]")[0];
    assert_eq!(attr(input, "aria-invalid"), Some("true"));
    for output in Output::ALL {
        if let Some(text) = output_text(&html, output) {
            assert!(
                !text.contains(bad),
                "{} carries the bad bucket",
                output.id()
            );
        }
    }
    assert_eq!(
        text_of(&html, "[data-blocked=\"s3-policy\"]").as_deref(),
        Some("Fix Output bucket to see this output.")
    );
    for field in Field::ALL.into_iter().filter(|f| *f != Field::Bucket) {
        assert_eq!(error_text(&html, field).as_deref(), Some(""), "{field}");
    }
}

#[tokio::test]
async fn a_valid_page_has_only_empty_error_elements() {
    let html = page(None).await;
    for field in Field::ALL {
        assert_eq!(error_text(&html, field).as_deref(), Some(""), "{field}");
    }
    assert!(select(&html, "[aria-invalid=\"true\"]").is_empty());
}

#[tokio::test]
async fn outputs_that_do_not_apply_are_absent() {
    let html = page(None).await;
    for output in [Output::S3Policy, Output::VssPolicy, Output::CliDefine] {
        for attr in ["data-output", "data-blocked", "data-copy", "data-download"] {
            let css = format!("[{attr}=\"{}\"]", output.id());
            assert!(select(&html, &css).is_empty(), "{css} is in the page");
        }
    }
    assert!(
        text(&html.root_element())
            .contains("None needed: AWS managed policies cover every ticked feature.")
    );
}

#[tokio::test]
async fn gov_cloud_removes_the_gov_cloud_legacy_arn() {
    let selection = Selection {
        partition: Partition::AwsUsGov,
        ..Selection::default()
    };
    let html = page(Some(selection)).await;
    assert_eq!(
        output_text(&html, Output::PolicyToRemove).as_deref(),
        Some("arn:aws-us-gov:iam::aws:policy/service-role/AmazonEC2RoleforSSM")
    );
    let options = select(&html, "select[name=\"partition\"] option");
    let selected: Vec<&str> = options
        .iter()
        .filter(|o| attr(o, "selected").is_some())
        .filter_map(|o| attr(o, "value"))
        .collect();
    assert_eq!(selected, ["aws-us-gov"]);
    let values: Vec<&str> = options.iter().filter_map(|o| attr(o, "value")).collect();
    assert_eq!(values, Partition::ALL.map(Partition::id));
}

#[tokio::test]
async fn every_field_is_in_the_page_with_a_label_hint_and_error_slot() {
    // With no feature that uses them ticked, the S3 and VSS fields are still there.
    let html = page(Some(with_features(&[Feature::Core]))).await;
    for field in Field::ALL {
        let controls = select(&html, &format!("[name=\"{}\"]", field.id()));
        let hint = text_of(&html, &format!("#hint-{}", field.id())).expect("a hint");
        assert_eq!(hint, field.hint(), "{field} shows the hint of its facts");
        match field.facts().kind {
            FieldKind::Radios => {
                let values: Vec<&str> = controls.iter().filter_map(|c| attr(c, "value")).collect();
                let options: Vec<&str> = field.options().iter().map(|o| o.id).collect();
                assert_eq!(values, options, "{field}");
                let group = select(
                    &html,
                    &format!("fieldset[aria-describedby~=\"error-{}\"]", field.id()),
                );
                assert_eq!(group.len(), 1, "{field} is a described group");
                let legend = select_in(&group[0], "legend");
                assert_eq!(legend.first().map(text).as_deref(), Some(field.label()));
                for c in &controls {
                    let id = attr(c, "id").expect("an id");
                    assert_eq!(select(&html, &format!("label[for=\"{id}\"]")).len(), 1);
                }
            }
            FieldKind::Text | FieldKind::Lines | FieldKind::Select | FieldKind::Checkbox => {
                assert_eq!(controls.len(), 1, "{field}");
                let control = &controls[0];
                let id = attr(control, "id").expect("an id");
                let label = text_of(&html, &format!("label[for=\"{id}\"]"));
                assert_eq!(label.as_deref(), Some(field.label()), "{field}");
                let described = attr(control, "aria-describedby").expect("described");
                assert!(
                    described
                        .split(' ')
                        .any(|d| d == format!("error-{}", field.id())),
                    "{field}"
                );
                let tag = control.value().name();
                let expected_tag = match field.facts().kind {
                    FieldKind::Lines => "textarea",
                    FieldKind::Select => "select",
                    _ => "input",
                };
                assert_eq!(tag, expected_tag, "{field}");
                if field.facts().kind == FieldKind::Checkbox {
                    assert_eq!(attr(control, "type"), Some("checkbox"), "{field}");
                }
            }
        }
    }
    let legends: Vec<String> = select(&html, "legend").iter().map(text).collect();
    assert!(legends.contains(&Feature::S3Output.facts().label.to_owned()));
    assert!(legends.contains(&Feature::VssSnapshots.facts().label.to_owned()));
}

#[tokio::test]
async fn the_feature_table_is_derived_from_the_catalog() {
    let html = page(None).await;
    let legacy_row = select(&html, "tbody tr")
        .into_iter()
        .find(|row| text(row).contains(LEGACY_POLICY.name()))
        .expect("the table has the old policy's row");
    let cells: Vec<String> = select_in(&legacy_row, "[data-cell]")
        .iter()
        .filter_map(|c| attr(c, "data-cell").map(str::to_owned))
        .collect();
    let expected: Vec<&str> = Feature::ALL
        .map(|f| match f.legacy_coverage() {
            Coverage::Full => "full",
            Coverage::Wider(_) => "wider",
            Coverage::Partial(_) => "partial",
            Coverage::None => "none",
        })
        .to_vec();
    assert_eq!(cells, expected);
    let footnotes = select(&html, ".table-footnotes li");
    let mut note = 0;
    for f in Feature::ALL {
        let missing = match f.legacy_coverage() {
            Coverage::Partial(missing) | Coverage::Wider(missing) => missing,
            Coverage::Full | Coverage::None => continue,
        };
        let footnote = text(&footnotes[note]);
        note += 1;
        assert_eq!(attr(&footnotes[note - 1], "data-feature"), Some(f.id()));
        assert!(footnote.starts_with(&format!("{}: {}", f.facts().label, LEGACY_POLICY.name())));
        for action in missing {
            assert!(footnote.contains(action), "{f}: {footnote} names {action}");
        }
        let cell = select_in(&legacy_row, &format!("td[data-feature=\"{}\"]", f.id()));
        assert!(
            text(&cell[0]).ends_with(&note.to_string()),
            "{f} refers to note {note}"
        );
    }
    assert_eq!(note, footnotes.len());
    let ticked: Vec<&str> = select(&html, "th[scope=col][data-feature].is-ticked")
        .iter()
        .filter_map(|th| attr(th, "data-feature"))
        .collect();
    assert_eq!(ticked, ["core", "session-manager", "cloudwatch-agent"]);
    assert_eq!(
        select(&html, "[data-cell=\"needed\"]").len(),
        Feature::ALL.len()
    );
}

#[tokio::test]
async fn required_policies_say_why_where_and_which_version() {
    let html = page(None).await;
    let plan = Plan::from_selection(&Selection::default());
    for policy in &plan.policies {
        let cards = select(&html, &format!("[data-policy=\"{}\"]", policy.name));
        assert_eq!(cards.len(), 1, "{}", policy.name);
        let card = text(&cards[0]);
        for feature in &policy.needed_by {
            assert!(
                card.contains(feature.facts().why),
                "{}: {feature}",
                policy.name
            );
        }
        assert!(card.contains(policy.arn.ready().expect("managed ARNs are known").as_str()));
    }
    let core = text(&select(&html, "[data-policy=\"AmazonSSMManagedInstanceCore\"]")[0]);
    assert!(core.contains("v2 of 2019-05-23"), "{core}");
    let links: Vec<&str> = select(&html, "a[href]")
        .iter()
        .filter_map(|a| attr(a, "href"))
        .collect();
    assert!(links.contains(
        &"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html"
    ));
}

#[tokio::test]
async fn custom_policies_show_their_size_against_the_limit() {
    let selection = Selection {
        account_id: ACCOUNT.into(),
        bucket: "ssm-output".into(),
        vss_policy: VssChoice::Custom,
        ..with_features(&[Feature::S3Output, Feature::VssSnapshots])
    };
    let plan = Plan::from_selection(&selection);
    let html = page(Some(selection)).await;
    let limit = format!(
        "{},{:03}",
        MANAGED_POLICY_MAX_CHARS / 1000,
        MANAGED_POLICY_MAX_CHARS % 1000
    );
    let notes: Vec<String> = select(&html, ".size-note").iter().map(text).collect();
    for document in [&plan.s3_document, &plan.vss_document] {
        let size = document
            .ready()
            .map(|d| d.size())
            .expect("both documents are ready");
        assert!(size > 0 && size < 6144);
        let expected = format!(
            "Size: {} of {limit} characters, whitespace not counted.",
            if size >= 1000 {
                format!("{},{:03}", size / 1000, size % 1000)
            } else {
                size.to_string()
            }
        );
        assert!(notes.contains(&expected), "{expected} in {notes:?}");
    }
}

#[tokio::test]
async fn permission_changes_list_what_the_core_computes() {
    let selection = Selection {
        account_id: ACCOUNT.into(),
        bucket: "ssm-output".into(),
        bucket_prefix: "runs".into(),
        ..with_features(&[Feature::DomainJoin, Feature::S3Output])
    };
    let changes = Plan::from_selection(&selection).changes;
    assert!(!changes.lost.is_empty() && !changes.narrowed.is_empty() && !changes.gained.is_empty());
    let html = page(Some(selection)).await;
    let section = |kind: &str| {
        text_of(&html, &format!("[data-changes=\"{kind}\"]")).expect("a changes section")
    };
    let (lost, narrowed, gained) = (section("lost"), section("narrowed"), section("gained"));
    assert!(lost.starts_with(&format!("Lost ({})", changes.lost.len())));
    assert!(changes.lost.iter().all(|a| lost.contains(a.as_str())));
    for (action, resources) in &changes.narrowed {
        assert!(narrowed.contains(action.as_str()));
        assert!(resources.iter().all(|r| narrowed.contains(r.as_str())));
    }
    assert!(changes.gained.iter().all(|a| gained.contains(a.as_str())));
}

#[tokio::test]
async fn an_s3_policy_waiting_for_its_bucket_is_flagged_in_the_changes() {
    let waiting = Selection {
        account_id: ACCOUNT.into(),
        ..with_features(&[Feature::S3Output])
    };
    let html = page(Some(waiting.clone())).await;
    let note = text_of(&html, "[data-changes=\"pending\"]").expect("a pending note");
    assert!(
        note.contains("The S3 output policy waits for Output bucket"),
        "{note}"
    );
    let ready = Selection {
        bucket: "ssm-output".into(),
        ..waiting
    };
    assert!(select(&page(Some(ready)).await, "[data-changes=\"pending\"]").is_empty());
}

#[tokio::test]
async fn notices_are_shown_and_users_and_groups_are_flagged_for_review() {
    let html = page(None).await;
    let plan = Plan::from_selection(&Selection::default());
    let notices: Vec<String> = select(&html, ".notice .notice-text")
        .iter()
        .map(text)
        .collect();
    for notice in &plan.notices {
        assert!(notices.contains(&notice.message()), "{notice:?}");
    }
    let review = select(&html, ".notice-review");
    assert_eq!(review.len(), 1);
    assert!(text(&review[0]).starts_with("Review by handIAM users and groups"));
}

#[tokio::test]
async fn every_action_in_every_policy_and_change_has_a_reason_and_a_page() {
    let everything = Selection {
        features: Feature::ALL.into_iter().collect(),
        account_id: ACCOUNT.into(),
        bucket: "ssm-output".into(),
        kms_key_arn: format!(
            "arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        ),
        vss_policy: VssChoice::Custom,
        s3_route: ssm_policy_planner::input::S3Route::VpcEndpoint,
        regions: "eu-west-1".into(),
        target: ssm_policy_planner::input::Target::Dhmc,
        hybrid: ssm_policy_planner::input::Toggle::On,
        ..Selection::default()
    };
    for selection in [Selection::default(), everything] {
        let plan = Plan::from_selection(&selection);
        let html = page(Some(selection)).await;
        for policy in &plan.policies {
            let card = select(&html, &format!("[data-actions=\"{}\"]", policy.name));
            assert_eq!(card.len(), 1, "{}", policy.name);
            let listed: Vec<_> = select_in(&card[0], "li[data-action]")
                .iter()
                .map(|li| attr(li, "data-action").unwrap_or("").to_owned())
                .collect();
            assert_eq!(listed, policy.actions, "{}", policy.name);
        }
        let changed =
            plan.changes.lost.len() + plan.changes.narrowed.len() + plan.changes.gained.len();
        let in_changes = select(&html, "[data-changes] li[data-action]");
        assert_eq!(in_changes.len(), changed);
        let roads = [
            "s3-endpoint-policy",
            "AmazonSSMManagedEC2InstanceDefaultPolicy",
            "hybrid-aws-buckets",
        ];
        let shown = roads
            .iter()
            .filter(|name| {
                !select(&html, &format!("[data-actions=\"{name}\"] li[data-action]")).is_empty()
            })
            .count();
        assert_eq!(shown, if plan.hybrid.ready().is_some() { 3 } else { 0 });
        for li in select(&html, "li[data-action]") {
            let action = attr(&li, "data-action").unwrap_or("");
            let reason = select_in(&li, ".action-reason");
            assert!(!reason.is_empty(), "{action} has a reason");
            assert!(
                attr(&reason[0], "data-reason-feature").is_some(),
                "{action}: {}",
                text(&reason[0])
            );
            let link = select_in(&reason[0], "a[href^=\"https://docs.aws.amazon.com/\"]");
            assert_eq!(link.len(), 1, "{action} links its AWS page");
        }
    }
}

#[tokio::test]
async fn default_host_management_shows_its_script_and_what_it_leaves_to_profiles() {
    let off = page(Some(Selection::default())).await;
    assert!(
        select(&off, "#group-dhmc").is_empty(),
        "not chosen, not shown"
    );
    assert_eq!(output_text(&off, Output::CliDhmc), None);

    let mut s = with_features(&[
        Feature::Core,
        Feature::CloudWatchAgent,
        Feature::VssSnapshots,
    ]);
    s.target = ssm_policy_planner::input::Target::Dhmc;
    let waiting = page(Some(s.clone())).await;
    assert_eq!(
        error_text(&waiting, Field::Regions).as_deref(),
        Some("region list is required for Default Host Management, a setting of each Region")
    );
    s.regions = "eu-central-1".into();
    let plan = Plan::from_selection(&s);
    let html = page(Some(s)).await;
    let Part::Ready(script) = render(&plan, Output::CliDhmc) else {
        panic!("the script is ready");
    };
    assert_eq!(
        output_text(&html, Output::CliDhmc).as_deref(),
        Some(script.as_str())
    );
    let notices = select(&html, ".notice-text")
        .iter()
        .map(text)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        notices.contains("IMDSv2 and runs SSM Agent 3.2.582.0 or later"),
        "{notices}"
    );
    assert!(
        notices.contains("ssm:UpdateInstanceInformation"),
        "{notices}"
    );
    assert!(
        notices.contains(
            "the instances that use CloudWatch agent, VSS snapshots keep an instance profile"
        ),
        "{notices}"
    );
    let checked: Vec<_> = select(&html, "input[type=radio][name=\"target\"]")
        .iter()
        .filter(|r| attr(r, "checked").is_some())
        .map(|r| attr(r, "value").unwrap_or("").to_owned())
        .collect();
    assert_eq!(checked, ["dhmc"]);
}

#[tokio::test]
async fn hybrid_nodes_show_the_trust_policy_and_the_script_once_ticked() {
    let off = page(Some(Selection::default())).await;
    assert!(select(&off, "#group-hybrid").is_empty());
    let unticked: Vec<_> = select(&off, "input[type=checkbox][name=\"hybrid\"]")
        .iter()
        .map(|c| attr(c, "checked").is_some())
        .collect();
    assert_eq!(unticked, [false]);

    let s = Selection {
        account_id: ACCOUNT.into(),
        regions: "eu-west-1".into(),
        hybrid: ssm_policy_planner::input::Toggle::On,
        ..Selection::default()
    };
    let plan = Plan::from_selection(&s);
    let html = page(Some(s)).await;
    let ticked: Vec<_> = select(&html, "input[type=checkbox][name=\"hybrid\"]")
        .iter()
        .map(|c| attr(c, "checked").is_some())
        .collect();
    assert_eq!(ticked, [true]);
    for output in [
        Output::HybridServiceRole,
        Output::CliHybrid,
        Output::AwsBucketsPolicy,
    ] {
        let Part::Ready(expected) = render(&plan, output) else {
            panic!("{} is ready", output.id());
        };
        assert_eq!(
            output_text(&html, output).as_deref(),
            Some(expected.as_str())
        );
    }
    assert_eq!(
        error_text(&html, Field::HybridRoleName).as_deref(),
        Some("")
    );
}

#[tokio::test]
async fn an_organization_shows_its_script_and_its_fields_in_error() {
    let s = Selection {
        organization: ssm_policy_planner::input::Toggle::On,
        ou_ids: "ou-1".into(),
        regions: "us-east-1".into(),
        ..Selection::default()
    };
    let html = page(Some(s.clone())).await;
    assert!(
        error_text(&html, Field::OuIds).is_some_and(|e| e.contains("got 'ou-1'")),
        "the bad id is named beside its field"
    );
    assert_eq!(
        output_text(&html, Output::CliOrg),
        None,
        "nothing built on a bad id"
    );
    let s = Selection {
        ou_ids: "ou-ab12-cd34ef56".into(),
        ..s
    };
    let plan = Plan::from_selection(&s);
    let html = page(Some(s)).await;
    let Part::Ready(script) = render(&plan, Output::CliOrg) else {
        panic!("ready");
    };
    assert_eq!(
        output_text(&html, Output::CliOrg).as_deref(),
        Some(script.as_str())
    );
    assert_eq!(select(&html, "#group-org").len(), 1);
}
