//! View tests: the page rendered natively to HTML (Yew's server-side renderer) and checked
//! against its DOM contract: checkboxes by value, fields by `name`, outputs by `data-output`,
//! errors by `data-error`. Expected texts come from the core, so the view is checked for
//! showing exactly what the planner computed.

use ssm_policy_planner::catalog::{Feature, LEGACY_POLICY, MANAGED_POLICY_MAX_CHARS, Partition};
use ssm_policy_planner::components::app::{App, AppProps};
use ssm_policy_planner::input::{Field, Selection, VssChoice, validate};
use ssm_policy_planner::plan::{Output, Plan};
use ssm_policy_planner::render::{Rendered, render};
use yew::LocalServerRenderer;

const ACCOUNT: &str = "123456789012";

async fn page(initial: Option<Selection>) -> String {
    LocalServerRenderer::<App>::with_props(AppProps { initial })
        .hydratable(false)
        .render()
        .await
}

fn with_features(features: &[Feature]) -> Selection {
    Selection {
        features: features.iter().copied().collect(),
        ..Selection::default()
    }
}

/// Undoes the escaping of text and attribute values in rendered HTML.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Removes the tags from an HTML fragment, leaving its text as the DOM's `textContent`.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

/// The HTML inside the element whose start tag ends at `end`, up to its matching end tag.
fn inner_html<'a>(html: &'a str, name: &str, end: usize) -> &'a str {
    let open = format!("<{name}");
    let close = format!("</{name}>");
    let mut depth = 1;
    let mut at = end;
    while at < html.len() {
        let rest = &html[at..];
        if rest.starts_with(&close) {
            depth -= 1;
            if depth == 0 {
                return &html[end..at];
            }
            at += close.len();
        } else if rest.starts_with(&open) && rest[open.len()..].starts_with([' ', '>']) {
            depth += 1;
            at += open.len();
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    ""
}

/// The start tags carrying `attr` (such as `data-output="cli-find"`), each with the text
/// content of its element.
fn elements<'a>(html: &'a str, attr: &str) -> Vec<(&'a str, String)> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = html[from..].find(attr).map(|i| i + from) {
        from = at + attr.len();
        let Some(start) = html[..=at].rfind('<') else {
            continue;
        };
        let Some(end) = html[at..].find('>').map(|i| i + at + 1) else {
            continue;
        };
        let tag = &html[start..end];
        let name: String = tag[1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        found.push((tag, strip_tags(inner_html(html, &name, end))));
    }
    found
}

/// The text of the one element carrying `attr`, if there is one.
fn text_of(html: &str, attr: &str) -> Option<String> {
    let all = elements(html, attr);
    assert!(all.len() <= 1, "{attr} appears {} times", all.len());
    all.into_iter().next().map(|(_, text)| text)
}

fn output_text(html: &str, output: Output) -> Option<String> {
    text_of(html, &format!("data-output=\"{}\"", output.id()))
}

fn error_text(html: &str, field: Field) -> Option<String> {
    text_of(html, &format!("data-error=\"{}\"", field.id()))
}

fn has_attr(tag: &str, name: &str) -> bool {
    tag.split(|c: char| c.is_whitespace() || c == '>' || c == '/')
        .any(|part| part == name || part.starts_with(&format!("{name}=")))
}

fn attr_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    tag[start..].find('"').map(|end| &tag[start..start + end])
}

/// The feature checkboxes: (value, checked, disabled), in page order.
fn checkboxes(html: &str) -> Vec<(String, bool, bool)> {
    elements(html, "type=\"checkbox\"")
        .into_iter()
        .map(|(tag, _)| {
            (
                attr_value(tag, "value").unwrap_or_default().to_owned(),
                has_attr(tag, "checked"),
                has_attr(tag, "disabled"),
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
    for (tag, _) in elements(&html, "type=\"checkbox\"") {
        assert_eq!(attr_value(tag, "name"), Some("feature"), "{tag}");
    }
    let defaults = Selection::default();
    for (feature, (_, checked, disabled)) in Feature::ALL.into_iter().zip(&boxes) {
        let implied = feature == Feature::Core;
        assert_eq!(
            *checked,
            implied || defaults.features.contains(&feature),
            "{feature}"
        );
        assert_eq!(*disabled, implied, "{feature}");
        assert!(
            html.contains(&unescape_free(feature.summary())),
            "{feature} summary"
        );
    }
    assert!(defaults.core_is_implied());
    assert!(
        html.contains("implied by Session Manager and CloudWatch agent"),
        "the implied core names the features that imply it"
    );
}

/// Text as the renderer writes it inside an element: `&`, `<` and `>` escaped.
fn unescape_free(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn a_core_ticked_alone_is_the_users_own_and_not_locked() {
    let html = page(Some(with_features(&[Feature::Core]))).await;
    let boxes = checkboxes(&html);
    assert_eq!(boxes[0], ("core".to_owned(), true, false));
    assert!(!html.contains("implied by"));
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
            let blocked = text_of(&html, &format!("data-blocked=\"{}\"", output.id()));
            match render(&plan, output) {
                Rendered::Text(text) => {
                    assert_eq!(output_text(&html, output), Some(text), "{output:?}");
                    assert_eq!(blocked, None);
                    assert!(html.contains(&format!("data-copy=\"{}\"", output.id())));
                    assert!(html.contains(&format!("data-download=\"{}\"", output.id())));
                    assert!(html.contains(output.file_name()), "{output:?}");
                }
                Rendered::NotApplicable => {
                    assert_eq!(output_text(&html, output), None, "{output:?}");
                    assert_eq!(blocked, None, "{output:?}");
                    assert!(!html.contains(&unescape_free(output.title())), "{output:?}");
                }
                Rendered::Blocked(fields) => {
                    assert_eq!(output_text(&html, output), None, "{output:?}");
                    let message = blocked.unwrap_or_default();
                    assert!(message.starts_with("Fix "), "{output:?}: {message}");
                    for field in fields {
                        assert!(message.contains(field.label()), "{output:?}: {message}");
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
        text_of(&html, "data-blocked=\"policies-to-add\"").as_deref(),
        Some("Fix Account id to see this output.")
    );
    assert!(output_text(&html, Output::S3Policy).is_some());
    assert_eq!(
        error_text(&html, Field::AccountId).as_deref(),
        Some("account id is required for the ARNs of the customer managed policies")
    );
    assert!(html.contains("The ARN appears once you fix Account id."));
}

#[tokio::test]
async fn a_bad_bucket_shows_its_error_and_reaches_no_output() {
    let bad = "Bad_Bucket";
    let selection = Selection {
        account_id: ACCOUNT.into(),
        bucket: bad.into(),
        ..with_features(&[Feature::Core, Feature::S3Output])
    };
    let expected = validate(&selection)
        .errors
        .get(&Field::Bucket)
        .map(ToString::to_string);
    assert_eq!(
        expected.as_deref(),
        Some(
            "bucket name must be 3-63 characters of a-z, 0-9, '.' and '-'; got 'B' in 'Bad_Bucket'"
        )
    );
    let html = page(Some(selection)).await;
    assert_eq!(error_text(&html, Field::Bucket), expected);
    let (input, _) = elements(&html, "name=\"bucket\"")[0];
    assert_eq!(attr_value(input, "aria-invalid"), Some("true"));
    for output in Output::ALL {
        if let Some(text) = output_text(&html, output) {
            assert!(!text.contains(bad), "{output:?} carries the bad bucket");
        }
    }
    assert_eq!(
        text_of(&html, "data-blocked=\"s3-policy\"").as_deref(),
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
    assert!(!html.contains("aria-invalid=\"true\""));
}

#[tokio::test]
async fn outputs_that_do_not_apply_are_absent() {
    let html = page(None).await;
    for output in [Output::S3Policy, Output::VssPolicy, Output::CliDefine] {
        for attr in ["data-output", "data-blocked", "data-copy", "data-download"] {
            let found = format!("{attr}=\"{}\"", output.id());
            assert!(!html.contains(&found), "{found} is in the page");
        }
    }
    assert!(html.contains("None needed: AWS managed policies cover every ticked feature."));
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
    let options = elements(&html, "<option ");
    let selected: Vec<&str> = options
        .iter()
        .filter(|(tag, _)| has_attr(tag, "selected"))
        .filter_map(|(tag, _)| attr_value(tag, "value"))
        .collect();
    assert_eq!(selected, ["aws-us-gov"]);
    let values: Vec<&str> = options
        .iter()
        .filter_map(|(t, _)| attr_value(t, "value"))
        .collect();
    assert_eq!(values, Partition::ALL.map(Partition::id));
}

#[tokio::test]
async fn every_field_is_in_the_page_with_a_label_hint_and_error_slot() {
    // With no feature that uses them ticked, the S3 and VSS fields are still there.
    let html = page(Some(with_features(&[Feature::Core]))).await;
    for field in Field::ALL {
        let controls = elements(&html, &format!("name=\"{}\"", field.id()));
        assert_eq!(controls.len(), 1, "{field}");
        let (tag, _) = controls[0];
        let id = attr_value(tag, "id").unwrap_or_default();
        assert!(
            html.contains(&format!("<label for=\"{id}\">{}</label>", field.label())),
            "{field}"
        );
        let described = attr_value(tag, "aria-describedby").unwrap_or_default();
        assert!(
            described.contains(&format!("error-{}", field.id())),
            "{field}"
        );
        let hint = text_of(&html, &format!("id=\"hint-{}\"", field.id())).unwrap_or_default();
        assert!(!hint.is_empty(), "{field} has a hint");
    }
    assert!(
        html.contains("<textarea")
            && elements(&html, "name=\"role-names\"")[0]
                .0
                .starts_with("<textarea")
    );
    let radios: Vec<&str> = elements(&html, "name=\"vss-policy\"")
        .iter()
        .filter_map(|(tag, _)| attr_value(tag, "value"))
        .collect();
    assert_eq!(radios, ["managed", "custom"]);
    assert!(html.contains("S3 command output</legend>"));
    assert!(html.contains("VSS snapshots</legend>"));
}

#[tokio::test]
async fn the_feature_table_is_derived_from_the_catalog() {
    let html = page(None).await;
    let legacy_row = html
        .split("<tr")
        .find(|row| row.contains(LEGACY_POLICY.name()) && row.contains("data-cell"))
        .unwrap_or_default();
    let cells: Vec<&str> = elements(legacy_row, "data-cell=")
        .into_iter()
        .filter_map(|(tag, _)| attr_value(tag, "data-cell"))
        .collect();
    let expected: Vec<&str> = Feature::ALL
        .map(|f| match f.legacy_coverage() {
            ssm_policy_planner::catalog::Coverage::Full => "full",
            ssm_policy_planner::catalog::Coverage::Partial(_) => "partial",
            ssm_policy_planner::catalog::Coverage::None => "none",
        })
        .to_vec();
    assert_eq!(cells, expected);
    let mut note = 0;
    for f in Feature::ALL {
        if let ssm_policy_planner::catalog::Coverage::Partial(reason) = f.legacy_coverage() {
            note += 1;
            let footnote = text_of(&html, &format!("<li data-feature=\"{}\"", f.id()));
            assert_eq!(
                footnote,
                Some(format!("{}: {} {reason}.", f.label(), LEGACY_POLICY.name())),
                "{f}"
            );
            let cell = elements(legacy_row, &format!("data-feature=\"{}\"", f.id()));
            assert_eq!(cell[0].1, format!("partial{note}"), "{f}");
        }
    }
    assert!(note > 0);
    let ticked: Vec<&str> = elements(&html, "<th scope=\"col\" data-feature=")
        .into_iter()
        .filter(|(tag, _)| attr_value(tag, "class") == Some("is-ticked"))
        .filter_map(|(tag, _)| attr_value(tag, "data-feature"))
        .collect();
    assert_eq!(ticked, ["core", "session-manager", "cloudwatch-agent"]);
    assert_eq!(
        html.matches("data-cell=\"needed\"").count(),
        Feature::ALL.len()
    );
}

#[tokio::test]
async fn required_policies_say_why_where_and_which_version() {
    let html = page(None).await;
    let plan = Plan::from_selection(&Selection::default());
    for policy in &plan.policies {
        let cards = elements(&html, &format!("data-policy=\"{}\"", policy.name));
        assert_eq!(cards.len(), 1, "{}", policy.name);
        let text = &cards[0].1;
        for feature in &policy.needed_by {
            assert!(text.contains(feature.why()), "{}: {feature}", policy.name);
        }
        assert!(
            text.contains(policy.arn.as_deref().unwrap_or("no arn")),
            "{}",
            policy.name
        );
    }
    let core = &elements(&html, "data-policy=\"AmazonSSMManagedInstanceCore\"")[0].1;
    assert!(core.contains("v2 of 2019-05-23"), "{core}");
    assert!(html.contains(
        "href=\"https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMManagedInstanceCore.html\""
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
    for document in [&plan.s3_policy, &plan.vss_policy] {
        let size = document.as_ref().map(|d| d.size()).unwrap_or_default();
        assert!(size > 0 && size < 1000);
        assert!(
            html.contains(&format!(
                "Size: {size} of {limit} characters, whitespace not counted."
            )),
            "size {size}"
        );
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
    let section =
        |kind: &str| text_of(&html, &format!("data-changes=\"{kind}\"")).unwrap_or_default();
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
    let note = text_of(&html, "data-changes=\"pending\"").unwrap_or_default();
    assert!(note.contains("The S3 output policy"), "{note}");
    let ready = Selection {
        bucket: "ssm-output".into(),
        ..waiting
    };
    assert!(!page(Some(ready)).await.contains("data-changes=\"pending\""));
}

#[tokio::test]
async fn notices_are_shown_and_users_and_groups_are_flagged_for_review() {
    let html = page(None).await;
    let plan = Plan::from_selection(&Selection::default());
    let text = strip_tags(&html);
    for notice in &plan.notices {
        assert!(text.contains(&notice.message()), "{notice:?}");
    }
    assert!(text.contains("Review by handIAM users and groups"));
}
