//! C surface of the payload builders (JSON in, JSON out).
use super::{
    ffi_boundary, ffi_result, need_out, slice_from, waflows_bytes, waflows_result, write_bytes,
    write_json,
};
use crate::messages::{self, FlowMessage, TemplateSend};
use crate::templates::Template;

/// Builds the template creation body (`POST /{WABA_ID}/message_templates`) from a template
/// definition (the same JSON `waflows_template_validate` takes). Body variables become `{{1}}`,
/// `{{2}}`… in the order `waflows_template_variables` gives for the body. On success
/// `*body_out` receives the JSON body (free with `waflows_bytes_free`). Errors:
/// `WAFLOWS_RESULT_TEMPLATE_INVALID` (the message lists the problems; run
/// `waflows_template_validate` for the full report), `WAFLOWS_RESULT_MESSAGE_INVALID_FIELD`,
/// `WAFLOWS_RESULT_INVALID_ARGUMENT` (not a template's JSON), `WAFLOWS_RESULT_NULL_PARAMETER`.
/// Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_messages_template_creation(
    template_json: *const u8,
    template_json_len: usize,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: (template_json, len) readable (caller contract).
        let t = Template::from_json(unsafe { slice_from(template_json, template_json_len) }?)?;
        let c = messages::template_creation_body(&t)?;
        // SAFETY: checked non-NULL.
        unsafe { write_bytes(body_out, c.body.to_string()) }
    })
}

/// Builds the template send body (`type: template`, with the FLOW button's `flow_token` /
/// `flow_action_data` parameter) from `{"to", "template_name", "language", "button_index"?,
/// "flow_token"?, "flow_action_data"?, "body_parameters"?}`. On success `*body_out` receives the
/// JSON body (free with `waflows_bytes_free`). Errors: `WAFLOWS_RESULT_MESSAGE_INVALID_FIELD`,
/// `WAFLOWS_RESULT_MESSAGE_LIMIT_EXCEEDED`, `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_messages_template_send(
    send_json: *const u8,
    send_json_len: usize,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: (send_json, len) readable (caller contract).
        let s = TemplateSend::from_json(unsafe { slice_from(send_json, send_json_len) }?)?;
        let v = messages::template_send_body(&s)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(body_out, &v) }
    })
}

/// Builds the interactive flow message (`flow_message_version` "3") from `{"to", "body",
/// "flow_cta", "flow_id" | "flow_name", "header"?, "footer"?, "flow_token"?, "mode"?,
/// "flow_action"?, "screen"?, "data"?, "data_encoding"?}`. On success `*body_out` receives the
/// JSON body (free with `waflows_bytes_free`). Errors: `WAFLOWS_RESULT_MESSAGE_INVALID_FIELD`,
/// `WAFLOWS_RESULT_MESSAGE_LIMIT_EXCEEDED`, `WAFLOWS_RESULT_NULL_PARAMETER`. Thread-safe.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn waflows_messages_flow_message(
    message_json: *const u8,
    message_json_len: usize,
    body_out: *mut *mut waflows_bytes,
) -> waflows_result {
    ffi_result!({
        need_out(body_out)?;
        // SAFETY: (message_json, len) readable (caller contract).
        let m = FlowMessage::from_json(unsafe { slice_from(message_json, message_json_len) }?)?;
        let v = messages::flow_message(&m)?;
        // SAFETY: checked non-NULL.
        unsafe { write_json(body_out, &v) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::ffi::bytes::Bytes;

    #[test]
    fn builders_write_json_or_a_code() {
        let mut out = std::ptr::null_mut();
        let m = br#"{"to":"1","body":"b","flow_id":"2","flow_cta":"Go"}"#;
        // SAFETY: valid buffers and out-parameters.
        unsafe {
            assert_eq!(
                waflows_messages_flow_message(m.as_ptr(), m.len(), &raw mut out),
                waflows_result::OK
            );
            let json = crate::ffi::try_ref(out.cast_const())
                .map(|b: &Bytes| String::from_utf8_lossy(b.data()).into_owned())
                .unwrap_or_default();
            assert!(json.contains(r#""flow_message_version":"3""#), "{json}");
            super::super::waflows_bytes_free(out);
            let mut untouched = std::ptr::null_mut();
            let long = br#"{"to":"1","body":"b","flow_id":"2","flow_cta":"123456789012345678901"}"#;
            assert_eq!(
                waflows_messages_flow_message(long.as_ptr(), long.len(), &raw mut untouched),
                ErrorCode::MessageLimitExceeded
            );
            assert_eq!(
                waflows_messages_flow_message(b"x".as_ptr(), 1, &raw mut untouched),
                ErrorCode::MessageInvalidField
            );
            assert!(untouched.is_null());
            let s = br#"{"to":"1","template_name":"t","language":"en","button_index":10}"#;
            assert_eq!(
                waflows_messages_template_send(s.as_ptr(), s.len(), &raw mut untouched),
                ErrorCode::MessageLimitExceeded
            );
            let t = br#"{"name":"a","category":"SPAM","body":"b","button":{"text":"Go","flow_id":"1"}}"#;
            assert_eq!(
                waflows_messages_template_creation(t.as_ptr(), t.len(), &raw mut untouched),
                ErrorCode::TemplateInvalid
            );
            assert_eq!(
                waflows_messages_template_creation(t.as_ptr(), t.len(), std::ptr::null_mut()),
                waflows_result::NULL_PARAMETER
            );
            assert_eq!(
                waflows_messages_template_creation(std::ptr::null(), 5, &raw mut untouched),
                waflows_result::NULL_PARAMETER
            );
            assert!(untouched.is_null());
        }
    }
}
