//! A decision kept behind a binding handle (the C `waflows_decision`, the Python `Decision`):
//! readable through a shared reference, with the forward's continuation taken at most once.
use std::sync::Mutex;

use super::{Continuation, Decision, Reply};
use crate::ingest::{Problem, Record};
use crate::{Error, ErrorCode};

enum Data {
    Reply(Reply),
    Forward {
        json: String,
        records: Vec<Record>,
        problems: Vec<Problem>,
        identity: Option<String>,
    },
}

/// A [`Decision`] whose continuation can be taken once from a shared reference, so a handle
/// can be read from several places and resumed safely.
pub(crate) struct HeldDecision {
    data: Data,
    continuation: Mutex<Option<Continuation>>,
}

impl From<Decision> for HeldDecision {
    fn from(d: Decision) -> Self {
        match d {
            Decision::Reply(r) => HeldDecision {
                data: Data::Reply(r),
                continuation: Mutex::new(None),
            },
            Decision::Forward(f) => HeldDecision {
                data: Data::Forward {
                    json: f.json,
                    records: f.records,
                    problems: f.problems,
                    identity: f.identity,
                },
                continuation: Mutex::new(Some(f.continuation)),
            },
        }
    }
}

impl From<Reply> for HeldDecision {
    fn from(r: Reply) -> Self {
        HeldDecision::from(Decision::Reply(r))
    }
}

impl HeldDecision {
    /// The reply, if this is one.
    pub(crate) fn reply(&self) -> Option<&Reply> {
        match &self.data {
            Data::Reply(r) => Some(r),
            Data::Forward { .. } => None,
        }
    }

    /// The JSON to POST to the customer endpoint, if this is a forward.
    pub(crate) fn forward_json(&self) -> Option<&str> {
        match &self.data {
            Data::Forward { json, .. } => Some(json),
            Data::Reply(_) => None,
        }
    }

    /// The upload records, whatever the kind.
    pub(crate) fn records(&self) -> &[Record] {
        match &self.data {
            Data::Reply(r) => &r.records,
            Data::Forward { records, .. } => records,
        }
    }

    /// The ingestion problems, whatever the kind.
    pub(crate) fn problems(&self) -> &[Problem] {
        match &self.data {
            Data::Reply(r) => &r.problems,
            Data::Forward { problems, .. } => problems,
        }
    }

    /// The identity the request was attributed to, whatever the kind.
    pub(crate) fn identity(&self) -> Option<&str> {
        match &self.data {
            Data::Reply(r) => r.identity.as_deref(),
            Data::Forward { identity, .. } => identity.as_deref(),
        }
    }

    /// Takes the continuation of a forward. Errors: `InvalidArgument` for a reply,
    /// `RelayContinuationUsed` when it was taken before.
    pub(crate) fn take_continuation(&self) -> Result<Continuation, Error> {
        if self.reply().is_some() {
            return Err(Error::invalid_argument(
                "only a forward decision can be resumed",
            ));
        }
        let mut guard = match self.continuation.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        guard.take().ok_or_else(|| {
            Error::new(
                ErrorCode::RelayContinuationUsed,
                "this decision was already resumed",
            )
        })
    }
}
