//! The media components: Image, ImageCarousel (7.1), PhotoPicker and DocumentPicker (4.0) —
//! their catalogue rows, image sources (static ones are base64), carousel `images`, the
//! documented image sizes, and the file limits of a picker bound into a `complete` payload.

use crate::flow_json::tree::{Node, Obj};

use crate::flow_json::binding::Ty;
use crate::flow_json::issue::{IssueCode as C, Severity};
use crate::flow_json::limits::{MAX_CAROUSEL_IMAGES, MAX_CAROUSELS_PER_FLOW};
use crate::flow_json::rules::formats::is_base64;
use crate::flow_json::rules::gates::BLANK_STRINGS_REFUSED;
use crate::flow_json::rules::schema::{is_blank, is_prop_dynamic, str_value, type_err};
use crate::flow_json::rules::table::{
    Comp, CompType, CompType as T, ENABLED, K, NAME, NEVER, Place, VISIBLE, p, v,
};
use crate::flow_json::rules::{CompInfo, Ctx, Lookup, Path, Seg, join};

const SCALE: &[&str] = &["cover", "contain"];
const CAROUSEL_RATIO: &[&str] = &["4:3", "16:9"];
const PHOTO_SOURCE: &[&str] = &["camera_gallery", "camera", "gallery"];
/// DocumentPicker `allowed-mime-types` values.
pub(crate) const MIME_TYPES: &[&str] = &[
    "application/gzip",
    "application/msword",
    "application/pdf",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.oasis.opendocument.presentation",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/x-7z-compressed",
    "application/zip",
    "image/avif",
    "image/gif",
    "image/heic",
    "image/heif",
    "image/jpeg",
    "image/png",
    "image/tiff",
    "image/webp",
    "text/plain",
    "video/mp4",
    "video/mpeg",
];

/// Image.
pub(crate) const IMAGE: Comp = Comp::new(CompType::Image)
    .per_screen(3)
    .shape(check)
    .props(&[
        p("src", K::Str).req(),
        p("width", K::Int),
        p("height", K::Int),
        p("aspect-ratio", K::Num),
        p("scale-type", K::Enum(SCALE)),
        p("alt-text", K::Str),
        VISIBLE,
    ]);

/// ImageCarousel.
pub(crate) const IMAGE_CAROUSEL: Comp = Comp::new(CompType::ImageCarousel)
    .since(v(7, 1))
    .place(Place::branches(NEVER, NEVER))
    .per_screen(2)
    .per_flow(MAX_CAROUSELS_PER_FLOW)
    .props(&[
        p("images", K::Images).req(),
        p("aspect-ratio", K::Enum(CAROUSEL_RATIO)),
        p("scale-type", K::Enum(SCALE)),
        VISIBLE,
    ]);

/// PhotoPicker.
pub(crate) const PHOTO_PICKER: Comp = Comp::new(CompType::PhotoPicker)
    .since(v(4, 0))
    .input(Ty::Arr)
    .upload()
    .per_screen(1)
    .form_checked()
    .bounds(&[("min-uploaded-photos", "max-uploaded-photos")])
    .props(&[
        NAME,
        p("label", K::Str).req().chars(80),
        p("description", K::Str).chars(300),
        p("photo-source", K::Enum(PHOTO_SOURCE)),
        p("max-file-size-kb", K::IntRange(1, 25600)).fixed(),
        p("min-uploaded-photos", K::IntRange(0, 30)).fixed(),
        p("max-uploaded-photos", K::IntRange(1, 30)).fixed(),
        ENABLED,
        VISIBLE,
        p("error-message", K::StrOrObj),
    ]);

/// DocumentPicker.
pub(crate) const DOCUMENT_PICKER: Comp = Comp::new(CompType::DocumentPicker)
    .since(v(4, 0))
    .input(Ty::Arr)
    .upload()
    .per_screen(1)
    .form_checked()
    .bounds(&[("min-uploaded-documents", "max-uploaded-documents")])
    .props(&[
        NAME,
        p("label", K::Str).req().chars(80),
        p("description", K::Str).chars(300),
        p("max-file-size-kb", K::IntRange(1, 25600)).fixed(),
        p("min-uploaded-documents", K::IntRange(0, 30)).fixed(),
        p("max-uploaded-documents", K::IntRange(1, 30)).fixed(),
        p("allowed-mime-types", K::EnumArr(MIME_TYPES)),
        ENABLED,
        VISIBLE,
        p("error-message", K::StrOrObj),
    ]);

/// Image: a static `src` is base64 image data.
pub(crate) fn check<'a>(ctx: &mut Ctx<'a>, o: &'a Obj<'a>, path: &Path<'a>) {
    let sub = |k: &'a str| join(path, Seg::K(k));
    if let Some(src) = o.fget("src").and_then(Node::as_str) {
        image_src(ctx, &sub("src"), src);
    }
}

/// A static image source must be base64 image data (no data-URI prefix), the same rule for
/// `Image.src` (every version: Meta documents `src` as base64 since 2.1) and
/// `ImageCarousel.images[].src` (from 7.1, when the component appears). Dynamic values are
/// checked by the binding rules; from 6.0 a blank string is already a pattern mismatch.
pub(crate) fn image_src(ctx: &mut Ctx<'_>, path: &[Seg<'_>], s: &str) {
    if is_prop_dynamic(s, ctx.ver) || (BLANK_STRINGS_REFUSED.at(ctx.ver) && is_blank(s)) {
        return;
    }
    if !is_base64(s) {
        ctx.err(
            C::InvalidPropertyValueFormat,
            path,
            "image source is not valid base64".into(),
        );
    }
}

/// ImageCarousel `images`: 1 to the limit of `{src, alt-text}` objects.
pub(crate) fn images<'a>(ctx: &mut Ctx<'a>, path: Path<'a>, v: &'a Node<'a>) {
    let Some(a) = v.as_array() else {
        if v.is_string() {
            ctx.err(
                C::PatternMismatch,
                &path,
                "`images` should be of type array or have the `${data.…}` format".into(),
            );
        } else {
            type_err(ctx, &path, "images", "array", v);
        }
        return;
    };
    if a.is_empty() {
        ctx.err(
            C::MinItemsRequired,
            &path,
            "`images` should have at least 1 item".into(),
        );
    } else if a.len() > MAX_CAROUSEL_IMAGES {
        ctx.err(
            C::MaxItemsRequired,
            &path,
            format!("`images` should have at most {MAX_CAROUSEL_IMAGES} items"),
        );
    }
    for (i, img) in a.iter().enumerate() {
        let ip = join(&path, Seg::I(i));
        let Some(o) = img.as_object() else {
            type_err(ctx, &ip, "image", "object", img);
            continue;
        };
        for (k, val) in o {
            let kp = join(&ip, Seg::K(k.as_str()));
            match k.as_str() {
                "src" => match val.as_str() {
                    Some(s) => image_src(ctx, &kp, s),
                    None => type_err(ctx, &kp, "src", "string", val),
                },
                "alt-text" => str_value(ctx, &kp, "alt-text", val, 0),
                _ => ctx.emit_at(
                    C::InvalidPropertyKey,
                    Severity::Error,
                    &kp,
                    true,
                    format!("property `{k}` is not allowed in an image"),
                ),
            }
        }
        for r in ["src", "alt-text"] {
            if !o.fhas(r) {
                ctx.err(
                    C::MissingRequiredProperty,
                    &ip,
                    format!("required property `{r}` is missing in an image"),
                );
            }
        }
    }
}

/// The decoded size in bytes of base64 text (from its length: no decoding, no scan).
fn base64_decoded_len(s: &str) -> usize {
    let b = s.as_bytes();
    let pad = b.iter().rev().take(2).take_while(|&&c| c == b'=').count();
    (b.len() - pad) / 4 * 3 + ((b.len() - pad) % 4).saturating_sub(1)
}

/// Warns (errors in strict mode) when a static base64 image exceeds Meta's documented limit.
pub(crate) fn image_size<'a>(ctx: &mut Ctx<'a>, path: &Path<'a>, src: &str, max_kb: usize) {
    let n = base64_decoded_len(src);
    if n <= max_kb * 1024 || is_prop_dynamic(src, ctx.ver) {
        return;
    }
    let sev = if ctx.policy.image_limits_are_errors {
        Severity::Error
    } else {
        Severity::Warning
    };
    ctx.emit_at(
        C::WaflowsImageTooLarge,
        sev,
        path,
        false,
        format!(
            "the image is {} KB once decoded; Meta documents a limit of {max_kb} KB",
            n.div_ceil(1024)
        ),
    );
}

/// A PhotoPicker / DocumentPicker bound into a `complete` payload: at most 10 files and
/// 100 MiB in the payload.
pub(crate) fn complete_payload_limits<'a>(ctx: &mut Ctx<'a>, c: &CompInfo<'a>, p: &Path<'a>) {
    let max_key = if c.ty == T::PhotoPicker {
        "max-uploaded-photos"
    } else {
        "max-uploaded-documents"
    };
    let max = c.obj.get(max_key).and_then(Node::as_i64).unwrap_or(30);
    let size = c
        .obj
        .fget("max-file-size-kb")
        .and_then(Node::as_i64)
        .unwrap_or(25600);
    if max > 10 || max.saturating_mul(size) > 102_400 {
        ctx.err(
            C::InvalidOnClickActionPayload,
            p,
            format!(
                "a complete payload carries at most 10 files and 100 MiB; {} allows {max} files of up to {size} KB (lower `{max_key}` / `max-file-size-kb`)",
                c.ty
            ),
        );
    } else if max > 1 && ctx.policy.warn_picker_max_over_one_in_complete {
        ctx.warn(
            C::InvalidOnClickActionPayload,
            p,
            format!("older Meta documentation allows a {} in a complete payload only with `{max_key}` 1", c.ty),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::base64_decoded_len;
    use crate::flow_json::{Mode, Options, validate};

    /// The messages of a one-screen flow whose Form holds `inputs` and whose Footer completes
    /// with `payload`.
    fn messages(inputs: &str, payload: &str) -> Vec<String> {
        let doc = format!(
            r#"{{"version": "7.3", "screens": [{{"id": "A", "title": "A", "terminal": true,
              "layout": {{"type": "SingleColumnLayout", "children": [{{"type": "Form", "name": "f",
              "children": [{inputs}, {{"type": "Footer", "label": "Done",
              "on-click-action": {{"name": "complete", "payload": {payload}}}}}]}}]}}}}]}}"#
        );
        let opts = Options::default().with_mode(Mode::Everything);
        let report = validate(doc.as_bytes(), &opts).unwrap_or_default();
        report.issues().iter().map(|i| i.message.clone()).collect()
    }

    #[test]
    fn uploads_per_screen_and_per_complete_payload() {
        let photo =
            r#"{"type": "PhotoPicker", "name": "p", "label": "P", "max-uploaded-photos": 1}"#;
        let doc =
            r#"{"type": "DocumentPicker", "name": "d", "label": "D", "max-uploaded-documents": 1}"#;
        let together = "a screen can have at most 1 of PhotoPicker or DocumentPicker";
        let one_payload = "a complete payload on screen A may carry at most one PhotoPicker or DocumentPicker value";
        let both = messages(
            &format!("{photo}, {doc}"),
            r#"{"p": "${form.p}", "d": "${form.d}"}"#,
        );
        assert!(both.iter().any(|m| m == together), "{both:?}");
        assert!(both.iter().any(|m| m == one_payload), "{both:?}");
        let alone = messages(photo, r#"{"p": "${form.p}"}"#);
        assert!(
            !alone.iter().any(|m| m == together || m == one_payload),
            "{alone:?}"
        );
        // Two of one kind: that kind's own limit, not the shared one.
        let two = messages(
            &format!("{photo}, {}", photo.replace(r#""p""#, r#""q""#)),
            "{}",
        );
        assert!(
            two.iter()
                .any(|m| m == "the maximum number of PhotoPicker per screen is 1 but found 2"),
            "{two:?}"
        );
        assert!(!two.iter().any(|m| m == together), "{two:?}");
    }

    #[test]
    fn base64_sizes_come_from_the_length() {
        for (text, n) in [
            ("", 0),
            ("QQ==", 1),
            ("QUI=", 2),
            ("QUJD", 3),
            ("QUJDRA==", 4),
            ("QUJDREU=", 5),
            ("QUJDREVG", 6),
            ("QUJDREVGR", 6),
            ("=", 0),
        ] {
            assert_eq!(base64_decoded_len(text), n, "{text}");
        }
    }
}
