//! From the commits that touched one API folder to its [`ApiHistory`]: the changelog, the
//! status and version timelines, and the "time from proposed to sandbox" KPI. Plain data in,
//! plain data out: no git here.

use std::collections::HashSet;

use crate::model::{ApiHistory, Change, Status, StatusChange, Timestamp, VersionChange};

/// One commit that touched the folder, with what the history reads from it.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Step {
    /// Full commit id (hex).
    pub(super) commit: String,
    pub(super) time: i64,
    pub(super) subject: String,
    /// Status after the commit, when index.md changed and says one.
    pub(super) status: Option<Status>,
    /// `info.version` after the commit, when the spec changed and says one.
    pub(super) version: Option<String>,
    /// The state at a shallow clone's boundary, not a change.
    pub(super) boundary: bool,
}

const DAY: i64 = 86_400;

/// The history of one folder from its steps, oldest first.
pub(super) fn api_history(steps: &[Step]) -> ApiHistory {
    let truncated = steps.iter().any(|s| s.boundary);
    let mut statuses: Vec<StatusChange> = Vec::new();
    let mut versions: Vec<VersionChange> = Vec::new();
    let mut status_now: Option<Status> = None;
    let mut seen_versions: HashSet<&str> = HashSet::new();
    for s in steps {
        if let Some(status) = s.status {
            if status_now != Some(status) && !s.boundary {
                statuses.push(StatusChange { status, commit: s.commit.clone(), time: Timestamp(s.time) });
            }
            status_now = Some(status);
        }
        if let Some(v) = &s.version {
            if seen_versions.insert(v.as_str()) && !s.boundary {
                versions.push(VersionChange { label: v.clone(), commit: s.commit.clone(), time: Timestamp(s.time) });
            }
        }
    }
    let changes: Vec<Change> = steps
        .iter()
        .rev()
        .filter(|s| !s.boundary)
        .map(|s| Change { short: s.commit.chars().take(7).collect(), commit: s.commit.clone(), time: Timestamp(s.time), subject: s.subject.clone() })
        .collect();
    let created = if truncated { None } else { changes.last().map(|c| c.time) };
    // The KPI starts when the folder was created as a proposal (index.md may have come a
    // commit later: the folder's creation still counts), and ends at the first later stage.
    let proposed_at = match (created, statuses.first()) {
        (Some(created), Some(first)) if first.status == Status::Proposed => Some(created),
        _ => None,
    };
    let sandbox_at = proposed_at
        .and_then(|_| statuses.iter().find(|s| matches!(s.status, Status::Prototype | Status::Sandbox | Status::Pilot | Status::Production)).map(|s| s.time));
    let days = match (proposed_at, sandbox_at) {
        (Some(p), Some(r)) => Some((r.0 - p.0).max(0).div_euclid(DAY)),
        _ => None,
    };
    ApiHistory {
        created,
        updated: changes.first().map(|c| c.time),
        changes,
        statuses,
        versions,
        proposed_at,
        sandbox_at,
        proposed_to_sandbox_days: days,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(day: i64, status: Option<Status>, version: Option<&str>) -> Step {
        Step { commit: format!("{day:040x}"), time: day * DAY, subject: format!("day {day}"), status, version: version.map(str::to_string), boundary: false }
    }

    #[test]
    fn statuses_and_versions_are_recorded_when_they_change() {
        let steps = [
            step(0, Some(Status::Proposed), Some("0.1")),
            step(3, None, Some("0.2")),
            step(4, Some(Status::Proposed), None),
            step(9, Some(Status::Sandbox), Some("0.1")),
            step(20, Some(Status::Production), Some("1.0")),
        ];
        let h = api_history(&steps);
        let s: Vec<Status> = h.statuses.iter().map(|s| s.status).collect();
        assert_eq!(s, [Status::Proposed, Status::Sandbox, Status::Production]);
        let v: Vec<&str> = h.versions.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(v, ["0.1", "0.2", "1.0"], "a version seen before is not new");
        assert_eq!(h.changes.len(), 5);
        assert_eq!(h.changes[0].subject, "day 20");
        assert_eq!(h.created, Some(Timestamp(0)));
        assert_eq!(h.updated, Some(Timestamp(20 * DAY)));
        assert_eq!((h.proposed_at, h.sandbox_at, h.proposed_to_sandbox_days), (Some(Timestamp(0)), Some(Timestamp(9 * DAY)), Some(9)));
    }

    #[test]
    fn prototype_counts_as_reaching_the_sandbox_stage() {
        let h = api_history(&[step(0, Some(Status::Proposed), None), step(2, Some(Status::Prototype), None), step(5, Some(Status::Sandbox), None)]);
        assert_eq!(h.proposed_to_sandbox_days, Some(2));
    }

    #[test]
    fn the_kpi_starts_at_the_folder_even_when_index_md_came_later() {
        let h = api_history(&[step(1, None, Some("1")), step(4, Some(Status::Proposed), None), step(11, Some(Status::Pilot), None)]);
        assert_eq!(h.proposed_at, Some(Timestamp(DAY)));
        assert_eq!(h.proposed_to_sandbox_days, Some(10));
    }

    #[test]
    fn no_kpi_for_an_api_added_at_a_later_stage_or_still_proposed() {
        let added_late = api_history(&[step(0, Some(Status::Production), None), step(1, Some(Status::Proposed), None), step(5, Some(Status::Sandbox), None)]);
        assert_eq!((added_late.proposed_at, added_late.proposed_to_sandbox_days), (None, None));
        let waiting = api_history(&[step(0, Some(Status::Proposed), None), step(5, None, Some("2"))]);
        assert_eq!(waiting.proposed_at, Some(Timestamp(0)));
        assert_eq!((waiting.sandbox_at, waiting.proposed_to_sandbox_days), (None, None));
    }

    #[test]
    fn a_shallow_boundary_seeds_the_state_but_is_no_change() {
        let mut boundary = step(10, Some(Status::Proposed), Some("1.0"));
        boundary.boundary = true;
        let h = api_history(&[boundary, step(12, Some(Status::Proposed), Some("1.0")), step(15, Some(Status::Sandbox), Some("2.0"))]);
        assert!(h.truncated);
        assert_eq!(h.created, None);
        assert_eq!(h.changes.len(), 2);
        let s: Vec<Status> = h.statuses.iter().map(|s| s.status).collect();
        assert_eq!(s, [Status::Sandbox], "the status it already had is no change");
        let v: Vec<&str> = h.versions.iter().map(|v| v.label.as_str()).collect();
        assert_eq!(v, ["2.0"]);
        assert_eq!(h.proposed_to_sandbox_days, None, "when it was proposed is unknown");
    }
}
