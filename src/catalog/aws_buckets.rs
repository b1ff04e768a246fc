//! The AWS-owned S3 buckets that SSM Agent and Systems Manager read from, region by region.
//!
//! `AmazonEC2RoleforSSM` allowed S3 reads on `*`, which covered these buckets. Instances that
//! reach S3 through a VPC gateway endpoint need them named, in the instance role and in the
//! endpoint policy, once the old policy goes. Names are written by hand from AWS's pages;
//! where AWS documents no name for a region or partition, the lookup says so and names none.
//!
//! Sources:
//! <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
//! and <https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-operations-s3-buckets.html>

use std::fmt;

use super::Partition;
use super::regions::Region;

/// The page that lists the buckets SSM Agent reads, with their name patterns.
pub const AGENT_BUCKETS_URL: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html";

/// The page that lists Patch Manager's buckets region by region.
pub const PATCHING_BUCKETS_URL: &str =
    "https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-operations-s3-buckets.html";

/// One kind of AWS-owned bucket; each region has its own bucket of each kind it uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AwsBucket {
    /// `aws-windows-downloads-<region>`.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    WindowsDownloads,
    /// `amazon-ssm-<region>`.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    AgentUpdates,
    /// `amazon-ssm-packages-<region>`.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    LegacyPackages,
    /// `<region>-birdwatcher-prod`: every region but af-south-1 and eu-south-1.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    Distributor,
    /// `aws-ssm-distributor-file-<region>`: af-south-1 and eu-south-1 only.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    DistributorFile,
    /// `aws-ssm-document-attachments-<region>`.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    DocumentAttachments,
    /// `patch-baseline-snapshot-<region>`, with a suffix in six regions.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    PatchBaselineSnapshot,
    /// `aws-ssm-<region>`.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
    Modules,
    /// `aws-patch-manager-<region>-<suffix>`.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-operations-s3-buckets.html>
    PatchManager,
    /// `aws-patchmanager-macos-<region>-<suffix>`.
    /// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-operations-s3-buckets.html>
    PatchManagerMacos,
}

impl AwsBucket {
    /// Every kind, in the order the page lists them.
    pub const ALL: [AwsBucket; 10] = [
        AwsBucket::WindowsDownloads,
        AwsBucket::AgentUpdates,
        AwsBucket::LegacyPackages,
        AwsBucket::Distributor,
        AwsBucket::DistributorFile,
        AwsBucket::DocumentAttachments,
        AwsBucket::PatchBaselineSnapshot,
        AwsBucket::Modules,
        AwsBucket::PatchManager,
        AwsBucket::PatchManagerMacos,
    ];

    /// The name pattern, as AWS's pages write it.
    pub const fn pattern(self) -> &'static str {
        match self {
            AwsBucket::WindowsDownloads => "aws-windows-downloads-<region>",
            AwsBucket::AgentUpdates => "amazon-ssm-<region>",
            AwsBucket::LegacyPackages => "amazon-ssm-packages-<region>",
            AwsBucket::Distributor => "<region>-birdwatcher-prod",
            AwsBucket::DistributorFile => "aws-ssm-distributor-file-<region>",
            AwsBucket::DocumentAttachments => "aws-ssm-document-attachments-<region>",
            AwsBucket::PatchBaselineSnapshot => "patch-baseline-snapshot-<region>",
            AwsBucket::Modules => "aws-ssm-<region>",
            AwsBucket::PatchManager => "aws-patch-manager-<region>-<suffix>",
            AwsBucket::PatchManagerMacos => "aws-patchmanager-macos-<region>-<suffix>",
        }
    }

    /// What SSM Agent reads from the bucket, in one line.
    pub const fn purpose(self) -> &'static str {
        match self {
            AwsBucket::WindowsDownloads => {
                "files for SSM documents that run on Windows Server only"
            }
            AwsBucket::AgentUpdates => {
                "SSM Agent install and update packages (AWS-UpdateSSMAgent); without it the agent retries unsigned over the public endpoint"
            }
            AwsBucket::LegacyPackages => {
                "packages for AWS-ConfigureAWSPackage on SSM Agent older than 2.2.45.0"
            }
            AwsBucket::Distributor => {
                "Distributor's package service for SSM Agent 2.2.45.0 and later (AWS-ConfigureAWSPackage)"
            }
            AwsBucket::DistributorFile => {
                "Distributor's package service for SSM Agent 2.2.45.0 and later, in af-south-1 and eu-south-1"
            }
            AwsBucket::DocumentAttachments => {
                "AWS-owned Distributor packages, such as AwsVssComponents and the CloudWatch agent"
            }
            AwsBucket::PatchBaselineSnapshot => {
                "patch baseline snapshots for AWS-RunPatchBaseline and related documents"
            }
            AwsBucket::Modules => "modules that SSM documents run on Linux and Windows Server",
            AwsBucket::PatchManager => {
                "Patch Manager's documents for Linux and Windows Server (AWS-RunPatchBaseline and others)"
            }
            AwsBucket::PatchManagerMacos => {
                "Patch Manager's documents for macOS (AWS-RunPatchBaseline and others)"
            }
        }
    }

    /// The AWS page that documents the bucket.
    pub const fn source(self) -> &'static str {
        match self {
            AwsBucket::WindowsDownloads
            | AwsBucket::AgentUpdates
            | AwsBucket::LegacyPackages
            | AwsBucket::Distributor
            | AwsBucket::DistributorFile
            | AwsBucket::DocumentAttachments
            | AwsBucket::Modules => AGENT_BUCKETS_URL,
            AwsBucket::PatchBaselineSnapshot
            | AwsBucket::PatchManager
            | AwsBucket::PatchManagerMacos => PATCHING_BUCKETS_URL,
        }
    }

    /// The bucket of this kind in `region`, or why there is none.
    fn lookup(self, region: &Region) -> Lookup {
        match region.partition() {
            Partition::Aws => self.commercial(region),
            Partition::AwsCn | Partition::AwsUsGov => self.china_or_govcloud(region),
        }
    }

    fn commercial(self, region: &Region) -> Lookup {
        let r = region.as_str();
        let patching = patching_region(region);
        let distributor_file_region = DISTRIBUTOR_FILE_REGIONS.contains(&r);
        let not_listed = || Lookup::Undocumented(Gap::RegionNotListed);
        match self {
            AwsBucket::WindowsDownloads => Lookup::Bucket(format!("aws-windows-downloads-{r}")),
            AwsBucket::AgentUpdates => Lookup::Bucket(format!("amazon-ssm-{r}")),
            AwsBucket::LegacyPackages => Lookup::Bucket(format!("amazon-ssm-packages-{r}")),
            AwsBucket::Distributor if distributor_file_region => Lookup::NotUsed,
            AwsBucket::Distributor => Lookup::Bucket(format!("{r}-birdwatcher-prod")),
            AwsBucket::DistributorFile if distributor_file_region => {
                Lookup::Bucket(format!("aws-ssm-distributor-file-{r}"))
            }
            AwsBucket::DistributorFile => Lookup::NotUsed,
            AwsBucket::DocumentAttachments => {
                Lookup::Bucket(format!("aws-ssm-document-attachments-{r}"))
            }
            AwsBucket::PatchBaselineSnapshot => match patching {
                Some(PatchingRegion {
                    snapshot_suffix: Some(suffix),
                    ..
                }) => Lookup::Bucket(format!("patch-baseline-snapshot-{r}-{suffix}")),
                Some(_) => Lookup::Bucket(format!("patch-baseline-snapshot-{r}")),
                None => not_listed(),
            },
            AwsBucket::Modules => Lookup::Bucket(format!("aws-ssm-{r}")),
            AwsBucket::PatchManager => match patching {
                Some(p) => Lookup::Bucket(format!("aws-patch-manager-{r}-{}", p.suffix)),
                None => not_listed(),
            },
            AwsBucket::PatchManagerMacos => match patching {
                Some(p) => Lookup::Bucket(format!("aws-patchmanager-macos-{r}-{}", p.suffix)),
                None => not_listed(),
            },
        }
    }

    /// AWS's pages show commercial ARNs only. The one name known in China and GovCloud is
    /// `aws-ssm-<region>`, from which AWS-RunPatchBaseline's scripts are read there; every
    /// other kind is named as undocumented rather than guessed.
    fn china_or_govcloud(self, region: &Region) -> Lookup {
        let r = region.as_str();
        let undocumented = Lookup::Undocumented(Gap::PartitionNotDocumented);
        match self {
            AwsBucket::Modules => Lookup::Bucket(format!("aws-ssm-{r}")),
            AwsBucket::PatchManager | AwsBucket::PatchManagerMacos => {
                Lookup::Undocumented(Gap::PatchManagerUsesModules)
            }
            // Documented for two commercial regions only; the partition's distributor bucket,
            // whichever it is, is reported under `Distributor`.
            AwsBucket::DistributorFile => Lookup::NotUsed,
            AwsBucket::WindowsDownloads
            | AwsBucket::AgentUpdates
            | AwsBucket::LegacyPackages
            | AwsBucket::Distributor
            | AwsBucket::DocumentAttachments
            | AwsBucket::PatchBaselineSnapshot => undocumented,
        }
    }
}

impl fmt::Display for AwsBucket {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pattern())
    }
}

/// The two regions that use `aws-ssm-distributor-file-<region>` instead of
/// `<region>-birdwatcher-prod`, sorted.
/// Source: <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
pub const DISTRIBUTOR_FILE_REGIONS: [&str; 2] = ["af-south-1", "eu-south-1"];

/// A region on AWS's page of patching buckets, with the suffixes of its bucket names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PatchingRegion {
    /// The region code.
    pub region: &'static str,
    /// The suffix of `aws-patch-manager-<region>-<suffix>` and of
    /// `aws-patchmanager-macos-<region>-<suffix>` (the same for both).
    pub suffix: &'static str,
    /// The suffix of `patch-baseline-snapshot-<region>-<suffix>`, in the six regions whose
    /// snapshot bucket has one.
    pub snapshot_suffix: Option<&'static str>,
}

const fn listed(region: &'static str, suffix: &'static str) -> PatchingRegion {
    PatchingRegion {
        region,
        suffix,
        snapshot_suffix: None,
    }
}

const fn listed_with_snapshot_suffix(
    region: &'static str,
    suffix: &'static str,
    snapshot_suffix: &'static str,
) -> PatchingRegion {
    PatchingRegion {
        region,
        suffix,
        snapshot_suffix: Some(snapshot_suffix),
    }
}

/// Every region on AWS's page of Patch Manager buckets (commercial partition only), sorted by
/// region code, with its bucket suffix; and the six regions whose patch baseline snapshot
/// bucket carries a suffix too, from the agent's minimum S3 permissions page.
/// Sources: <https://docs.aws.amazon.com/systems-manager/latest/userguide/patch-operations-s3-buckets.html>,
/// <https://docs.aws.amazon.com/systems-manager/latest/userguide/ssm-agent-minimum-s3-permissions.html>
pub const PATCHING_REGIONS: [PatchingRegion; 29] = [
    listed_with_snapshot_suffix("af-south-1", "bdd5f65a9", "tbxdb5b9"),
    listed("ap-east-1", "632356271"),
    listed("ap-northeast-1", "4849fa78f"),
    listed("ap-northeast-2", "10467995c"),
    listed("ap-northeast-3", "67373598a"),
    listed("ap-south-1", "cb7c62ff9"),
    listed_with_snapshot_suffix("ap-south-2", "32f4b4128", "50209442"),
    listed("ap-southeast-1", "7fdfd9ef7"),
    listed("ap-southeast-2", "17283a275"),
    listed_with_snapshot_suffix("ap-southeast-3", "aa48fc462", "be0a3174"),
    listed_with_snapshot_suffix("ap-southeast-4", "01e2c40d3", "dc6f76ce"),
    listed("ca-central-1", "3148e69e3"),
    listed("ca-west-1", "9e3a4b2f9"),
    listed("eu-central-1", "9163fdaaf"),
    listed("eu-central-2", "184ce43c8"),
    listed("eu-north-1", "795879e9b"),
    listed("eu-south-1", "c52f3f594"),
    listed_with_snapshot_suffix("eu-south-2", "a4cf248b1", "df2c9d70"),
    listed("eu-west-1", "5522fb710"),
    listed("eu-west-2", "902a2bc74"),
    listed("eu-west-3", "29bf85721"),
    listed("il-central-1", "e221cb57b"),
    listed("me-central-1", "2932f2f80"),
    listed_with_snapshot_suffix("me-south-1", "a53fc9dce", "uduvl7q8"),
    listed("sa-east-1", "ddf4b6a09"),
    listed("us-east-1", "1970c647d"),
    listed("us-east-2", "552881074"),
    listed("us-west-1", "8badb4304"),
    listed("us-west-2", "34d7f99f8"),
];

/// The region's row on AWS's page of patching buckets, if it has one.
pub fn patching_region(region: &Region) -> Option<&'static PatchingRegion> {
    match region.partition() {
        Partition::Aws => PATCHING_REGIONS
            .binary_search_by(|p| p.region.cmp(region.as_str()))
            .ok()
            .map(|i| &PATCHING_REGIONS[i]),
        Partition::AwsCn | Partition::AwsUsGov => None,
    }
}

enum Lookup {
    Bucket(String),
    NotUsed,
    Undocumented(Gap),
}

/// Why a region has no documented bucket of some kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// The region is not on AWS's page of patching buckets, which has a table per bucket.
    RegionNotListed,
    /// AWS documents this bucket for the commercial partition (`aws`) only.
    PartitionNotDocumented,
    /// In China and GovCloud, Patch Manager reads from `aws-ssm-<region>` instead of the
    /// suffixed buckets (AWS-RunPatchBaseline's scripts).
    PatchManagerUsesModules,
}

/// An AWS-owned bucket of one region.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionalBucket {
    /// Its kind.
    pub kind: AwsBucket,
    /// Its name.
    pub name: String,
    /// The ARN of its objects, `arn:<partition>:s3:::<name>/*`.
    pub object_arn: String,
}

/// A bucket kind a region needs but AWS names no bucket for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undocumented {
    /// Its kind.
    pub kind: AwsBucket,
    /// Why no name is known.
    pub gap: Gap,
    /// The region.
    pub region: Region,
}

impl Undocumented {
    /// What the page shows in place of a bucket name.
    pub fn message(&self) -> String {
        let kind = self.kind.pattern();
        let r = &self.region;
        let p = r.partition();
        match self.gap {
            Gap::RegionNotListed => format!(
                "{kind}: AWS names this bucket for {} regions, not for {r}; no name is guessed",
                PATCHING_REGIONS.len()
            ),
            Gap::PartitionNotDocumented => format!(
                "{kind}: AWS documents this bucket for the aws partition only, not for {p}; no name is known for {r}"
            ),
            Gap::PatchManagerUsesModules => format!(
                "{kind}: not documented for {p}; Patch Manager there reads its scripts from aws-ssm-{r}, which is listed"
            ),
        }
    }
}

/// The AWS-owned buckets of one region, and what AWS does not document there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionBuckets {
    /// The region.
    pub region: Region,
    /// Its buckets, in [`AwsBucket::ALL`] order.
    pub buckets: Vec<RegionalBucket>,
    /// The kinds with no documented bucket in this region or partition.
    pub undocumented: Vec<Undocumented>,
}

/// The AWS-owned buckets of `region`, in the region's partition. Kinds the region does not use
/// (the birdwatcher bucket in af-south-1, say) are in neither list.
pub fn buckets_for(region: &Region) -> RegionBuckets {
    let p = region.partition().id();
    let mut buckets = Vec::new();
    let mut undocumented = Vec::new();
    for kind in AwsBucket::ALL {
        match kind.lookup(region) {
            Lookup::Bucket(name) => buckets.push(RegionalBucket {
                kind,
                object_arn: format!("arn:{p}:s3:::{name}/*"),
                name,
            }),
            Lookup::NotUsed => {}
            Lookup::Undocumented(gap) => undocumented.push(Undocumented {
                kind,
                gap,
                region: region.clone(),
            }),
        }
    }
    RegionBuckets {
        region: region.clone(),
        buckets,
        undocumented,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::regions::parse_regions;

    fn region(code: &str, partition: Partition) -> Region {
        match parse_regions(code, partition).as_deref() {
            Ok([r]) => r.clone(),
            other => panic!("{code}: {other:?}"),
        }
    }

    fn names(code: &str, partition: Partition) -> Vec<String> {
        buckets_for(&region(code, partition))
            .buckets
            .into_iter()
            .map(|b| b.name)
            .collect()
    }

    #[test]
    fn patching_regions_are_sorted_and_unique() {
        assert!(
            PATCHING_REGIONS
                .windows(2)
                .all(|w| w[0].region < w[1].region),
            "PATCHING_REGIONS must be sorted by region with no duplicates"
        );
        assert!(DISTRIBUTOR_FILE_REGIONS.windows(2).all(|w| w[0] < w[1]));
        assert!(AwsBucket::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn patching_regions_are_commercial_regions() {
        for p in PATCHING_REGIONS {
            assert!(Partition::Aws.has_region(p.region), "{}", p.region);
        }
        for r in DISTRIBUTOR_FILE_REGIONS {
            assert!(PATCHING_REGIONS.iter().any(|p| p.region == r), "{r}");
        }
    }

    #[test]
    fn patch_manager_suffixes_are_nine_hex_digits() {
        for p in PATCHING_REGIONS {
            assert!(
                p.suffix.len() == 9
                    && p.suffix
                        .bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
                "{}: {}",
                p.region,
                p.suffix
            );
        }
    }

    #[test]
    fn the_six_snapshot_exceptions_are_present() {
        // From AWS's page, name by name.
        let exceptions = [
            ("af-south-1", "patch-baseline-snapshot-af-south-1-tbxdb5b9"),
            ("ap-south-2", "patch-baseline-snapshot-ap-south-2-50209442"),
            (
                "ap-southeast-3",
                "patch-baseline-snapshot-ap-southeast-3-be0a3174",
            ),
            (
                "ap-southeast-4",
                "patch-baseline-snapshot-ap-southeast-4-dc6f76ce",
            ),
            ("eu-south-2", "patch-baseline-snapshot-eu-south-2-df2c9d70"),
            ("me-south-1", "patch-baseline-snapshot-me-south-1-uduvl7q8"),
        ];
        for (code, bucket) in exceptions {
            assert!(
                names(code, Partition::Aws).contains(&bucket.to_owned()),
                "{code}"
            );
        }
        let with_suffix: Vec<&str> = PATCHING_REGIONS
            .iter()
            .filter(|p| p.snapshot_suffix.is_some())
            .map(|p| p.region)
            .collect();
        assert_eq!(with_suffix, exceptions.map(|(code, _)| code));
    }

    #[test]
    fn a_listed_region_has_nine_buckets() {
        let got = names("eu-west-1", Partition::Aws);
        let want = [
            "aws-windows-downloads-eu-west-1",
            "amazon-ssm-eu-west-1",
            "amazon-ssm-packages-eu-west-1",
            "eu-west-1-birdwatcher-prod",
            "aws-ssm-document-attachments-eu-west-1",
            "patch-baseline-snapshot-eu-west-1",
            "aws-ssm-eu-west-1",
            "aws-patch-manager-eu-west-1-5522fb710",
            "aws-patchmanager-macos-eu-west-1-5522fb710",
        ];
        assert_eq!(got, want);
        assert!(
            buckets_for(&region("eu-west-1", Partition::Aws))
                .undocumented
                .is_empty()
        );
    }

    #[test]
    fn af_south_1_and_eu_south_1_use_the_distributor_file_bucket() {
        for code in ["af-south-1", "eu-south-1"] {
            let got = names(code, Partition::Aws);
            assert!(
                got.contains(&format!("aws-ssm-distributor-file-{code}")),
                "{code}"
            );
            assert!(!got.iter().any(|n| n.contains("birdwatcher")), "{code}");
        }
        for p in PATCHING_REGIONS {
            let got = names(p.region, Partition::Aws);
            let file = got
                .iter()
                .any(|n| n.starts_with("aws-ssm-distributor-file-"));
            let birdwatcher = got.iter().any(|n| n.ends_with("-birdwatcher-prod"));
            assert!(
                file != birdwatcher,
                "{}: exactly one distributor bucket",
                p.region
            );
        }
    }

    #[test]
    fn no_arn_has_a_wildcard_for_the_region() {
        let mut regions: Vec<Region> = PATCHING_REGIONS
            .iter()
            .map(|p| region(p.region, Partition::Aws))
            .collect();
        regions.push(region("mx-central-1", Partition::Aws));
        regions.push(region("cn-northwest-1", Partition::AwsCn));
        regions.push(region("us-gov-east-1", Partition::AwsUsGov));
        for r in regions {
            for b in buckets_for(&r).buckets {
                let prefix = format!("arn:{}:s3:::", r.partition());
                let name = b
                    .object_arn
                    .strip_prefix(&prefix)
                    .and_then(|a| a.strip_suffix("/*"));
                assert_eq!(name, Some(b.name.as_str()), "{}", b.object_arn);
                assert!(
                    !b.name.contains('*') && b.name.contains(r.as_str()),
                    "{}",
                    b.name
                );
            }
        }
    }

    #[test]
    fn unlisted_commercial_region_names_no_patching_bucket() {
        let rb = buckets_for(&region("mx-central-1", Partition::Aws));
        let kinds: Vec<AwsBucket> = rb.undocumented.iter().map(|u| u.kind).collect();
        assert_eq!(
            kinds,
            [
                AwsBucket::PatchBaselineSnapshot,
                AwsBucket::PatchManager,
                AwsBucket::PatchManagerMacos
            ]
        );
        assert!(
            rb.undocumented
                .iter()
                .all(|u| u.gap == Gap::RegionNotListed)
        );
        assert_eq!(rb.buckets.len(), 6);
        assert!(rb.undocumented[1].message().contains("mx-central-1"));
    }

    #[test]
    fn china_and_govcloud_get_only_the_modules_bucket() {
        for (code, partition) in [
            ("cn-north-1", Partition::AwsCn),
            ("us-gov-west-1", Partition::AwsUsGov),
        ] {
            let rb = buckets_for(&region(code, partition));
            let arns: Vec<&str> = rb.buckets.iter().map(|b| b.object_arn.as_str()).collect();
            assert_eq!(arns, [format!("arn:{partition}:s3:::aws-ssm-{code}/*")]);
            // Every other kind is named as undocumented, the distributor bucket once.
            assert_eq!(rb.undocumented.len(), AwsBucket::ALL.len() - 2);
            let pm = rb
                .undocumented
                .iter()
                .find(|u| u.kind == AwsBucket::PatchManager);
            assert_eq!(pm.map(|u| u.gap), Some(Gap::PatchManagerUsesModules));
            assert!(pm.is_some_and(|u| u.message().contains(&format!("aws-ssm-{code}"))));
            assert!(
                rb.undocumented
                    .iter()
                    .all(|u| u.message().contains(partition.id()))
            );
        }
    }

    #[test]
    fn every_kind_is_documented_somewhere() {
        let all: Vec<AwsBucket> = PATCHING_REGIONS
            .iter()
            .flat_map(|p| buckets_for(&region(p.region, Partition::Aws)).buckets)
            .map(|b| b.kind)
            .collect();
        for kind in AwsBucket::ALL {
            assert!(all.contains(&kind), "{kind}");
            assert!(kind.source().starts_with("https://docs.aws.amazon.com/"));
            assert!(!kind.purpose().is_empty());
        }
    }
}
