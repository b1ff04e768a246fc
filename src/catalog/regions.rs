//! Region codes typed by the user: parsed, checked against the plan's partition, and capped
//! at the number whose AWS-owned buckets fit one managed policy.

use std::collections::BTreeMap;
use std::fmt;

use super::Partition;
use crate::input::excerpt;

/// The most regions one plan takes.
///
/// The policy of AWS-owned buckets lists up to nine object ARNs per region (see
/// [`super::aws_buckets`]) in one customer managed policy, and IAM counts at most 6,144
/// characters (whitespace not counted) in a managed policy document. The twelve regions with
/// the longest bucket names need 5,815 characters; with a thirteenth it would be 6,276. The
/// test `plan::aws_buckets::tests::max_regions_is_what_fits` keeps this number honest.
/// Source: <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>
pub const MAX_REGIONS: usize = 12;

/// The longest region code accepted.
///
/// Today's longest codes have 14 characters (`ap-southeast-4`, `cn-northwest-1`); Systems
/// Manager's own API takes an S3 region name of at most 20. The bound keeps
/// [`MAX_REGIONS`] true for codes AWS has not announced yet.
/// Source: <https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_LoggingInfo.html>
pub const MAX_REGION_CODE_LEN: usize = 20;

/// A region code of a known partition, as the user typed it, checked.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Region {
    code: String,
    partition: Partition,
}

impl Region {
    /// The region code, e.g. `eu-west-1`.
    pub fn as_str(&self) -> &str {
        &self.code
    }

    /// The partition the region was checked against; its ARNs use this partition.
    pub fn partition(&self) -> Partition {
        self.partition
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.code)
    }
}

/// Where a region code stands in the field: its line, and its place on that line when the
/// line has more than one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Place on the line, from 1; `None` when the line has one code only.
    pub item: Option<usize>,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.item {
            Some(item) => write!(f, "line {}, item {item}", self.line),
            None => write!(f, "line {}", self.line),
        }
    }
}

/// A mistake in the regions field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionsError {
    /// Not shaped like a region code of any partition.
    #[error(
        "{at}: '{code}' is not a region code; region codes of partition '{partition}' look like {}, one a line or separated by commas",
        partition.example_region()
    )]
    NotARegion {
        /// Where.
        at: Position,
        /// What was typed.
        code: String,
        /// The plan's partition.
        partition: Partition,
    },
    /// A region of another partition.
    #[error(
        "{at}: '{code}' is not a region of partition '{partition}' (its regions look like {}); '{code}' is in '{belongs_to}'",
        partition.example_region()
    )]
    OtherPartition {
        /// Where.
        at: Position,
        /// The region code.
        code: String,
        /// The plan's partition.
        partition: Partition,
        /// The partition the code belongs to.
        belongs_to: Partition,
    },
    /// Upper-case letters in a code that is valid in lower case.
    #[error("{at}: region codes are lower-case; write '{lower}', not '{code}'")]
    UpperCase {
        /// Where.
        at: Position,
        /// What was typed.
        code: String,
        /// The code in lower case.
        lower: String,
    },
    /// A code longer than any region code.
    #[error("{at}: a region code has at most {max} characters; got {len} in '{code}'", max = MAX_REGION_CODE_LEN)]
    TooLong {
        /// Where.
        at: Position,
        /// What was typed.
        code: String,
        /// Its length in characters.
        len: usize,
    },
    /// The same region twice.
    #[error("{at}: '{code}' is listed twice (first at {first}); list each region once")]
    Duplicate {
        /// Where the repeat is.
        at: Position,
        /// The region code.
        code: String,
        /// Where it was first.
        first: Position,
    },
    /// More regions than one policy of AWS-owned buckets holds.
    #[error(
        "at most {max} regions: the AWS-owned buckets of {max} regions are what fits in one managed policy ({limit} characters, IAM's limit); got {count}",
        max = MAX_REGIONS,
        limit = crate::catalog::MANAGED_POLICY_MAX_CHARS
    )]
    TooMany {
        /// How many regions were given.
        count: usize,
    },
}

/// Parses region codes, one a line or separated by commas or spaces, for `partition`.
///
/// Blank lines, surrounding spaces, CRLF line ends and byte order marks are tolerated; empty
/// text is an empty list. Each code must be a lower-case region code of `partition`
/// ([`Partition::has_region`]), listed once; at most [`MAX_REGIONS`].
pub fn parse_regions(text: &str, partition: Partition) -> Result<Vec<Region>, RegionsError> {
    let mut seen: BTreeMap<&str, Position> = BTreeMap::new();
    let mut regions = Vec::new();
    let mut count = 0;
    for (i, line) in text.lines().enumerate() {
        // A byte order mark separates like a space: files pasted one after another bring one each.
        let codes = line
            .split(|c: char| c == ',' || c.is_whitespace() || c == '\u{feff}')
            .filter(|c| !c.is_empty());
        let several = codes.clone().nth(1).is_some();
        for (j, code) in codes.enumerate() {
            count += 1;
            // Past the cap the list is refused whatever follows: count the rest, check none.
            if count > MAX_REGIONS {
                continue;
            }
            let at = Position {
                line: i + 1,
                item: several.then_some(j + 1),
            };
            check_code(code, partition, at)?;
            if let Some(first) = seen.insert(code, at) {
                return Err(RegionsError::Duplicate {
                    at,
                    code: code.to_owned(),
                    first,
                });
            }
            regions.push(Region {
                code: code.to_owned(),
                partition,
            });
        }
    }
    if count > MAX_REGIONS {
        return Err(RegionsError::TooMany { count });
    }
    Ok(regions)
}

fn check_code(code: &str, partition: Partition, at: Position) -> Result<(), RegionsError> {
    let owned = || code.to_owned();
    let len = code.chars().count();
    if len > MAX_REGION_CODE_LEN {
        return Err(RegionsError::TooLong {
            at,
            code: excerpt(code),
            len,
        });
    }
    if partition.has_region(code) {
        return Ok(());
    }
    let lower = code.to_ascii_lowercase();
    if lower != code && partition.has_region(&lower) {
        return Err(RegionsError::UpperCase {
            at,
            code: owned(),
            lower,
        });
    }
    let home = Partition::ALL
        .into_iter()
        .find(|p| p.has_region(code) || p.has_region(&lower));
    Err(match home {
        Some(belongs_to) => RegionsError::OtherPartition {
            at,
            code: owned(),
            partition,
            belongs_to,
        },
        None => RegionsError::NotARegion {
            at,
            code: owned(),
            partition,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str, partition: Partition) -> Result<Vec<String>, RegionsError> {
        parse_regions(text, partition).map(|rs| rs.iter().map(|r| r.as_str().to_owned()).collect())
    }

    #[test]
    fn one_a_line_or_comma_separated() {
        let want = Ok(vec!["us-east-1".to_owned(), "eu-west-1".to_owned()]);
        assert_eq!(codes("us-east-1\neu-west-1", Partition::Aws), want);
        assert_eq!(codes("us-east-1,eu-west-1", Partition::Aws), want);
        assert_eq!(codes("us-east-1, eu-west-1", Partition::Aws), want);
        assert_eq!(codes("us-east-1 eu-west-1", Partition::Aws), want);
        assert_eq!(
            codes(
                "\u{feff}us-east-1  \r\n\r\n\t eu-west-1 ,\r\n",
                Partition::Aws
            ),
            want
        );
    }

    #[test]
    fn byte_order_marks_separate_like_spaces() {
        let want = Ok(vec!["us-east-1".to_owned(), "eu-west-1".to_owned()]);
        assert_eq!(
            codes("\u{feff}us-east-1\u{feff}eu-west-1\u{feff}", Partition::Aws),
            want
        );
    }

    #[test]
    fn past_the_cap_codes_are_counted_not_checked() {
        let mut many: Vec<String> = (1..=MAX_REGIONS).map(|n| format!("us-east-{n}")).collect();
        many.extend(["not a region".to_owned(), "us-east-1".to_owned()]);
        assert_eq!(
            parse_regions(&many.join("\n"), Partition::Aws),
            Err(RegionsError::TooMany {
                count: MAX_REGIONS + 4
            })
        );
    }

    #[test]
    fn a_long_code_is_quoted_as_an_excerpt() {
        let code = format!("us-{}-1", "a".repeat(1000));
        let message = parse_regions(&code, Partition::Aws)
            .map_err(|e| e.to_string())
            .expect_err("too long");
        assert!(
            message.ends_with(&format!("got 1005 in 'us-{}…'", "a".repeat(61))),
            "{message}"
        );
    }

    #[test]
    fn empty_is_no_regions() {
        assert_eq!(codes("", Partition::Aws), Ok(vec![]));
        assert_eq!(codes(" \n , \r\n", Partition::AwsCn), Ok(vec![]));
    }

    #[test]
    fn regions_keep_their_partition() {
        let rs = parse_regions("cn-north-1\ncn-northwest-1", Partition::AwsCn);
        assert!(rs.is_ok_and(|rs| rs.iter().all(|r| r.partition() == Partition::AwsCn)));
    }

    #[test]
    fn region_of_another_partition_is_refused() {
        let err = parse_regions("cn-north-1\neu-west-1", Partition::AwsCn);
        assert_eq!(
            err,
            Err(RegionsError::OtherPartition {
                at: Position {
                    line: 2,
                    item: None
                },
                code: "eu-west-1".into(),
                partition: Partition::AwsCn,
                belongs_to: Partition::Aws,
            })
        );
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("line 2: 'eu-west-1' is not a region of partition 'aws-cn' (its regions look like cn-north-1); 'eu-west-1' is in 'aws'".to_owned())
        );
        assert!(matches!(
            parse_regions("us-gov-west-1", Partition::Aws),
            Err(RegionsError::OtherPartition {
                belongs_to: Partition::AwsUsGov,
                ..
            })
        ));
        assert!(matches!(
            parse_regions("us-east-1", Partition::AwsUsGov),
            Err(RegionsError::OtherPartition {
                belongs_to: Partition::Aws,
                ..
            })
        ));
    }

    #[test]
    fn upper_case_is_refused_with_the_lower_case_form() {
        let err = parse_regions("us-east-1, EU-West-1", Partition::Aws).map_err(|e| e.to_string());
        assert_eq!(
            err,
            Err(
                "line 1, item 2: region codes are lower-case; write 'eu-west-1', not 'EU-West-1'"
                    .to_owned()
            )
        );
        // Upper case and the wrong partition: the partition is the mistake to name.
        assert!(matches!(
            parse_regions("CN-NORTH-1", Partition::Aws),
            Err(RegionsError::OtherPartition {
                belongs_to: Partition::AwsCn,
                ..
            })
        ));
    }

    #[test]
    fn duplicates_name_both_places() {
        let err = parse_regions("us-east-1\neu-west-1, us-east-1", Partition::Aws)
            .map_err(|e| e.to_string());
        assert_eq!(
            err,
            Err("line 2, item 2: 'us-east-1' is listed twice (first at line 1); list each region once".to_owned())
        );
    }

    #[test]
    fn not_a_region_says_what_is_allowed() {
        for text in [
            "us-east",
            "us-east-1a",
            "\"us-east-1\"",
            "us-east-1;eu-west-1",
            "xx-east-1",
            "*",
        ] {
            assert!(
                matches!(
                    parse_regions(text, Partition::Aws),
                    Err(RegionsError::NotARegion { .. })
                ),
                "{text}"
            );
        }
        let err = parse_regions("eu-west-1\nus_east_1", Partition::Aws).map_err(|e| e.to_string());
        assert_eq!(
            err,
            Err("line 2: 'us_east_1' is not a region code; region codes of partition 'aws' look like us-east-1, one a line or separated by commas".to_owned())
        );
    }

    #[test]
    fn long_codes_are_refused() {
        let code = format!("us-{}-1", "a".repeat(MAX_REGION_CODE_LEN));
        assert!(Partition::Aws.has_region(&code));
        assert!(matches!(
            parse_regions(&code, Partition::Aws),
            Err(RegionsError::TooLong { .. })
        ));
        let longest = format!("us-{}-1", "a".repeat(MAX_REGION_CODE_LEN - 5));
        assert_eq!(longest.len(), MAX_REGION_CODE_LEN);
        assert!(parse_regions(&longest, Partition::Aws).is_ok());
    }

    #[test]
    fn at_most_max_regions() {
        let many: Vec<String> = (1..=MAX_REGIONS + 1)
            .map(|n| format!("us-east-{n}"))
            .collect();
        assert!(parse_regions(&many[..MAX_REGIONS].join("\n"), Partition::Aws).is_ok());
        assert_eq!(
            parse_regions(&many.join(","), Partition::Aws),
            Err(RegionsError::TooMany {
                count: MAX_REGIONS + 1
            })
        );
    }
}
