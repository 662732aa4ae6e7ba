//! Turning spec names into Rust identifiers.
//!
//! All functions here are pure and deterministic; the unit tests below pin the
//! conversions that matter for the public API (field and type names).

/// Rust keywords (strict and reserved) that cannot be used as plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Splits a spec name into words.
///
/// Rules, applied in order:
/// - any character that is not ASCII alphanumeric separates words (`os.version`, `json-file`);
/// - a lowercase letter or digit followed by an uppercase letter starts a new word (`CpuShares`);
/// - an uppercase run followed by lowercase letters gives its last capital to the next word
///   (`IPAddress` → `IP` `Address`), except when the lowercase tail is an acronym suffix:
///   a plural `s` (`ExecIDs`, `NanoCPUs`, `IPsInUse`), `ps` (`IOps`) or `v` plus digits (`IPv6`),
///   which stays with the run. The exceptions apply to runs of two or more capitals only, so
///   `AsUser` is still `As` `User`.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !chunk.is_empty() {
            split_chunk(chunk, &mut out);
        }
    }
    out
}

fn split_chunk(chunk: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = chunk.chars().collect();
    let mut cur = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_uppercase() {
            // Uppercase run starting at i.
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_uppercase() {
                j += 1;
            }
            let run: String = chars[i..j].iter().collect();
            // Lowercase tail after the run.
            let mut k = j;
            while k < chars.len() && chars[k].is_ascii_lowercase() {
                k += 1;
            }
            let tail: String = chars[j..k].iter().collect();
            let tail_then_digit = k < chars.len() && chars[k].is_ascii_digit();
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if tail.is_empty() {
                // Run ends the chunk or is followed by a digit: `NCPU`, `V0`.
                cur.push_str(&run);
                i = j;
            } else if run.len() >= 2 && (tail == "s" || tail == "ps") && !tail_then_digit {
                cur.push_str(&run);
                cur.push_str(&tail);
                out.push(std::mem::take(&mut cur));
                i = k;
            } else if run.len() >= 2 && tail == "v" && tail_then_digit {
                cur.push_str(&run);
                cur.push('v');
                i = k;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    cur.push(chars[i]);
                    i += 1;
                }
                out.push(std::mem::take(&mut cur));
            } else if run.len() >= 2 {
                out.push(run[..run.len() - 1].to_string());
                cur.push(chars[j - 1]);
                i = j;
            } else {
                cur.push(c);
                i += 1;
            }
        } else {
            cur.push(c);
            i += 1;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}

/// `snake_case` field name; keywords get a trailing underscore (`type` → `type_`).
pub fn snake(name: &str) -> String {
    let mut s = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if s.is_empty() {
        s.push_str("field");
    }
    if s.as_bytes()[0].is_ascii_digit() {
        s.insert(0, '_');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `PascalCase` type or variant name piece. A name that already is a valid Pascal identifier
/// (ASCII alphanumeric, starting with a capital) is kept verbatim, so spec definitions keep
/// their names (`IPAM`, `IDResponse`, `ContainerCPUStats`). Anything else is split into words
/// whose first letters are capitalised (`os_type` → `OsType`, `json-file` → `JsonFile`).
pub fn pascal(name: &str) -> String {
    if is_pascal_ident(name) {
        return name.to_string();
    }
    let mut s = String::new();
    for w in words(name) {
        let mut cs = w.chars();
        if let Some(f) = cs.next() {
            s.push(f.to_ascii_uppercase());
            s.extend(cs);
        }
    }
    s
}

fn is_pascal_ident(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Enum variant for a string enum value: `""` → `Empty`, `json-file` → `JsonFile`,
/// `1` → `V1`, and `Other` (the catch-all) → `OtherValue`.
pub fn variant(value: &str) -> String {
    if value.is_empty() {
        return "Empty".to_string();
    }
    let mut s = pascal(value);
    if s.is_empty() {
        s = "Value".to_string();
    }
    if s.as_bytes()[0].is_ascii_digit() {
        s.insert(0, 'V');
    }
    if s == "Other" || s == "Self" {
        s.push_str("Value");
    }
    s
}

/// Makes `name` unique among `taken` by appending `2`, `3`, … ; returns the chosen name.
pub fn unique(name: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    if taken.insert(name.to_string()) {
        return name.to_string();
    }
    let mut n = 2;
    loop {
        let candidate = format!("{name}{n}");
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_handles_acronyms() {
        let cases = [
            ("NetworkSettings", "network_settings"),
            ("IPAddress", "ip_address"),
            ("CpuShares", "cpu_shares"),
            ("OomKillDisable", "oom_kill_disable"),
            ("GlobalIPv6Address", "global_ipv6_address"),
            ("IPv4Forwarding", "ipv4_forwarding"),
            ("EnableIPv6", "enable_ipv6"),
            ("ExecIDs", "exec_ids"),
            ("NanoCPUs", "nano_cpus"),
            ("IPsInUse", "ips_in_use"),
            ("InsecureRegistryCIDRs", "insecure_registry_cidrs"),
            ("IOMaximumIOps", "io_maximum_iops"),
            ("BlkioDeviceReadIOps", "blkio_device_read_iops"),
            ("DNSNames", "dns_names"),
            ("NEventsListener", "n_events_listener"),
            ("NCPU", "ncpu"),
            ("NFd", "n_fd"),
            ("OOMKilled", "oom_killed"),
            ("ID", "id"),
            ("Id", "id"),
            ("os.version", "os_version"),
            ("cpu_stats", "cpu_stats"),
            ("timeNano", "time_nano"),
            ("AsUser", "as_user"),
            ("type", "type_"),
            ("Type", "type_"),
            ("ref", "ref_"),
        ];
        for (input, want) in cases {
            assert_eq!(snake(input), want, "snake({input:?})");
        }
    }

    #[test]
    fn pascal_keeps_spec_names() {
        assert_eq!(pascal("IPAM"), "IPAM");
        assert_eq!(pascal("ContainerCPUStats"), "ContainerCPUStats");
        assert_eq!(pascal("os_type"), "OsType");
        assert_eq!(pascal("cpu_stats"), "CpuStats");
        assert_eq!(pascal("scope"), "Scope");
    }

    #[test]
    fn variants() {
        assert_eq!(variant(""), "Empty");
        assert_eq!(variant("json-file"), "JsonFile");
        assert_eq!(variant("source.git.checkout"), "SourceGitCheckout");
        assert_eq!(variant("moby.plugins.http/v1"), "MobyPluginsHttpV1");
        assert_eq!(variant("bundle-v0.3"), "BundleV03");
        assert_eq!(variant("1"), "V1");
        assert_eq!(variant("other"), "OtherValue");
        assert_eq!(variant("TimestampAuthority"), "TimestampAuthority");
    }

    #[test]
    fn unique_appends_numbers() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(unique("A", &mut taken), "A");
        assert_eq!(unique("A", &mut taken), "A2");
        assert_eq!(unique("A", &mut taken), "A3");
    }
}
