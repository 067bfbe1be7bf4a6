//! Prints `include/waflows_catalogue.h`, the C enums rendered from the Rust catalogues
//! (`make header` runs it; `make check-header` and a unit test check the committed file).
#![allow(clippy::print_stdout)] // the header goes to stdout

fn main() {
    print!("{}", waflows::ffi::c_header());
}
