//! C surface of ingestion: JSON in, JSON out (`waflows_bytes`).
use serde_json::{Map, Value, json};

use super::{
    ffi_boundary, ffi_result, need_out, slice_from, waflows_bytes, waflows_result, write_bytes,
    write_json,
};
use crate::Error;
use crate::ingest::{self, Policy, Problem, Record};

pub(crate) fn policy_from(p: u32) -> Result<Policy, Error> {
    super::catalogue::from_c(p)
}

pub(crate) fn problems_json(ps: &[Problem]) -> Value {
    Value::Array(
        ps.iter()
            .map(|p| serde_json::to_value(p).unwrap_or(Value::Null))
            .collect(),
    )
}

pub(crate) fn records_json(rs: &[Record]) -> Value {
    Value::Array(rs.iter().map(Record::to_json).collect())
}

/// Extracts `ct-evt` / `ct-up` from a payload (`payload`, `payload_len` bytes of JSON: a
/// decrypted request's `data` or a completion's `response_json`). `policy` is one of
/// `WAFLOWS_INGEST_POLICY_*`. On success `*result_out` receives JSON
/// `{"event": {"evtName","evtData"} | null, "profile": {...} | null, "problems": [...],
/// "rest": {...}}`; each problem is `{"code","key","pointer","message","outcome","value"?}`.
/// Free it with `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_INVALID_PAYLOAD` (not a JSON
/// object), `WAFLOWS_RESULT_LIMIT_EXCEEDED`, `WAFLOWS_RESULT_INVALID_ARGUMENT` (bad policy).
/// Thread-safe (no shared state).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_ingest_extract(
    payload: *const u8,
    payload_len: usize,
    policy: u32,
    result_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(result_out)?;
        let options = ingest::Options {
            policy: policy_from(policy)?,
            ..ingest::Options::default()
        };
        // SAFETY: the caller passes a valid (ptr, len) pair.
        let bytes = unsafe { slice_from(payload, payload_len) }?;
        let x = ingest::extract_json(bytes, &options)?;
        let v = json!({
            "event": x.event.as_ref().map_or(Value::Null, ingest::Event::to_json),
            "profile": x.profile.clone().map_or(Value::Null, Value::Object),
            "problems": problems_json(&x.problems),
            "rest": Value::Object(x.rest.clone()),
        });
        // SAFETY: checked non-NULL.
        unsafe { write_json(result_out, &v) }
    })
}

/// Ingests a whole messages-webhook body (`body`, `body_len` bytes). On success
/// `*result_out` receives JSON `{"records": [...], "problems": [...], "completions":
/// [{"message_id","identity","wa_id","user_id","flow_token","ts","pointer"}]}`; free it with
/// `waflows_bytes_free`. Errors: `WAFLOWS_RESULT_INVALID_WEBHOOK`,
/// `WAFLOWS_RESULT_LIMIT_EXCEEDED`, `WAFLOWS_RESULT_INVALID_ARGUMENT`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_ingest_webhook(
    body: *const u8,
    body_len: usize,
    policy: u32,
    result_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(result_out)?;
        let mut opts = ingest::WebhookOptions::default();
        opts.extract.policy = policy_from(policy)?;
        // SAFETY: the caller passes a valid (ptr, len) pair.
        let bytes = unsafe { slice_from(body, body_len) }?;
        let got = ingest::ingest_webhook_with(bytes, &opts)?;
        let completions: Vec<Value> = got
            .completions
            .iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("message_id".into(), json!(c.message_id));
                m.insert("identity".into(), json!(c.identity));
                m.insert("wa_id".into(), json!(c.wa_id));
                m.insert("user_id".into(), json!(c.user_id));
                m.insert("flow_token".into(), json!(c.flow_token));
                m.insert("ts".into(), json!(c.ts));
                m.insert("pointer".into(), json!(c.pointer));
                Value::Object(m)
            })
            .collect();
        let v = json!({
            "records": records_json(&got.records),
            "problems": problems_json(&got.problems),
            "completions": completions,
        });
        // SAFETY: checked non-NULL.
        unsafe { write_json(result_out, &v) }
    })
}

/// Splits upload records (`records_json`: a JSON array of record objects, as found in
/// `"records"` above) into CleverTap upload bodies `{"d":[...]}` of at most 1000 records.
/// `*bodies_out` receives the bodies one per line (`\n`-separated compact JSON; empty when
/// there are no records); free it with `waflows_bytes_free`. Errors:
/// `WAFLOWS_RESULT_INVALID_RECORD`, `WAFLOWS_RESULT_LIMIT_EXCEEDED`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_ingest_upload_bodies(
    records_json: *const u8,
    records_json_len: usize,
    bodies_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(bodies_out)?;
        // SAFETY: the caller passes a valid (ptr, len) pair.
        let bytes = unsafe { slice_from(records_json, records_json_len) }?;
        let bodies = ingest::upload_bodies_from_json(bytes)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(bodies_out, bodies.join("\n")) }
    })
}
