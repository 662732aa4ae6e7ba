//! A fake credential helper written to a temporary directory, for tests.

use std::ffi::OsStr;

use super::{ConfigFile, CredentialHelper, CredentialStore, Env, HELPER_PREFIX};

/// A fake helper: logs `verb|stdin` lines to `calls.log` beside itself and answers from fixed data.
const FAKE_HELPER: &str = r#"#!/bin/bash
verb="$1"
input="$(cat)"
here="$(dirname "$0")"
printf '%s|%s\n' "$verb" "$input" >> "$here/calls.log"
case "$verb" in
  get)
case "$input" in
  "https://index.docker.io/v1/") echo '{"ServerURL":"https://index.docker.io/v1/","Username":"hubuser","Secret":"hub-SECRET"}' ;;
  "tok.example.com") echo '{"ServerURL":"tok.example.com","Username":"<token>","Secret":"token-SECRET"}' ;;
  "empty.example.com") echo '{"ServerURL":"empty.example.com","Username":"","Secret":""}' ;;
  "garbage.example.com") echo 'this is not json but has garbage-SECRET in it' ;;
  "broken.example.com") echo "keychain is locked"; exit 1 ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac ;;
  store) ;;
  erase)
if [ "$input" = "missing.example.com" ]; then echo "credentials not found in native keychain"; exit 1; fi ;;
  list) echo '{"https://index.docker.io/v1/":"hubuser","tok.example.com":"<token>"}' ;;
  version) echo "docker-credential-fake (test) v0.1" ;;
  *) echo "unknown verb"; exit 1 ;;
esac
"#;

pub(crate) struct Fixture {
    pub(crate) dir: tempfile::TempDir,
}

impl Fixture {
    pub(crate) fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Fixture { dir };
        fixture.write_helper("fake", FAKE_HELPER);
        fixture
    }

    pub(crate) fn write_helper(&self, name: &str, script: &str) {
        let path = self.dir.path().join(format!("{HELPER_PREFIX}{name}"));
        std::fs::write(&path, script).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }

    pub(crate) fn path(&self) -> &OsStr {
        self.dir.path().as_os_str()
    }

    pub(crate) fn helper(&self) -> CredentialHelper {
        CredentialHelper::find("fake", Some(self.path())).unwrap()
    }

    pub(crate) fn calls(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("calls.log"))
            .unwrap_or_default()
            .lines()
            .map(str::to_string)
            .collect()
    }

    pub(crate) fn store(&self, config: &str) -> CredentialStore {
        let env = Env::from_pairs([("PATH", self.dir.path().to_string_lossy().into_owned())]);
        CredentialStore::with_env(ConfigFile::parse(config).unwrap(), &env).unwrap()
    }
}
