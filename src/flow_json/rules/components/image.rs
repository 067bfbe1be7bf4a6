//! Image: a static `src` is base64 image data.

use serde_json::{Map, Value};

use crate::flow_json::rules::schema::image_src;
use crate::flow_json::rules::{Ctx, Lookup, Path, Seg, join};

/// Image: a static `src` is base64 image data.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Map<String, Value>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    if let Some(src) = o.fget("src").and_then(Value::as_str) {
        image_src(ctx, &sub("src"), src);
    }
}
