//! The `package` stage: the installers as a user gets them. Builds the `.deb` and `.rpm` with a
//! test profile (`acme`, on a loopback endpoint nothing listens on) baked in, checks their file
//! lists and metadata (`dpkg-deb -c/-f`, `rpm -qlp/-qip`), installs the `.deb` with `dpkg -i`,
//! starts the INSTALLED app headless and checks that it opened on the baked-in profile, takes a
//! screenshot (target/screenshots/installed-app.png; the app's log goes to
//! target/package/installed-app.log) and removes the package again, also when a
//! check fails. It refuses to run when Gatehouse is installed already: it would remove it.

use std::{
    path::{Path, PathBuf},
    process::Command,
    time::Duration,
};

use crate::{
    bundle::{self, PROFILE_RESOURCE},
    headless_app::{AppRun, Display, UI_READY},
    shell::{self, Failure},
    temp_dir::TempDir,
    workspace::Workspace,
};

/// The Debian/rpm package name and the binary (the crate's `[[bin]]`).
const PACKAGE: &str = "gatehouse";
/// `productName`: the .desktop file and the resource directory are named after it.
const PRODUCT: &str = "Gatehouse";
/// Where Tauri puts resources of a packaged Linux app (`/usr/lib/<productName>`).
const RESOURCE_DIR: &str = "usr/lib/Gatehouse";

const TEST_PROFILE: &str = r#"{
  "name": "acme",
  "region": "eu-west-1",
  "userPoolId": "eu-west-1_AcmeTest1",
  "clientId": "acmeinstallertest",
  "endpoint": "http://127.0.0.1:9"
}
"#;

pub fn run(ws: &Workspace) -> Result<(), Failure> {
    let scratch = TempDir::new("package")?;
    let profile = scratch.path().join("acme.json");
    std::fs::write(&profile, TEST_PROFILE)?;
    let bundles = bundle::build(ws, Some(&profile))?;
    let icons = expected_icon_dirs(&ws.root.join("icons"))?;
    check_deb(&bundles.deb, &icons, scratch.path())?;
    check_rpm(&bundles.rpm, &icons)?;
    install_and_start(ws, &bundles.deb)
}

/// `hicolor` directories the bundler makes from icons/*.png: `<w>x<h>`, `@2` for `@2x` files.
fn expected_icon_dirs(icons: &Path) -> Result<Vec<String>, Failure> {
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(icons)? {
        let path = entry?.path();
        if path.extension().is_none_or(|ext| ext != "png") {
            continue;
        }
        let (width, height) = png_size(&std::fs::read(&path)?)
            .ok_or_else(|| Failure::new(format!("{} is not a PNG", path.display())))?;
        let high_density = path.to_string_lossy().contains("@2x");
        let dir = format!("{width}x{height}{}", if high_density { "@2" } else { "" });
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs.sort();
    Ok(dirs)
}

/// Width and height from a PNG's IHDR chunk (bytes 16..24, big-endian).
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.get(..8)? != b"\x89PNG\r\n\x1a\n" || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let number = |at: usize| Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?));
    Some((number(16)?, number(20)?))
}

/// The paths every installer must hold (no leading `/` or `./`).
fn expected_files(icons: &[String]) -> Vec<String> {
    let mut files = vec![
        format!("usr/bin/{PACKAGE}"),
        format!("usr/share/applications/{PRODUCT}.desktop"),
        format!("{RESOURCE_DIR}/{PROFILE_RESOURCE}"),
    ];
    files.extend(
        icons
            .iter()
            .map(|dir| format!("usr/share/icons/hicolor/{dir}/apps/{PACKAGE}.png")),
    );
    files
}

fn check_deb(deb: &Path, icons: &[String], scratch: &Path) -> Result<(), Failure> {
    println!("xtask: checking {}", deb.display());
    let listing = output(Command::new("dpkg-deb").arg("-c").arg(deb))?;
    let listed: Vec<&str> = listing
        .lines()
        .filter_map(|line| line.split_whitespace().last())
        .map(|path| path.trim_start_matches("./"))
        .collect();
    let mut wanted = expected_files(icons);
    wanted.push(format!("usr/share/doc/{PACKAGE}/copyright"));
    require_all("the .deb", &wanted, &listed)?;

    let fields = output(Command::new("dpkg-deb").arg("-f").arg(deb).args([
        "Package",
        "Version",
        "Depends",
        "Description",
    ]))?;
    for wanted in [
        format!("Package: {PACKAGE}"),
        "Version: 0.1.0".into(),
        "libwebkit2gtk-4.1-0".into(),
    ] {
        if !fields.contains(&wanted) {
            return Err(Failure::new(format!(
                "the .deb's control fields lack {wanted:?}:\n{fields}"
            )));
        }
    }

    // The contents of the files that matter, from the package itself.
    let tree = scratch.join("deb");
    shell::run(Command::new("dpkg-deb").arg("-x").arg(deb).arg(&tree))?;
    let read = |path: &str| std::fs::read_to_string(tree.join(path)).unwrap_or_default();
    let desktop = read(&format!("usr/share/applications/{PRODUCT}.desktop"));
    for line in [
        format!("Exec={PACKAGE}"),
        format!("Icon={PACKAGE}"),
        format!("Name={PRODUCT}"),
    ] {
        if !desktop.lines().any(|l| l == line) {
            return Err(Failure::new(format!(
                "the .desktop entry has no line {line:?}:\n{desktop}"
            )));
        }
    }
    if read(&format!("{RESOURCE_DIR}/{PROFILE_RESOURCE}")) != TEST_PROFILE {
        return Err(Failure::new("the baked-in profile is not the file given"));
    }
    if !read(&format!("usr/share/doc/{PACKAGE}/copyright")).contains("MIT License") {
        return Err(Failure::new(
            "the .deb's copyright file is not the MIT licence",
        ));
    }
    println!(
        "xtask: the .deb holds {} checked files, its control fields and .desktop entry are right",
        wanted.len()
    );
    Ok(())
}

fn check_rpm(rpm: &Path, icons: &[String]) -> Result<(), Failure> {
    println!("xtask: checking {}", rpm.display());
    let listing = output(Command::new("rpm").arg("-qlp").arg(rpm))?;
    let listed: Vec<&str> = listing
        .lines()
        .map(|path| path.trim_start_matches('/'))
        .collect();
    let mut wanted = expected_files(icons);
    wanted.push(format!("usr/share/licenses/{PACKAGE}/LICENSE"));
    require_all("the .rpm", &wanted, &listed)?;

    let info = output(Command::new("rpm").arg("-qip").arg(rpm))?;
    let field = |name: &str| {
        info.lines()
            .find_map(|line| line.split_once(':').filter(|(key, _)| key.trim() == name))
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    };
    for (name, wanted) in [("Name", PACKAGE), ("Version", "0.1.0"), ("License", "MIT")] {
        if field(name) != wanted {
            return Err(Failure::new(format!(
                "the .rpm's {name} is {:?}, not {wanted:?}:\n{info}",
                field(name)
            )));
        }
    }
    println!(
        "xtask: the .rpm holds {} checked files, its name, version and licence are right",
        wanted.len()
    );
    Ok(())
}

fn require_all(what: &str, wanted: &[String], listed: &[&str]) -> Result<(), Failure> {
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|path| !listed.contains(&path.as_str()))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Failure::new(format!(
            "{what} lacks {missing:?}; it holds:\n{}",
            listed.join("\n")
        )))
    }
}

/// `dpkg -i`, start the installed app, check and photograph it, `dpkg -r` whatever happened.
fn install_and_start(ws: &Workspace, deb: &Path) -> Result<(), Failure> {
    if installed() {
        return Err(Failure::new(format!(
            "the {PACKAGE} package is installed on this machine already; the stage would remove it \
             (`dpkg -r {PACKAGE}` first if that is fine)"
        )));
    }
    let installation = Installation::install(deb)?;
    let display = Display::start()?;
    // Not in target/e2e, which the e2e stage empties when it starts.
    let logs = ws.root.join("target/package");
    std::fs::create_dir_all(&logs)?;
    let log = logs.join("installed-app.log");
    let mut app = AppRun::start(&installation.binary, &[], &display, log)?;
    let ready = app.wait_for(UI_READY, Duration::from_secs(60))?;
    let text = app.log_text();
    let started_on = text
        .lines()
        .find(|line| line.contains(" starting "))
        .unwrap_or_default();
    if !started_on.contains("profile=acme") {
        return Err(Failure::new(format!(
            "the installed app did not open on the baked-in profile: {started_on:?}"
        )));
    }
    if !text.contains(&format!("/{RESOURCE_DIR}/{PROFILE_RESOURCE}")) {
        return Err(Failure::new(
            "the installed app did not log importing its baked-in profile from /usr/lib",
        ));
    }
    let saved = app
        .home()
        .join(".local/share/dev.gatehouse.app/profiles.json");
    let saved = std::fs::read_to_string(&saved).unwrap_or_default();
    if !saved.contains("\"eu-west-1_AcmeTest1\"") {
        return Err(Failure::new(format!(
            "the data directory's profiles.json lacks the baked-in profile: {saved}"
        )));
    }
    // Let the first screen paint after the mount before taking its picture.
    std::thread::sleep(Duration::from_secs(2));
    let screenshot = ws.screenshots().join("installed-app.png");
    display.screenshot(&screenshot)?;
    println!(
        "xtask: the installed app opened on `acme` (UI ready {} ms after launch); screenshot {}",
        ready.as_millis(),
        screenshot.display()
    );
    drop(app);
    installation.remove()
}

fn installed() -> bool {
    shell::ask(Command::new("dpkg-query").args(["-W", "-f=${Status}", PACKAGE]))
        .is_some_and(|output| String::from_utf8_lossy(&output.stdout).ends_with(" installed"))
}

/// The installed package; removed on drop when [`Installation::remove`] was not reached.
struct Installation {
    binary: PathBuf,
    removed: bool,
}

impl Installation {
    fn install(deb: &Path) -> Result<Self, Failure> {
        let mut dpkg = Command::new("dpkg");
        dpkg.arg("-i")
            .arg(deb)
            .env("DEBIAN_FRONTEND", "noninteractive");
        let installation = Self {
            binary: PathBuf::from(format!("/usr/bin/{PACKAGE}")),
            removed: false,
        };
        // Even a failed `dpkg -i` can leave the package half-installed: removed on drop.
        shell::run(&mut dpkg)?;
        Ok(installation)
    }

    fn remove(mut self) -> Result<(), Failure> {
        self.removed = true;
        shell::run(Command::new("dpkg").args(["-r", PACKAGE]))
    }
}

impl Drop for Installation {
    fn drop(&mut self) {
        if !self.removed {
            let _ = shell::run(Command::new("dpkg").args(["-r", PACKAGE]));
        }
    }
}

fn output(command: &mut Command) -> Result<String, Failure> {
    let line = shell::describe(command);
    println!("xtask: $ {line}");
    let result = command
        .output()
        .map_err(|error| Failure::new(format!("could not start `{line}`: {error}")))?;
    if !result.status.success() {
        return Err(Failure::new(format!(
            "`{line}` failed ({}): {}",
            result.status,
            String::from_utf8_lossy(&result.stderr)
        )));
    }
    Ok(String::from_utf8_lossy(&result.stdout).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_sizes_come_from_the_header_and_others_are_refused() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend(256u32.to_be_bytes());
        png.extend(128u32.to_be_bytes());
        assert_eq!(png_size(&png), Some((256, 128)));
        assert_eq!(png_size(b"GIF89a"), None);
    }

    #[test]
    fn every_icon_in_the_repository_is_expected_in_the_installers() {
        let icons = Path::new(env!("CARGO_MANIFEST_DIR")).join("../icons");
        let dirs = expected_icon_dirs(&icons).unwrap();
        assert!(dirs.contains(&"32x32".to_owned()), "{dirs:?}");
        assert!(dirs.contains(&"256x256@2".to_owned()), "{dirs:?}");
    }
}
