//! The committed C header agrees with Cargo.toml and the error catalogue.
use waflows::ErrorCode;

fn read(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("include")
            .join(name),
    )
    .unwrap()
}

/// `waflows.h` and the catalogue header it includes.
fn header() -> String {
    let h = read("waflows.h");
    assert!(h.contains("#include \"waflows_catalogue.h\""));
    h + &read("waflows_catalogue.h")
}

#[test]
fn version_macros_match_cargo_toml() {
    let h = header();
    let mut parts = env!("CARGO_PKG_VERSION").split('.');
    for name in ["MAJOR", "MINOR", "PATCH"] {
        let want = format!("#define WAFLOWS_VERSION_{name} {}", parts.next().unwrap());
        assert!(
            h.contains(&want),
            "include/waflows.h lacks `{want}` (update cbindgen.toml, then `make header`)"
        );
    }
}

#[test]
fn every_error_code_is_in_the_header() {
    let h = header();
    for c in ErrorCode::ALL {
        let name = format!(
            "WAFLOWS_RESULT_{} = {},",
            c.as_str().to_uppercase(),
            *c as u32
        );
        assert!(
            h.contains(&name),
            "include/waflows.h lacks `{name}` (run `make header`)"
        );
    }
}

#[test]
fn every_macro_is_prefixed() {
    for line in header().lines().filter(|l| l.starts_with("#define ")) {
        let name = line.split_whitespace().nth(1).unwrap();
        assert!(
            name.starts_with("WAFLOWS_"),
            "unprefixed C macro {name}: add it to [export] exclude in cbindgen.toml"
        );
    }
}
