// Keeps a release build on Windows from opening a console next to the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `gatehouse doctor ...` is a command-line tool; anything else starts the app. (On Windows the
    // release binary has no console of its own: redirect its output, `gatehouse doctor > out.txt`.)
    if let Some(("doctor", rest)) = args
        .split_first()
        .map(|(first, rest)| (first.as_str(), rest))
    {
        return gatehouse_app::doctor(rest);
    }
    gatehouse_app::run();
    ExitCode::SUCCESS
}
