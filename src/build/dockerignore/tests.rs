use super::*;

/// `(dockerignore text, path, excluded?)` for `matches_or_parent_matches`. Cases marked "CLI" were also
/// checked against `docker build` (v28) by archiving a tree that holds the path.
const MATCH_CASES: &[(&str, &str, bool)] = &[
    // Anchoring: no implicit `**/`.
    ("foo", "foo", true),
    ("foo", "bar/foo", false), // CLI
    ("foo", "foo/bar", true),  // a directory match covers its children
    ("foo", "foobar", false),
    ("foo/bar", "foo/bar/baz", true),
    // `*` and `?` never cross `/`.
    ("*.log", "a.log", true),
    ("*.log", "sub/a.log", false), // CLI
    ("*/*.log", "sub/a.log", true),
    ("*/*.log", "a/b/c.log", false),
    ("*", "anything/below", true),
    ("?.txt", "a.txt", true),
    ("?.txt", "ab.txt", false),
    ("??", "ab", true),
    ("??", "a/", false),
    ("a?b", "a/b", false),
    // `**`.
    ("**", "x", true), // CLI
    ("**", "a/b/c", true),
    ("**/foo", "foo", true),         // CLI: matches at the root too
    ("**/foo", "bar/foo", true),     // CLI
    ("**/foo", "bar/baz/foo", true), // CLI
    ("**/foo", "xfoo", false),
    ("**/foo", "foo/x", true),
    ("dir/**", "dir", false), // CLI: not the directory itself
    ("dir/**", "dir/x", true),
    ("dir/**", "dir/x/y", true),
    ("dir**", "dirx", true),   // a prefix test
    ("**file", "xfile", true), // CLI: a suffix test, not `(.*/)?file`
    ("**file", "a/bfile", true),
    ("a**b", "ab", true),      // CLI
    ("a**b", "ax/b", true),    // CLI
    ("a**b", "axb", false),    // CLI
    ("a/**/b", "a/b", true),   // CLI
    ("a/**/b", "a/x/b", true), // CLI
    ("a/**/b", "a/x/y/b", true),
    ("a/**/b", "ab", false),
    ("**/*.log", "a.log", true),           // CLI
    ("**/*.log", "x/y/a.log", true),       // CLI
    ("**/**/foo", "foo", true),            // CLI
    ("docs/*/**", "docs/keep/y.md", true), // CLI
    ("docs/*/**", "docs/x.md", false),     // CLI
    ("**/", "anything", true),             // cleaned to `**`
    // Reading: comments only at column 0, `!` with spaces, leading `/`, cleaning.
    ("#foo\nfoo2", "foo", false),
    ("  #b.log", "#b.log", true),               // CLI: not a comment
    ("foo # trailing", "foo # trailing", true), // CLI
    ("/foo", "foo", true),                      // CLI
    ("/bar/foo", "bar/foo", true),              // CLI
    ("x/../foo", "foo", true),                  // CLI
    ("sub/./deep//", "sub/deep/e", true),       // CLI
    ("sub/", "sub/x", true),                    // CLI: trailing slash dropped
    ("\u{feff}*.log", "a.log", true),           // CLI: byte-order mark dropped
    ("*.log\r\n", "a.log", true),               // CLI: CRLF
    // Exceptions and ordering: last match wins.
    ("*.log\n!keep.log", "keep.log", false),       // CLI
    ("*.log\n!   keep.log   ", "keep.log", false), // CLI
    ("*.log\n!keep.log", "b.log", true),
    ("!a.txt\n*.txt", "a.txt", true), // CLI: the later pattern wins
    ("docs\n!docs/keep", "docs/keep/z/w.md", false), // CLI
    ("docs\n!docs/keep", "docs/x.md", true), // CLI
    ("sub\n!sub/d.txt\nsub/d.txt", "sub/d.txt", true), // CLI
    ("a\n!a/x/b", "a/x/b", false),    // CLI
    ("a\n!a/x/b", "a/x/c", true),
    // The uncached function tries parent directories for every pattern it evaluates.
    ("a\n!a/b\na", "a/b", true),
    // Character classes (Go semantics: `^` negates, `!` is a member), escapes, regex metacharacters.
    ("[a-b].txt", "a.txt", true),     // CLI
    ("[a-b].txt", "c.txt", false),    // CLI
    ("[^k]*.log", "b.log", true),     // CLI
    ("[^k]*.log", "keep.log", false), // CLI
    ("[!a].txt", "!.txt", true),      // CLI
    ("[!a].txt", "a.txt", true),      // CLI
    ("[!a].txt", "c.txt", false),     // CLI
    ("[[:digit:]]*", "1a", true),     // CLI
    ("[[:digit:]]*", "a1", false),    // CLI
    ("a[/]b", "a/b", true),           // CLI: a class can match `/`
    ("\\*.txt", "*.txt", true),       // CLI
    ("\\*.txt", "a.txt", false),      // CLI
    ("foo\\.bar", "foo.bar", true),   // CLI
    ("foo\\.bar", "fooxbar", false),  // CLI
    ("\\[x\\]", "[x]", true),         // CLI
    ("foo\\d", "foo1", true),         // CLI: the escape reaches Go's regexp
    ("foo\\d", "food", false),        // CLI
    ("foo.bar", "fooxbar", false),    // CLI
    ("(x)|{y}+$", "(x)|{y}+$", true), // CLI
    ("a^b", "a^b", true),             // CLI: exact-match fast path
    ("*^c", "x^c", false),            // CLI: in a regexp `^` is an anchor
    ("[*]", "]", true),               // CLI: Go reads `[[^/]*]` as a class of `[^/` then `]`
    ("[*]", "^]", true),              // CLI
    ("[*]", "x", false),              // CLI
    ("x[?]", "x^]", true),            // CLI
    ("x[?]", "xa", false),            // CLI
    ("\\Qa.txt", "a.txt", false),     // CLI: `\Q` quotes the rest, backslashes included
    // Case sensitivity.
    ("readme.md", "README.md", false), // CLI
    ("readme.md", "readme.md", true),  // CLI
    // Unicode.
    ("é*\n!éclair", "été", true),     // CLI
    ("é*\n!éclair", "éclair", false), // CLI
    ("?", "é", true),
];

#[test]
fn match_table() {
    let mut failures = Vec::new();
    for &(text, path, want) in MATCH_CASES {
        let ignore = DockerIgnore::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        if ignore.matches_or_parent_matches(path) != want {
            failures.push(format!("{text:?} on {path:?}: want excluded={want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cached_walk_variant_agrees_except_in_its_documented_corner() {
    // Walk every case's path from the root down, handing each directory's result to its entries.
    for &(text, path, want) in MATCH_CASES {
        if text == "a\n!a/b\na" {
            continue;
        }
        let ignore = DockerIgnore::parse(text).unwrap();
        let mut info = ParentMatches::default();
        let mut prefix = String::new();
        let mut result = false;
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let (excluded, next) = ignore.matches_using_parent(&prefix, &info);
            result = excluded;
            info = next;
        }
        assert_eq!(result, want, "{text:?} on {path:?}");
    }
    // The corner: `a` matched the directory, but the third pattern was skipped there (the path was
    // already excluded), so for `a/b` it is tried against `a/b` alone. The CLI's archive includes `a/b`.
    let ignore = DockerIgnore::parse("a\n!a/b\na").unwrap();
    let (dir_excluded, info) = ignore.matches_using_parent("a", &ParentMatches::default());
    assert!(dir_excluded);
    assert!(!ignore.matches_using_parent("a/b", &info).0);
    assert!(ignore.matches_or_parent_matches("a/b"));
}

#[test]
fn read_lines_table() {
    let cases: &[(&str, &[&str])] = &[
        ("", &[]),
        ("\n\n  \n\t\n", &[]),
        ("#c\n#\n", &[]),
        (" #c", &["#c"]),
        ("a\r\nb\r\n", &["a", "b"]),
        ("\u{feff}a", &["a"]),
        ("a\n\u{feff}b", &["a", "\u{feff}b"]),
        ("! a", &["!a"]),
        ("!", &["!"]),
        ("! ", &["!"]),
        ("!/", &["!/"]),
        ("/", &["/"]),
        ("//", &["/"]),
        ("/a/", &["a"]),
        ("!/a", &["!a"]),
        ("./a", &["a"]),
        ("a/../../b", &["../b"]),
        ("/../a", &["a"]),
        ("a/./b//c/", &["a/b/c"]),
        (".", &["."]),
        ("\u{a0}a\u{a0}", &["a"]),
        ("!!a", &["!!a"]),
    ];
    for &(text, want) in cases {
        assert_eq!(DockerIgnore::read_lines(text), want, "{text:?}");
    }
}

#[test]
fn from_patterns_keeps_a_leading_slash() {
    let ignore = DockerIgnore::from_patterns(["/foo", "  bar/  ", "", "!x/../y"]).unwrap();
    assert_eq!(ignore.patterns().collect::<Vec<_>>(), ["/foo", "bar", "y"]);
    assert!(!ignore.matches_or_parent_matches("foo"));
    assert!(ignore.matches_or_parent_matches("bar/z"));
    // Cleaning the whole text swallowed the `!` with the `x` element, as in the CLI.
    assert!(ignore.matches_or_parent_matches("y"));
}

#[test]
fn errors_name_the_pattern() {
    let e = DockerIgnore::parse("ok\n!\n").unwrap_err();
    assert!(matches!(e, Error::InvalidArgument(_)));
    assert!(
        e.to_string().contains(r#"illegal exclusion pattern: "!""#),
        "{e}"
    );

    for bad in ["[", "a[b", "[]", "[a-]", "x\\", "[z-a]", "foo\\y", "caf\\é"] {
        let e = DockerIgnore::from_patterns([bad]).unwrap_err();
        assert!(matches!(e, Error::InvalidArgument(_)), "{bad:?}");
        assert!(e.to_string().contains(&format!("{bad:?}")), "{bad:?}: {e}");
    }
    let mut ignore = DockerIgnore::from_patterns(["a"]).unwrap();
    assert!(ignore.push("[").is_err());
    assert_eq!(ignore.len(), 1);
}

#[test]
fn must_descend_is_a_text_prefix_test() {
    let ignore = DockerIgnore::parse("*\n!foo/keep\n!*/other\n!a/b/c\n!x").unwrap();
    assert!(ignore.must_descend("foo"));
    assert!(ignore.must_descend("a"));
    assert!(ignore.must_descend("a/b"));
    assert!(!ignore.must_descend("a/c"));
    assert!(!ignore.must_descend("bar"));
    assert!(ignore.must_descend("x"));
    assert!(!ignore.must_descend("fo"));
    // `!*/other` names the directory `*`, literally.
    assert!(ignore.must_descend("*"));
    let no_exceptions = DockerIgnore::parse("*").unwrap();
    assert!(!no_exceptions.has_exceptions());
    assert!(!no_exceptions.must_descend("foo"));
}

#[test]
fn legacy_matches_only_tries_the_parent_at_the_patterns_depth() {
    let ignore = DockerIgnore::parse("**/sub").unwrap();
    assert!(ignore.matches_or_parent_matches("sub/Dockerfile"));
    assert!(!ignore.legacy_matches("sub/Dockerfile"));
    let ignore = DockerIgnore::parse("sub").unwrap();
    assert!(ignore.legacy_matches("sub/Dockerfile"));
    assert!(ignore.legacy_matches("sub/x/Dockerfile"));
    assert!(!ignore.legacy_matches("."));
}

#[test]
fn is_excluded_cleans_and_spares_the_root() {
    let ignore = DockerIgnore::parse("*\n").unwrap();
    assert!(!ignore.is_excluded("."));
    assert!(!ignore.is_excluded(""));
    assert!(!ignore.is_excluded("a/.."));
    assert!(ignore.is_excluded("./a"));
}

#[test]
fn display_round_trips() {
    let ignore = DockerIgnore::parse("/a\n! b\n**/c").unwrap();
    let again: DockerIgnore = ignore.to_string().parse().unwrap();
    assert_eq!(again.patterns().collect::<Vec<_>>(), ["a", "!b", "**/c"]);
    assert_eq!(format!("{ignore:?}"), r#"["a", "!b", "**/c"]"#);
    assert!(DockerIgnore::default().is_empty());
}
