//! Flow JSON versions and the version table (data, not code: the next Meta change is an edit
//! of [`VERSIONS`]).

use std::fmt;

/// A Flow JSON version `major.minor`, compared numerically per part (`7.10 > 7.9`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FlowVersion {
    /// Major part.
    pub major: u16,
    /// Minor part.
    pub minor: u16,
}

impl FlowVersion {
    /// Builds a version.
    #[must_use]
    pub const fn new(major: u16, minor: u16) -> FlowVersion {
        FlowVersion { major, minor }
    }

    /// Parses `"<major>.<minor>"` (digits only, major 1…32766, minor 0…99, as Flow Builder does).
    #[must_use]
    pub fn parse(s: &str) -> Option<FlowVersion> {
        let (a, b) = s.split_once('.')?;
        let digits =
            |t: &str| !t.is_empty() && t.len() <= 5 && t.bytes().all(|c| c.is_ascii_digit());
        if !digits(a) || !digits(b) {
            return None;
        }
        let major: u16 = a.parse().ok()?;
        let minor: u16 = b.parse().ok()?;
        if !(1..=32766).contains(&major) || minor > 99 {
            return None;
        }
        Some(FlowVersion { major, minor })
    }
}

impl fmt::Display for FlowVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The lifecycle state of a Flow JSON version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VersionState {
    /// Can be published and sent.
    Active,
    /// Can be sent, but flows can no longer be created, updated or published.
    Frozen,
    /// Can neither be sent nor opened.
    Expired,
}

/// One row of the version table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionInfo {
    /// The version.
    pub version: FlowVersion,
    /// Its state.
    pub state: VersionState,
    /// The `data_api_version` values accepted with it.
    pub data_api_versions: &'static [&'static str],
}

const DAPI_3: &[&str] = &["3.0"];
const DAPI_3_4: &[&str] = &["3.0", "4.0"];

const fn row(
    major: u16,
    minor: u16,
    state: VersionState,
    d: &'static [&'static str],
) -> VersionInfo {
    VersionInfo {
        version: FlowVersion::new(major, minor),
        state,
        data_api_versions: d,
    }
}

/// The public Flow JSON versions as of early 2026 (Meta's changelog). Versions not listed
/// (internal ones like 5.2 or the unannounced 7.4) are unknown and rejected.
pub const VERSIONS: &[VersionInfo] = &[
    row(2, 1, VersionState::Frozen, DAPI_3),
    row(3, 0, VersionState::Frozen, DAPI_3),
    row(3, 1, VersionState::Frozen, DAPI_3),
    row(4, 0, VersionState::Frozen, DAPI_3),
    row(5, 0, VersionState::Frozen, DAPI_3),
    row(5, 1, VersionState::Active, DAPI_3),
    row(6, 0, VersionState::Active, DAPI_3),
    row(6, 1, VersionState::Active, DAPI_3),
    row(6, 2, VersionState::Active, DAPI_3),
    row(6, 3, VersionState::Active, DAPI_3),
    row(7, 0, VersionState::Active, DAPI_3),
    row(7, 1, VersionState::Active, DAPI_3),
    row(7, 2, VersionState::Active, DAPI_3),
    row(7, 3, VersionState::Active, DAPI_3_4),
];

/// The table row of a version, if it is a known public version.
#[must_use]
pub fn lookup(v: FlowVersion) -> Option<&'static VersionInfo> {
    VERSIONS.iter().find(|r| r.version == v)
}

/// The versions as strings, for messages.
#[must_use]
pub fn known_list() -> String {
    VERSIONS
        .iter()
        .map(|r| r.version.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_compares_numerically() {
        assert_eq!(FlowVersion::parse("7.3"), Some(FlowVersion::new(7, 3)));
        assert!(FlowVersion::parse("7.10").unwrap() > FlowVersion::parse("7.9").unwrap());
        for bad in [
            "7", "7.", ".3", "7.3.1", "a.b", "0.1", "7.100", "-1.0", "7 .3", "",
        ] {
            assert_eq!(FlowVersion::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn table_is_sorted_and_states_match_the_changelog() {
        assert!(VERSIONS.windows(2).all(|w| w[0].version < w[1].version));
        assert_eq!(
            lookup(FlowVersion::new(5, 0)).unwrap().state,
            VersionState::Frozen
        );
        assert_eq!(
            lookup(FlowVersion::new(5, 1)).unwrap().state,
            VersionState::Active
        );
        assert!(lookup(FlowVersion::new(7, 4)).is_none());
        assert!(lookup(FlowVersion::new(5, 2)).is_none());
    }
}
